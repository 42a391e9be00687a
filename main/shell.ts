// The Electron shell: starts the same kiosk runtime as `npm run serve`, in this process,
// and shows it in one locked-down fullscreen window. Everything Electron-specific arrives
// as the `electron` parameter so tests can drive it with a fake.
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfigFromEnvironment } from '../src/config/load.js';
import type { KioskConfig } from '../src/config/schema.js';
import { startRuntime, type Runtime } from '../src/runtime.js';
import { createCrashRecovery, realTimers, type CrashRecovery, type Timers } from './crash-recovery.js';
import type { BrowserWindowApi, ElectronApi, ShellLog, WebContentsApi } from './electron-api.js';
import { applyDevToolsPolicy, denyCertificateErrors, guardNavigation, guardSession } from './guards.js';
import { kioskWindowOptions } from './window-options.js';
import { applyShortcutLockdown, keepAwakeDuringHallHours, lockZoom, preventWindowClose, type ClosableWindow, type HallHoursKeeper, type ZoomContents } from './lockdown.js';

/** The part of the runtime the shell needs. */
export type ShellRuntime = Pick<Runtime, 'url' | 'stop'> & { log?: Runtime['log']; launchUrl?: Runtime['launchUrl'] };

export interface ShellDeps {
  env?: NodeJS.ProcessEnv;
  loadConfig?: (env: NodeJS.ProcessEnv) => KioskConfig;
  startRuntime?: (config: KioskConfig) => Promise<ShellRuntime>;
  timers?: Timers;
  /** The hall-hours check's clock and timers (default: real ones). */
  hallTimers?: Timers;
  /** Where the shell logs before the runtime's logger exists (default: one line on stderr). */
  log?: ShellLog;
}

export type ShellOutcome =
  | { kind: 'running'; runtime: ShellRuntime; window: BrowserWindowApi; recovery: CrashRecovery }
  | { kind: 'second-instance' }
  | { kind: 'failed'; exitCode: number; message: string };

const stderrLog: ShellLog = {
  info: () => {},
  warn: (event, fields) => console.error(`kiosk shell: ${event} ${fields ? JSON.stringify(fields) : ''}`.trimEnd()),
  error: (event, fields) => console.error(`kiosk shell: ${event} ${fields ? JSON.stringify(fields) : ''}`.trimEnd()),
};

/** Development = KIOSK_DEV=1 or running from a source checkout (not packaged). */
export function isDevelopment(env: NodeJS.ProcessEnv, isPackaged: boolean): boolean {
  return env.KIOSK_DEV === '1' || env.KIOSK_DEV === 'true' || !isPackaged;
}

function configFileSetsDataDir(env: NodeJS.ProcessEnv): boolean {
  const file = env.KIOSK_CONFIG ?? 'kiosk.config.json';
  if (!file) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'dataDir' in parsed;
  } catch {
    return false; // missing or broken: loadConfig reports a broken file itself
  }
}

/**
 * Under Electron the data (database, logs) lives in the app's userData folder unless
 * KIOSK_DATA_DIR or the config file says otherwise. Done as an environment override so the
 * runtime's config rules stay the only ones.
 */
export function shellEnvironment(env: NodeJS.ProcessEnv, userDataDir: string): NodeJS.ProcessEnv {
  if (env.KIOSK_DATA_DIR || configFileSetsDataDir(env)) return env;
  return { ...env, KIOSK_DATA_DIR: userDataDir };
}

