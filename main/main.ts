// Electron main process entry (package.json "main": dist/main/main.js). All logic lives in
// shell.ts and its helpers, which take the electron module as a parameter.
import { existsSync } from 'node:fs';
import { app, BrowserWindow, dialog, Menu, session } from 'electron';
import { useSqliteNativeBinding } from '../src/db/open.js';
import { electronSqliteBinding } from './native-sqlite.js';
import { runShell } from './shell.js';

useSqliteNativeBinding(electronSqliteBinding(process.env, existsSync));
process.on('SIGTERM', () => app.quit());
process.on('SIGINT', () => app.quit());

runShell({ app, BrowserWindow, Menu, dialog, session }).catch((e: unknown) => {
  console.error(`The kiosk shell failed: ${(e as Error).stack ?? String(e)}`);
  app.exit(1);
});
