// Attendant sessions, in SQLite (migration 007) so a restart does not sign the attendant out.
// The token handed to the screen is 24 random bytes; only its SHA-256 is stored, so reading
// the database does not give anyone a session. Sessions slide: each use extends them by
// attendant.sessionMinutes; an expired one is deleted when it is next looked at (and on start).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';

export interface AttendantSession {
  badgeId: string;
  name: string;
  expiresAt: number;
}

export interface SessionStore {
  create(badgeId: string, name: string): { token: string; expiresAt: number };
  /** The live session for a token (extending it), or null. */
  touch(token: string): AttendantSession | null;
  /** Like touch, without extending. */
  peek(token: string): AttendantSession | null;
  revoke(token: string): boolean;
  /** Signs a badge out everywhere (badge disabled or its PIN reset). */
  revokeBadge(badgeId: string): number;
  deleteExpired(): number;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function createSessionStore(db: Db, ttlMs: number, now: () => Date = () => new Date()): SessionStore {
  const insert = db.prepare('INSERT INTO attendant_sessions (token_hash, badge_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const get = db.prepare<[string], { badge_id: string; name: string; expires_at: string }>('SELECT badge_id, name, expires_at FROM attendant_sessions WHERE token_hash = ?');
  const extend = db.prepare('UPDATE attendant_sessions SET expires_at = ? WHERE token_hash = ?');
  const del = db.prepare('DELETE FROM attendant_sessions WHERE token_hash = ?');
  const delBadge = db.prepare('DELETE FROM attendant_sessions WHERE badge_id = ?');
  const delExpired = db.prepare('DELETE FROM attendant_sessions WHERE expires_at <= ?');
  // A badge disabled since the session began no longer counts.
  const disabled = db.prepare<[string], { d: string | null }>('SELECT disabled_at AS d FROM attendant_badges WHERE badge_id = ?');

  const look = (token: string, slide: boolean): AttendantSession | null => {
    if (!token) return null;
    const h = tokenHash(token);
    const row = get.get(h);
    if (!row) return null;
    const t = now().getTime();
    const badge = disabled.get(row.badge_id);
    if (Date.parse(row.expires_at) <= t || !badge || badge.d) {
      del.run(h);
      return null;
    }
    let expiresAt = Date.parse(row.expires_at);
    if (slide) {
      expiresAt = t + ttlMs;
      extend.run(new Date(expiresAt).toISOString(), h);
    }
    return { badgeId: row.badge_id, name: row.name, expiresAt };
  };

  return {
    create(badgeId, name) {
      const token = randomBytes(24).toString('base64url');
      const t = now();
      const expiresAt = t.getTime() + ttlMs;
      insert.run(tokenHash(token), badgeId, name, t.toISOString(), new Date(expiresAt).toISOString());
      return { token, expiresAt };
    },
    touch: (token) => look(token, true),
    peek: (token) => look(token, false),
    revoke: (token) => del.run(tokenHash(token)).changes > 0,
    revokeBadge: (badgeId) => delBadge.run(badgeId).changes,
    deleteExpired: () => delExpired.run(now().toISOString()).changes,
  };
}
