// Electron main process entry (package.json "main": dist/main/main.js). All logic lives in
// shell.ts and its helpers, which take the electron module as a parameter.
import { existsSync } from 'node:fs';
import { app, BrowserWindow, dialog, Menu, powerSaveBlocker, session } from 'electron';
import { useSqliteNativeBinding } from '../src/db/open.js';
import { exitOnMainCrash } from './lockdown.js';
import { waitOutCrashLoop } from './relaunch-backoff.js';
import { electronSqliteBinding } from './native-sqlite.js';
import { runShell } from './shell.js';

useSqliteNativeBinding(electronSqliteBinding(process.env, existsSync));
exitOnMainCrash(process, app, { info: () => {}, warn: () => {}, error: (event, fields) => console.error(`kiosk shell: ${event} ${JSON.stringify(fields ?? {})}`) });
process.on('SIGTERM', () => app.quit());
process.on('SIGINT', () => app.quit());

// A shell that keeps crashing waits longer before each restart (main/relaunch-backoff.ts).
waitOutCrashLoop(app.getPath('userData'), (m) => console.error(`kiosk shell: ${m}`))
  .then(() => runShell({ app, BrowserWindow, Menu, dialog, session, powerSaveBlocker }))
  .catch((e: unknown) => {
    console.error(`The kiosk shell failed: ${(e as Error).stack ?? String(e)}`);
    app.exit(1);
  });
