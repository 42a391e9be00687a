// `npm start`: the Electron shell when Electron's binary is installed; otherwise one line
// saying so, then the browser shell (the runtime here, plus a kiosk-mode Chromium if one is
// installed and can open a window, else the URL to open).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRoot } from '../app-paths.js';
import { startServedRuntime } from './browser-shell.js';
import { prepareElectronSqlite } from './electron-sqlite.js';
import { chromiumArgs, detectElectron, displayProblem, fallbackMessage, findChromium, launchChromium, launchPageHtml } from './launch.js';
import { runUntilSignalled } from './lifecycle.js';

const require = createRequire(import.meta.url);

function runElectron(binary: string, sqliteBinding: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, KIOSK_ELECTRON_SQLITE_BINDING: sqliteBinding };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [appRoot, ...process.argv.slice(2)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.once('error', (e) => {
    console.error(`Electron could not be started (${e.message}).`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

async function runBrowserShell(): Promise<void> {
  const runtime = await startServedRuntime();
  const url = runtime.url;
  // Where a person should go: a fresh one-time launch link (the plain URL gets no session).
  const link = () => runtime.launchUrl();
  let stopBrowser = () => {};
  const chromium = findChromium(process.env, existsSync);
  const noDisplay = displayProblem(process.env, process.platform);
  if (!chromium.found) {
    console.log(`${chromium.reason[0]!.toUpperCase()}${chromium.reason.slice(1)}: open ${link()} in a browser in kiosk mode.`);
  } else if (noDisplay) {
    console.log(`Chromium is installed but ${noDisplay}: open ${link()} in a browser in kiosk mode.`);
  } else {
    const page = path.join(runtime.config.dataDir, 'launch.html');
    writeFileSync(page, launchPageHtml(link()), { mode: 0o600 });
    chmodSync(page, 0o600);
    const launch = await launchChromium(chromium.path, chromiumArgs(pathToFileURL(page).href, runtime.config.dataDir, process.getuid?.() === 0));
    if (launch.started) {
      console.log(`Chromium is showing the kiosk in kiosk mode (${chromium.path}).`);
      stopBrowser = launch.stop;
      launch.onExit((code) => console.log(`Chromium closed (code ${code}); the kiosk keeps running at ${url}`));
    } else {
      console.log(`Chromium could not start (${launch.reason}): open ${link()} in a browser in kiosk mode.`);
    }
  }
  runUntilSignalled(async () => {
    stopBrowser();
    await runtime.stop();
  });
}

const electron = detectElectron(() => require('electron'), existsSync);
if (electron.installed) {
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const sqlite = await prepareElectronSqlite({
    projectRoot: appRoot,
    electronVersion,
    rebuild: async (req) => {
      const { rebuild } = await import('@electron/rebuild');
      await rebuild(req);
    },
    onBuild: () => console.log(`Preparing SQLite for Electron ${electronVersion} (first start only; this can take a minute)...`),
  });
  if (sqlite.ok) {
    runElectron(electron.path, sqlite.binding);
  } else {
    console.log(`SQLite could not be prepared for Electron (${sqlite.reason}), so the kiosk is starting in the browser shell.`);
    await runBrowserShell();
  }
} else {
  console.log(fallbackMessage(electron.reason));
  await runBrowserShell();
}
