// Attendant badges and the wrong-PIN lockout, in SQLite (tables in migration 004).
// 5 wrong PINs lock a badge id for 5 minutes; the count survives restarts.
import type { Db } from '../db/open.js';
import { hashPin, verifyPin } from './pin.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 5 * 60 * 1000;

export type PinCheck = { result: 'ok'; name: string } | { result: 'wrong-pin'; triesLeft: number } | { result: 'locked'; until: string };

// Verifying against this keeps an unknown badge as slow as a known one.
let dummyHash: Promise<string> | null = null;

export interface AttendantStore {
  addBadge(badgeId: string, name: string, pin: string): Promise<void>;
  badgeCount(): number;
  lockedUntil(badgeId: string): string | null;
  checkPin(badgeId: string, pin: string): Promise<PinCheck>;
}

export function createAttendantStore(db: Db, now: () => Date = () => new Date()): AttendantStore {
  const insert = db.prepare('INSERT INTO attendant_badges (badge_id, name, pin_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(badge_id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash, disabled_at = NULL');
  const count = db.prepare('SELECT count(*) AS n FROM attendant_badges');
  const getBadge = db.prepare('SELECT name, pin_hash FROM attendant_badges WHERE badge_id = ? AND disabled_at IS NULL');
  const getLock = db.prepare('SELECT failures, locked_until FROM attendant_lockouts WHERE badge_id = ?');
  const fail = db.prepare(
    `INSERT INTO attendant_lockouts (badge_id, failures, locked_until, updated_at) VALUES (?, 1, NULL, ?)
     ON CONFLICT(badge_id) DO UPDATE SET failures = failures + 1, updated_at = excluded.updated_at`,
  );
  const lock = db.prepare('UPDATE attendant_lockouts SET failures = 0, locked_until = ?, updated_at = ? WHERE badge_id = ?');
  const clear = db.prepare('DELETE FROM attendant_lockouts WHERE badge_id = ?');

  const activeLock = (badgeId: string): string | null => {
    const row = getLock.get(badgeId) as { failures: number; locked_until: string | null } | undefined;
    if (!row?.locked_until) return null;
    return Date.parse(row.locked_until) > now().getTime() ? row.locked_until : null;
  };

  const recordFailure = db.transaction((badgeId: string): PinCheck => {
    const locked = activeLock(badgeId);
    if (locked) return { result: 'locked', until: locked };
    const t = now();
    fail.run(badgeId, t.toISOString());
    const row = getLock.get(badgeId) as { failures: number };
    if (row.failures >= MAX_FAILURES) {
      const until = new Date(t.getTime() + LOCK_MS).toISOString();
      lock.run(until, t.toISOString(), badgeId);
      return { result: 'locked', until };
    }
    return { result: 'wrong-pin', triesLeft: MAX_FAILURES - row.failures };
  });

  return {
    async addBadge(badgeId, name, pin) {
      insert.run(badgeId, name, await hashPin(pin), now().toISOString());
    },
    badgeCount: () => (count.get() as { n: number }).n,
    lockedUntil: activeLock,
    async checkPin(badgeId, pin) {
      const locked = activeLock(badgeId);
      if (locked) return { result: 'locked', until: locked };
      const badge = getBadge.get(badgeId) as { name: string; pin_hash: string } | undefined;
      dummyHash ??= hashPin('000000');
      const good = /^\d{4,8}$/.test(pin) && (await verifyPin(pin, badge?.pin_hash ?? (await dummyHash))) && badge !== undefined;
      if (!good) return recordFailure(badgeId);
      // A correct PIN still waits out a lock that another attempt set meanwhile.
      const lockedNow = activeLock(badgeId);
      if (lockedNow) return { result: 'locked', until: lockedNow };
      clear.run(badgeId);
      return { result: 'ok', name: badge.name };
    },
  };
}