export async function runShell(electron: ElectronApi, deps: ShellDeps = {}): Promise<ShellOutcome> {
  const { app, BrowserWindow, Menu, dialog, session } = electron;
  const env = deps.env ?? process.env;
  const timers = deps.timers ?? realTimers;
  let log: ShellLog = deps.log ?? stderrLog;
  const shellLog: ShellLog = {
    info: (e, f) => log.info(e, f),
    warn: (e, f) => log.warn(e, f),
    error: (e, f) => log.error(e, f),
  };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { kind: 'second-instance' };
  }

  let window: BrowserWindowApi | null = null;
  let origin: string | null = null;
  let runtime: ShellRuntime | null = null;
  let recovery: CrashRecovery | null = null;
  let runtimeStopped = false;
  let quitRequested = false;
  const devTools = isDevelopment(env, app.isPackaged);
  const guarded = new WeakSet<WebContentsApi>();
  const guardContents = (contents: WebContentsApi) => {
    if (guarded.has(contents)) return;
    guarded.add(contents);
    guardNavigation(contents, () => origin, shellLog);
    applyDevToolsPolicy(contents, devTools, shellLog);
    // Lockdown (main/lockdown.ts): quit/close/reload/zoom/print/... shortcuts, pinch zoom.
    applyShortcutLockdown(contents, !devTools, shellLog);
    lockZoom(contents as unknown as ZoomContents);
  };
  let awake: HallHoursKeeper | null = null;

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardContents(contents));
  denyCertificateErrors(app, shellLog);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    quitRequested = true;
    recovery?.dispose();
    awake?.dispose();
    if (!runtime || runtimeStopped) return;
    event.preventDefault();
    const stopping = runtime;
    runtime = null;
    stopping
      .stop()
      .catch((e: unknown) => console.error(`error while stopping the kiosk runtime: ${(e as Error).message}`))
      .finally(() => {
        runtimeStopped = true;
        app.quit();
      });
  });

  await app.whenReady();
  Menu.setApplicationMenu(null);
  guardSession(session.defaultSession, shellLog);

  const fail = (title: string, message: string, exitCode: number): ShellOutcome => {
    console.error(message);
    dialog.showErrorBox(title, message);
    app.exit(exitCode);
    return { kind: 'failed', exitCode, message };
  };

  let config: KioskConfig;
  try {
    config = (deps.loadConfig ?? loadConfigFromEnvironment)(shellEnvironment(env, app.getPath('userData')));
  } catch (e) {
    if (e instanceof ConfigError) return fail('Kiosk configuration error', e.message, 2);
    return fail('The kiosk could not start', `The kiosk could not start: ${(e as Error).message}`, 1);
  }
  let started: ShellRuntime;
  try {
    started = await (deps.startRuntime ?? startRuntime)(config);
  } catch (e) {
    return fail('The kiosk could not start', `The kiosk could not start: ${(e as Error).message}`, 1);
  }
  if (started.log) log = started.log.child({ component: 'electron-shell' });
  if (quitRequested) {
    // Quit was asked for while the runtime was starting: stop it and leave.
    runtimeStopped = true;
    await started.stop();
    app.quit();
    return { kind: 'failed', exitCode: 0, message: 'quit during start-up' };
  }
  runtime = started;
  const url = started.url;
  origin = new URL(url).origin;
  // The window opens a one-time launch link, which the runtime swaps for its HttpOnly session
  // cookie: the session token never reaches the page, a preload or a command line.
  const launchUrl = () => started.launchUrl?.() ?? url;

  Menu.setApplicationMenu(null);
  const win = new BrowserWindow(kioskWindowOptions({ devTools }));
  window = win;
  win.setMenu(null);
  const contents = win.webContents;
  guardContents(contents);
  const rec = createCrashRecovery({
    reload: () => {
      if (!win.isDestroyed()) void contents.loadURL(launchUrl()).catch(() => {});
    },
    log: shellLog,
    timers,
  });
  recovery = rec;
  contents.on('render-process-gone', (_event, details) => rec.failed('render-process-gone', { reason: details.reason, exitCode: details.exitCode }));
  contents.on('unresponsive', () => rec.failed('unresponsive'));
  contents.on('did-fail-load', (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
    // -3 (ERR_ABORTED) is a navigation replaced by another one, not a failure.
    if (!isMainFrame || errorCode === -3) return;
    rec.failed('did-fail-load', { errorCode, errorDescription, url: validatedURL });
  });
  preventWindowClose(win as unknown as ClosableWindow, !devTools, () => quitRequested, shellLog);
  if (electron.powerSaveBlocker) awake = keepAwakeDuringHallHours({ blocker: electron.powerSaveBlocker, hours: config.hallHours, now: () => new Date((deps.hallTimers ?? realTimers).now()), timers: deps.hallTimers ?? realTimers, log: shellLog });
  win.on('closed', () => {
    window = null;
    rec.dispose();
    awake?.dispose();
  });
  shellLog.info('shell-window-opened', { url, devTools });
  void win.loadURL(launchUrl()).catch((e: unknown) => shellLog.warn('shell-load-failed', { url, error: (e as Error).message }));
  return { kind: 'running', runtime: started, window: win, recovery: rec };
}
