// Per-kiosk tokens. A token is shown once when issued and stored only as its sha256; it is
// bound to one kioskId. Issuing again for the same kiosk replaces (revokes) the old token.
import { randomBytes } from 'node:crypto';
import type { Db } from './db/index.js';
import { sha256Hex } from '../protocol/signing.js';
import { cached } from '../db/statement-cache.js';

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
  forgetKioskTokens(db);
  return { ok: true, kioskId, token };
}

// Known tokens, remembered briefly so that a poll does not read the kiosks table. Issuing or
// revoking in this process forgets them all at once; a change made by another process (the
// CLI, a second township on the same database) takes effect within TOKEN_MEMORY_MS.
export const TOKEN_MEMORY_MS = 10_000;
const knownTokens = new WeakMap<Db, Map<string, { row: KioskRow; at: number }>>();

/** Call after any change to kiosks' tokens. */
export function forgetKioskTokens(db: Db): void {
  knownTokens.get(db)?.clear();
}

/** The kioskId a bearer token belongs to, or null. */
export function kioskForToken(db: Db, token: string | undefined): KioskRow | null {
  if (!token || token.length > 200) return null;
  const hash = tokenHash(token);
  let known = knownTokens.get(db);
  if (!known) knownTokens.set(db, (known = new Map<string, { row: KioskRow; at: number }>()));
  const t = Date.now();
  const hit = known.get(hash);
  if (hit && t - hit.at >= 0 && t - hit.at < TOKEN_MEMORY_MS) return hit.row;
  const row = cached(db, `SELECT kiosk_id, village, issued_at, last_seen_at FROM kiosks WHERE token_sha256 = ?`).get(hash) as
    | { kiosk_id: string; village: string; issued_at: string; last_seen_at: string | null }
    | undefined;
  if (!row) {
    known.delete(hash);
    return null;
  }
  const kiosk = { kioskId: row.kiosk_id, village: row.village, issuedAt: row.issued_at, lastSeenAt: row.last_seen_at };
  if (known.size > 500_000) known.clear();
  known.set(hash, { row: kiosk, at: t });
  return kiosk;
}

// Last-seen times are kept in memory and written in one transaction about once a minute
// (server.ts) and at shutdown: a durable UPDATE per poll was 16% of a poll's CPU.
const unsaved = new WeakMap<Db, Map<string, string>>();

/** Records when a kiosk was last seen (in memory; flushLastSeen writes it). */
export function touchKiosk(db: Db, kioskId: string, now: Date): void {
  let m = unsaved.get(db);
  if (!m) unsaved.set(db, (m = new Map<string, string>()));
  m.set(kioskId, now.toISOString());
}

/** Writes the remembered last-seen times in one transaction; returns how many kiosks. */
export function flushLastSeen(db: Db): number {
  const m = unsaved.get(db);
  if (!m || m.size === 0) return 0;
  const rows = [...m];
  m.clear();
  try {
    db.transaction(() => {
      const update = cached(db, `UPDATE kiosks SET last_seen_at = ? WHERE kiosk_id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)`);
      for (const [kioskId, at] of rows) update.run(at, kioskId, at);
    })();
  } catch (e) {
    for (const [k, at] of rows) if (!m.has(k)) m.set(k, at); // kept for the next flush
    throw e;
  }
  return rows.length;
}

export function listKiosks(db: Db): KioskRow[] {
  const pending = unsaved.get(db);
  return (db.prepare(`SELECT kiosk_id, village, issued_at, last_seen_at FROM kiosks ORDER BY kiosk_id`).all() as Array<{ kiosk_id: string; village: string; issued_at: string; last_seen_at: string | null }>).map((r) => ({
    kioskId: r.kiosk_id,
    village: r.village,
    issuedAt: r.issued_at,
    lastSeenAt: pending?.get(r.kiosk_id) ?? r.last_seen_at,
  }));
}
