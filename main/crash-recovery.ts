// Reloads the kiosk page after the renderer crashed, hung or failed to load, with a growing
// delay (1 s, 2 s, 4 s, ... up to a minute) so a page that crashes at once does not spin
// the CPU in a reload loop. After the page has run for a while the delay starts over.
import type { ShellLog } from './electron-api.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export interface RecoveryOptions {
  reload: () => void;
  log: ShellLog;
  timers?: Timers;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A failure this long after the previous one starts the back-off over. */
  stableAfterMs?: number;
}

export interface CrashRecovery {
  /** Schedules one reload (a failure while one is pending does not add another). Returns the delay used, or null if one was pending. */
  failed(kind: string, fields?: Record<string, unknown>): number | null;
  /** Cancels a pending reload (on quit). */
  dispose(): void;
  readonly pending: boolean;
}

export function createCrashRecovery(opts: RecoveryOptions): CrashRecovery {
  const timers = opts.timers ?? realTimers;
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 60_000;
  const stableAfter = opts.stableAfterMs ?? 120_000;
  let streak = 0;
  let lastFailure = -Infinity;
  let handle: unknown = null;
  let disposed = false;
  return {
    failed(kind, fields = {}) {
      if (disposed) return null;
      if (handle !== null) {
        opts.log.warn('renderer-failed', { kind, ...fields, reload: 'already scheduled' });
        return null;
      }
      const now = timers.now();
      if (now - lastFailure >= stableAfter) streak = 0;
      lastFailure = now;
      const delay = Math.min(max, base * 2 ** streak);
      streak++;
      opts.log.error('renderer-failed', { kind, ...fields, reloadInMs: delay, failuresInARow: streak });
      handle = timers.setTimeout(() => {
        handle = null;
        if (!disposed) opts.reload();
      }, delay);
      return delay;
    },
    dispose() {
      disposed = true;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
    get pending() {
      return handle !== null;
    },
  };
}
