// Attendant badges and the wrong-PIN lockout, in SQLite (tables in migration 004).
// 5 wrong PINs lock a badge id for 5 minutes; the count survives restarts.
//
// Under concurrency (issue 8 item 15) the lockout holds because:
//   - the attempt is reserved (counted as a failure) in one transaction BEFORE the PIN is
//     hashed, so a burst cannot all pass the "is it locked?" check first, and a kill -9
//     during the hash still counts the try;
//   - only one check per badge id runs at a time (a per-badge queue), so a right PIN cannot
//     finish ahead of wrong ones and wipe the count they are about to add.
// A right PIN then releases its reservation (the count is cleared).
import type { Db } from '../db/open.js';
import { hashPin, verifyPin as defaultVerify } from './pin.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 5 * 60 * 1000;

export type PinCheck =
  | { result: 'ok'; name: string }
  | { result: 'wrong-pin'; triesLeft: number }
  | { result: 'locked'; until: string }
  | { result: 'disabled' };

export interface BadgeRow {
  badgeId: string;
  name: string;
  createdAt: string;
  disabledAt: string | null;
  lockedUntil: string | null;
}

// Verifying against this keeps an unknown badge as slow as a known one.
let dummyHash: Promise<string> | null = null;

export interface AttendantStore {
  addBadge(badgeId: string, name: string, pin: string): Promise<void>;
  badgeCount(): number;
  lockedUntil(badgeId: string): string | null;
  /** True when the badge exists and was disabled (`npm run attendant -- disable`). */
  isDisabled(badgeId: string): boolean;
  checkPin(badgeId: string, pin: string): Promise<PinCheck>;
  listBadges(): BadgeRow[];
  /** False when there is no such badge. */
  disableBadge(badgeId: string): boolean;
  /** New PIN, re-enables the badge and clears its lockout. False when there is no such badge. */
  resetPin(badgeId: string, pin: string): Promise<boolean>;
}

export interface AttendantStoreOptions {
  /** The PIN check (default: pin.ts verifyPin). Tests pass a counting wrapper. */
  verify?: (pin: string, stored: string) => Promise<boolean>;
}

export function createAttendantStore(db: Db, now: () => Date = () => new Date(), opts: AttendantStoreOptions = {}): AttendantStore {
  const verify = opts.verify ?? defaultVerify;
  const insert = db.prepare('INSERT INTO attendant_badges (badge_id, name, pin_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(badge_id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, disabled_at = NULL');
  const count = db.prepare('SELECT count(*) AS n FROM attendant_badges');
  const getBadge = db.prepare('SELECT name, pin_hash, disabled_at FROM attendant_badges WHERE badge_id = ?');
  const getLock = db.prepare('SELECT failures, locked_until FROM attendant_lockouts WHERE badge_id = ?');
  const fail = db.prepare(
    `INSERT INTO attendant_lockouts (badge_id, failures, locked_until, updated_at) VALUES (?, 1, NULL, ?)
     ON CONFLICT(badge_id) DO UPDATE SET failures = failures + 1, updated_at = excluded.updated_at`,
  );
  const lock = db.prepare('UPDATE attendant_lockouts SET failures = 0, locked_until = ?, updated_at = ? WHERE badge_id = ?');
  const clear = db.prepare('DELETE FROM attendant_lockouts WHERE badge_id = ?');
  const list = db.prepare(
    `SELECT b.badge_id AS badgeId, b.name, b.created_at AS createdAt, b.disabled_at AS disabledAt, l.locked_until AS lockedUntil
     FROM attendant_badges b LEFT JOIN attendant_lockouts l ON l.badge_id = b.badge_id ORDER BY b.badge_id`,
  );
  const disable = db.prepare('UPDATE attendant_badges SET disabled_at = ? WHERE badge_id = ? AND disabled_at IS NULL');
  const exists = db.prepare('SELECT 1 FROM attendant_badges WHERE badge_id = ?');
  const setPin = db.prepare('UPDATE attendant_badges SET pin_hash = ?, disabled_at = NULL WHERE badge_id = ?');

  const activeLock = (badgeId: string): string | null => {
    const row = getLock.get(badgeId) as { failures: number; locked_until: string | null } | undefined;
    if (!row?.locked_until) return null;
    return Date.parse(row.locked_until) > now().getTime() ? row.locked_until : null;
  };

  /** Counts this attempt as a failure up front; returns the failures so far, or the lock. */
  const reserve = db.transaction((badgeId: string): { locked: string } | { failures: number } => {
    const locked = activeLock(badgeId);
    if (locked) return { locked };
    fail.run(badgeId, now().toISOString());
    return { failures: (getLock.get(badgeId) as { failures: number }).failures };
  });

  /** The reserved attempt was wrong: lock at the limit. */
  const settleWrong = db.transaction((badgeId: string, failures: number): PinCheck => {
    if (failures >= MAX_FAILURES) {
      const t = now();
      const until = new Date(t.getTime() + LOCK_MS).toISOString();
      lock.run(until, t.toISOString(), badgeId);
      return { result: 'locked', until };
    }
    return { result: 'wrong-pin', triesLeft: MAX_FAILURES - failures };
  });

  const check = async (badgeId: string, pin: string): Promise<PinCheck> => {
    const badge = getBadge.get(badgeId) as { name: string; pin_hash: string; disabled_at: string | null } | undefined;
    if (badge?.disabled_at) return { result: 'disabled' };
    const r = reserve(badgeId);
    if ('locked' in r) return { result: 'locked', until: r.locked };
    dummyHash ??= hashPin('000000');
    const good = /^\d{4,8}$/.test(pin) && (await verify(pin, badge?.pin_hash ?? (await dummyHash))) && badge !== undefined;
    if (!good) return settleWrong(badgeId, r.failures);
    clear.run(badgeId);
    return { result: 'ok', name: badge.name };
  };

  // One check per badge id at a time: each waits for the previous one on the same id.
  const queues = new Map<string, Promise<unknown>>();
  const serialised = (badgeId: string, pin: string): Promise<PinCheck> => {
    const previous = queues.get(badgeId) ?? Promise.resolve();
    const mine = previous.then(
      () => check(badgeId, pin),
      () => check(badgeId, pin),
    );
    queues.set(badgeId, mine);
    void mine.finally(() => {
      if (queues.get(badgeId) === mine) queues.delete(badgeId);
    }).catch(() => {});
    return mine;
  };

  return {
    async addBadge(badgeId, name, pin) {
      insert.run(badgeId, name, await hashPin(pin), now().toISOString());
    },
    badgeCount: () => (count.get() as { n: number }).n,
    lockedUntil: activeLock,
    isDisabled: (badgeId) => Boolean((getBadge.get(badgeId) as { disabled_at: string | null } | undefined)?.disabled_at),
    checkPin: serialised,
    listBadges: () => (list.all() as BadgeRow[]).map((b) => ({ ...b, lockedUntil: b.lockedUntil && Date.parse(b.lockedUntil) > now().getTime() ? b.lockedUntil : null })),
    disableBadge: (badgeId) => {
      if (!exists.get(badgeId)) return false;
      disable.run(now().toISOString(), badgeId);
      return true;
    },
    async resetPin(badgeId, pin) {
      if (!exists.get(badgeId)) return false;
      const hash = await hashPin(pin);
      db.transaction(() => {
        setPin.run(hash, badgeId);
        clear.run(badgeId);
      })();
      return true;
    },
  };
}
