// The kiosk's storage health, as the screen shows it, and the guard every background chain
// runs under (issue 8 item 2).
//
// A background chain (relay pass and its rescheduling, sync and its error handler, scanner
// listeners, the keyboard-wedge submit, link-up handlers) must never take the runtime down:
// each catches, logs and goes on. When what it caught is a storage failure (an SqliteError:
// disk full, I/O error), the storage status turns "failing" and the screen says "storage
// problem, please ask staff" until that component writes successfully again.
import type { StorageStatusEvent } from '../contract/core.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';

export interface StorageHealth {
  /** A background chain caught `error`; storage failures turn the status "failing". */
  report(component: string, error: unknown): void;
  /** A storage failure the caller already classified (e.g. a submit refused with storage-full). */
  fail(component: string, message: string): void;
  /** `component` wrote to storage successfully: its failure (if any) is over. */
  ok(component: string): void;
  current(): StorageStatusEvent;
}

/** True for errors SQLite raised about its storage (not constraint violations). */
export function isStorageError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT');
}

export function createStorageHealth(bus: EventBus, log: Logger, now: () => Date = () => new Date()): StorageHealth {
  const failing = new Map<string, { since: string; message: string }>();
  let last: StorageStatusEvent = { state: 'ok', at: now().toISOString() };
  const publish = () => {
    const first = [...failing.entries()][0];
    const next: StorageStatusEvent = first ? { state: 'failing', component: first[0], since: first[1].since, message: first[1].message, at: now().toISOString() } : { state: 'ok', at: now().toISOString() };
    if (next.state === last.state && (next.state === 'ok' || (last.state === 'failing' && next.component === last.component))) return;
    last = next;
    bus.emit('storageStatus', next);
  };
  const fail = (component: string, message: string) => {
    if (!failing.has(component)) {
      failing.set(component, { since: now().toISOString(), message: message.slice(0, 300) });
      log.error('storage-failing', { component, message: `The kiosk storage failed (${message.slice(0, 300)}); the screen asks villagers to call staff. Check the disk.` });
    }
    publish();
  };
  return {
    report(component, error) {
      if (isStorageError(error)) fail(component, `${(error as Error).message ?? String(error)}`);
    },
    fail,
    ok(component) {
      if (!failing.delete(component)) return;
      log.info('storage-recovered', { component });
      publish();
    },
    current: () => last,
  };
}

/**
 * Runs one step of a background chain: a throw or a rejection is logged (event
 * `background-error`), reported to `health`, and never propagates. Resolves to the step's
 * value, or undefined when it failed.
 */
export function guarded<T>(log: Logger, health: StorageHealth | undefined, component: string, step: string, fn: () => T | Promise<T>): Promise<T | undefined> {
  const fail = (e: unknown) => {
    try {
      log.error('background-error', { component, step, error: e, message: `A background step failed (${component}: ${step}); the kiosk keeps running and tries again later.` });
      health?.report(component, e);
    } catch {
      // logging itself failed (full disk): nothing more can be done here
    }
    return undefined;
  };
  try {
    return Promise.resolve(fn()).catch(fail);
  } catch (e) {
    return Promise.resolve(fail(e));
  }
}

/** The synchronous form of guarded(): for listeners that must return at once. */
export function guardedSync<T>(log: Logger, health: StorageHealth | undefined, component: string, step: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    try {
      log.error('background-error', { component, step, error: e, message: `A background step failed (${component}: ${step}); the kiosk keeps running.` });
      health?.report(component, e);
    } catch {
      /* see guarded() */
    }
    return undefined;
  }
}
