// Retention of personal data (issue 12 §2): once the township has acknowledged a request
// (it holds its own copy) and requests.purgeAfterDays have passed, the kiosk forgets the
// villager's phone number, name and household id, and the relay body that carried them.
// The receipt code, type, status and dates stay, so "check my request" still works.
// The requests_frozen trigger (migration 007) allows exactly this one change to a sent request.
import type { Db } from '../db/open.js';
import type { Logger } from '../log/logger.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export function purgePersonalData(db: Db, now: Date, afterDays: number): number {
  // Overwrite the freed bytes too, so the old values are not left in the file's free space.
  db.pragma('secure_delete = ON');
  const cutoff = new Date(now.getTime() - afterDays * DAY_MS).toISOString();
  return db
    .prepare(
      `UPDATE requests SET phone = '', name = NULL, household_id = NULL, body = '', purged_at = ?
       WHERE purged_at IS NULL AND sent_at IS NOT NULL AND ack IS NOT NULL AND sent_at <= ?`,
    )
    .run(now.toISOString(), cutoff).changes;
}

export interface PurgeLoop {
  /** Runs one purge now (also what the timer calls); never throws. */
  runOnce(): number;
  stop(): void;
}

/** Purges at start and then every `everyMs` (default hourly). An error is logged, never thrown. */
export function startPurgeLoop(opts: { db: Db; log: Logger; now: () => Date; afterDays: number; everyMs?: number }): PurgeLoop {
  const log = opts.log.child({ component: 'retention' });
  const runOnce = () => {
    try {
      const n = purgePersonalData(opts.db, opts.now(), opts.afterDays);
      if (n) log.info('personal-data-purged', { requests: n, afterDays: opts.afterDays });
      return n;
    } catch (e) {
      log.error('personal-data-purge-failed', { error: e, message: 'the kiosk could not remove old personal data; it will try again in an hour' });
      return 0;
    }
  };
  runOnce();
  const timer = setInterval(runOnce, opts.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
