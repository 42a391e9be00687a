// Kiosk lockdown in the Electron shell (issue 12 §3). Every handler takes the piece of
// Electron it needs as a parameter (structural types below), so tests drive it with the fake
// electron module (tests/support/fake-electron.ts).
//
//   - production swallows the shortcuts that quit, close, reload, zoom, open DevTools, print,
//     open windows, leave fullscreen or navigate back/forward (development keeps them);
//   - pinch and Ctrl+wheel zoom are pinned at 100 %;
//   - the window cannot be closed (Alt+F4, the window manager) except while the app quits;
//   - a power-save blocker keeps the display awake during the hall's hours (config hallHours);
//     outside them the screen may sleep and wakes on a touch;
//   - an uncaught error in the main process is logged and the process exits non-zero, so the
//     service manager relaunches it with back-off (resources/linux/village-kiosk.service,
//     the Windows scheduled task); the renderer's own crash reload is crash-recovery.ts.
// Single instance (a second launch focuses the first) is in shell.ts.
import type { KeyInput, PreventableEvent, ShellLog } from './electron-api.js';
import type { Timers } from './crash-recovery.js';

export type LockedShortcut = 'quit' | 'close' | 'reload' | 'zoom' | 'devtools' | 'print' | 'new-window' | 'fullscreen' | 'navigate';

/** What a key press would do that a kiosk must not allow, or null for an ordinary key. */
export function lockedShortcut(input: KeyInput): LockedShortcut | null {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return null;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (key === 'f12' || (mod && input.shift && ['i', 'j', 'c'].includes(key)) || (input.meta && input.alt && ['i', 'j', 'c'].includes(key))) return 'devtools';
  if (key === 'f4' && input.alt) return 'close';
  if (mod && (key === 'q' || (input.shift && key === 'w'))) return 'quit';
  if (mod && key === 'w') return 'close';
  if (key === 'f5' || key === 'browserrefresh' || (mod && key === 'r')) return 'reload';
  if (mod && ['+', '=', '-', '_', '0'].includes(key)) return 'zoom';
  if (key === 'zoomin' || key === 'zoomout') return 'zoom';
  if (mod && key === 'p') return 'print';
  if (mod && ['n', 't'].includes(key)) return 'new-window';
  if (key === 'f11' || (input.meta && input.control && key === 'f')) return 'fullscreen';
  if ((input.alt && (key === 'arrowleft' || key === 'arrowright')) || key === 'browserback' || key === 'browserforward') return 'navigate';
  return null;
}

export interface KeyContents {
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: KeyInput) => void): unknown;
}

/** Production: every locked shortcut is swallowed (and logged once per kind). Development: nothing. */
export function applyShortcutLockdown(contents: KeyContents, production: boolean, log: ShellLog): void {
  if (!production) return;
  const seen = new Set<LockedShortcut>();
  contents.on('before-input-event', (event, input) => {
    const kind = lockedShortcut(input);
    if (!kind) return;
    event.preventDefault();
    if (!seen.has(kind)) {
      seen.add(kind);
      log.warn('shortcut-blocked', { kind, key: input.key, message: `the ${kind} shortcut is disabled on the kiosk` });
    }
  });
}

export interface ZoomContents {
  on(event: 'zoom-changed', listener: (event: PreventableEvent, direction: 'in' | 'out') => void): unknown;
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> | void;
  setZoomFactor(factor: number): void;
}

/** Pinch zoom off, and any zoom (Ctrl+wheel) put back to 100 %. */
export function lockZoom(contents: ZoomContents): void {
  void Promise.resolve(contents.setVisualZoomLevelLimits(1, 1)).catch(() => {});
  contents.on('zoom-changed', (event) => {
    event.preventDefault();
    contents.setZoomFactor(1);
  });
}

export interface ClosableWindow {
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
}

/** Production: the window refuses to close unless the app is quitting (SIGTERM, service stop). */
export function preventWindowClose(win: ClosableWindow, production: boolean, quitting: () => boolean, log: ShellLog): void {
  if (!production) return;
  win.on('close', (event) => {
    if (quitting()) return;
    event.preventDefault();
    log.warn('window-close-blocked', { message: 'the kiosk window cannot be closed; stop the service to quit' });
  });
}

// ---- hall hours and the power-save blocker ---------------------------------------------
export interface HallHours {
  open: string;
  close: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Whether local time `at` is within the hall's hours (a close before open spans midnight). null hours: always. */
export function withinHallHours(hours: HallHours | null, at: Date): boolean {
  if (hours === null) return true;
  const open = minutesOf(hours.open);
  const close = minutesOf(hours.close);
  const now = at.getHours() * 60 + at.getMinutes();
  if (open === close) return true;
  return open < close ? now >= open && now < close : now >= open || now < close;
}

export interface PowerSaveBlockerApi {
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number;
  stop(id: number): void;
  isStarted(id: number): boolean;
}

export interface HallHoursKeeper {
  /** Re-evaluates now; returns whether the display is being kept awake. */
  check(): boolean;
  dispose(): void;
}

/** Keeps the display awake during hall hours, checking every minute. */
export function keepAwakeDuringHallHours(opts: { blocker: PowerSaveBlockerApi; hours: HallHours | null; now: () => Date; timers: Timers; log: ShellLog; everyMs?: number }): HallHoursKeeper {
  let id: number | null = null;
  let handle: unknown = null;
  let disposed = false;
  const check = (): boolean => {
    const inside = withinHallHours(opts.hours, opts.now());
    if (inside && (id === null || !opts.blocker.isStarted(id))) {
      id = opts.blocker.start('prevent-display-sleep');
      opts.log.info('display-kept-awake', { hours: opts.hours });
    } else if (!inside && id !== null) {
      opts.blocker.stop(id);
      id = null;
      opts.log.info('display-may-sleep', { hours: opts.hours });
    }
    return inside;
  };
  const loop = () => {
    if (disposed) return;
    check();
    handle = opts.timers.setTimeout(loop, opts.everyMs ?? 60_000);
  };
  loop();
  return {
    check,
    dispose() {
      disposed = true;
      if (handle !== null) opts.timers.clearTimeout(handle);
      if (id !== null) opts.blocker.stop(id);
      id = null;
    },
  };
}

// ---- main-process crash ----------------------------------------------------------------
export interface ProcessEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
}

/**
 * An error nobody caught in the main process leaves the shell in an unknown state: it is
 * logged and the process exits with code 1, and the service manager (systemd Restart= with
 * back-off, the Windows task's restart-on-failure) starts it again. Exits once.
 */
export function exitOnMainCrash(proc: ProcessEvents, app: { exit(code?: number): void }, log: ShellLog): void {
  let exiting = false;
  const onError = (kind: string) => (error: unknown) => {
    if (exiting) return;
    exiting = true;
    log.error('main-process-crashed', { kind, error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error), message: 'the kiosk shell hit an error it cannot recover from; exiting so the service manager restarts it' });
    app.exit(1);
  };
  proc.on('uncaughtException', onError('uncaughtException'));
  proc.on('unhandledRejection', onError('unhandledRejection'));
}
