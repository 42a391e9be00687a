// Electron main process entry (package.json "main": dist/main/main.js). All logic lives in
// shell.ts and its helpers, which take the electron module as a parameter.
import electron from 'electron';
import { runShell } from './shell.js';

process.on('SIGTERM', () => electron.app.quit());
process.on('SIGINT', () => electron.app.quit());

runShell(electron).catch((e: unknown) => {
  console.error(`The kiosk shell failed: ${(e as Error).stack ?? String(e)}`);
  electron.app.exit(1);
});
