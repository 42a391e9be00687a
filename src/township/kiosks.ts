// Per-kiosk tokens. A token is shown once when issued and stored only as its sha256; it is
// bound to one kioskId. Issuing again for the same kiosk replaces (revokes) the old token.
import { randomBytes } from 'node:crypto';
import type { Db } from './db/index.js';
import { sha256Hex } from '../protocol/signing.js';

export const KIOSK_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface KioskRow {
  kioskId: string;
  village: string;
  issuedAt: string;
  lastSeenAt: string | null;
}

function tokenHash(token: string): string {
  return sha256Hex(token);
}

export type IssueResult = { ok: true; kioskId: string; token: string } | { ok: false; message: string };

export function issueKioskToken(db: Db, kioskId: string, village: string, now: Date = new Date()): IssueResult {
  if (!KIOSK_ID_PATTERN.test(kioskId)) return { ok: false, message: `"${kioskId.slice(0, 80)}" is not a kiosk id: use 1-64 letters, digits, dot, dash or underscore` };
  if (village.length > 40) return { ok: false, message: 'the village name is longer than 40 characters' };
  const token = 'kt_' + randomBytes(24).toString('base64url');
  db.prepare(
    `INSERT INTO kiosks(kiosk_id, village, token_sha256, issued_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(kiosk_id) DO UPDATE SET token_sha256 = excluded.token_sha256, issued_at = excluded.issued_at,
       village = CASE WHEN excluded.village <> '' THEN excluded.village ELSE kiosks.village END`,
  ).run(kioskId, village, tokenHash(token), now.toISOString());
  return { ok: true, kioskId, token };
}

/** The kioskId a bearer token belongs to, or null. */
export function kioskForToken(db: Db, token: string | undefined): KioskRow | null {
  if (!token || token.length > 200) return null;
  const row = db.prepare(`SELECT kiosk_id, village, issued_at, last_seen_at FROM kiosks WHERE token_sha256 = ?`).get(tokenHash(token)) as
    | { kiosk_id: string; village: string; issued_at: string; last_seen_at: string | null }
    | undefined;
  return row ? { kioskId: row.kiosk_id, village: row.village, issuedAt: row.issued_at, lastSeenAt: row.last_seen_at } : null;
}

const lastTouch = new WeakMap<Db, Map<string, number>>();

/** Records when a kiosk was last seen, at most once a minute per kiosk (each write is a durable commit). */
export function touchKiosk(db: Db, kioskId: string, now: Date): void {
  let m = lastTouch.get(db);
  if (!m) lastTouch.set(db, (m = new Map<string, number>()));
  const prev = m.get(kioskId) ?? 0;
  if (now.getTime() - prev < 60_000) return;
  m.set(kioskId, now.getTime());
  db.prepare(`UPDATE kiosks SET last_seen_at = ? WHERE kiosk_id = ?`).run(now.toISOString(), kioskId);
}

export function listKiosks(db: Db): KioskRow[] {
  return (db.prepare(`SELECT kiosk_id, village, issued_at, last_seen_at FROM kiosks ORDER BY kiosk_id`).all() as Array<{ kiosk_id: string; village: string; issued_at: string; last_seen_at: string | null }>).map((r) => ({
    kioskId: r.kiosk_id,
    village: r.village,
    issuedAt: r.issued_at,
    lastSeenAt: r.last_seen_at,
  }));
}
