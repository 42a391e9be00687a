// Per-kiosk tokens. A token is shown once when issued and stored only as its sha256; it is
// bound to one kioskId. Issuing again for the same kiosk replaces (revokes) the old token.
import { randomBytes } from 'node:crypto';
import type { SqlStore } from './store/sql-store.js';
import { lockItem } from './store/item-lock.js';
import { sha256Hex } from '../protocol/signing.js';
import { announceTokenChange, kioskTokenMemory } from './kiosk-token-memory.js';

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

export async function issueKioskToken(store: SqlStore, kioskId: string, village: string, now: Date = new Date()): Promise<IssueResult> {
  if (!KIOSK_ID_PATTERN.test(kioskId)) return { ok: false, message: `"${kioskId.slice(0, 80)}" is not a kiosk id: use 1-64 letters, digits, dot, dash or underscore` };
  if (village.length > 40) return { ok: false, message: 'the village name is longer than 40 characters' };
  const token = 'kt_' + randomBytes(24).toString('base64url');
  await store.run(`INSERT INTO kiosks(kiosk_id, village, token_sha256, issued_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(kiosk_id) DO UPDATE SET token_sha256 = excluded.token_sha256, issued_at = excluded.issued_at,
       village = CASE WHEN excluded.village <> '' THEN excluded.village ELSE kiosks.village END${announceTokenChange(store, 'kiosk_id')}`, [kioskId, village, tokenHash(token), now.toISOString()]);
  forgetKioskToken(store, kioskId);
  return { ok: true, kioskId, token };
}

/** Call after a change to a kiosk's token made in this process (kiosk-token-memory.ts). */
export function forgetKioskToken(store: SqlStore, kioskId: string): void {
  kioskTokenMemory(store).forgetKiosk(kioskId);
}

/** The kiosk a bearer token belongs to, or null. Remembered (kiosk-token-memory.ts): no read per poll. */
export async function kioskForToken(store: SqlStore, token: string | undefined): Promise<KioskRow | null> {
  if (!token || token.length > 200) return null;
  const hash = tokenHash(token);
  const memory = kioskTokenMemory(store);
  await memory.checkOtherWriters();
  const t = Date.now();
  return memory.get(hash, t) ?? memory.read(hash, t, async () => {
    const row = await store.get<{ kiosk_id: string; village: string; issued_at: string; last_seen_at: string | null }>(`SELECT kiosk_id, village, issued_at, last_seen_at FROM kiosks WHERE token_sha256 = ?`, [hash]);
    return row ? { kioskId: row.kiosk_id, village: row.village, issuedAt: row.issued_at, lastSeenAt: row.last_seen_at } : null;
  });
}

// Last-seen times are kept in memory and written in one transaction about once a minute
// (server.ts) and at shutdown: a durable UPDATE per poll was 16% of a poll's CPU.
/** SQLite: kiosks per UPDATE statement (2 parameters each; SQLite allows 32,766). */
const FLUSH_CHUNK = 500;
const unsaved = new WeakMap<SqlStore, Map<string, string>>();

/** Records when a kiosk was last seen (in memory; flushLastSeen writes it). */
export function touchKiosk(store: SqlStore, kioskId: string, now: Date): void {
  let m = unsaved.get(store);
  if (!m) unsaved.set(store, (m = new Map<string, string>()));
  m.set(kioskId, now.toISOString());
}

/** Writes the remembered last-seen times in one transaction; returns how many kiosks. */
export async function flushLastSeen(store: SqlStore): Promise<number> {
  const m = unsaved.get(store);
  if (!m || m.size === 0) return 0;
  // Several processes flush the same kiosks (a kiosk's polls alternate between them behind a
  // load balancer). One statement for all kiosks on PostgreSQL, one per chunk on SQLite (at
  // 100,000 kiosks one UPDATE each was ~50,000 statements a minute per process), and the
  // flushes of all processes take turns on one item lock (store/item-lock.ts): a multi-row
  // UPDATE locks its rows in plan order, so two overlapping flushes at once could each hold a
  // row the other wants and deadlock.
  const rows = [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  m.clear();
  try {
    await store.tx(async (q) => {
      await lockItem(q, 'kiosks', 'last-seen-flush');
      if (q.dialect === 'postgres') {
        // One statement for all of them: a transaction that writes holds the change feed's
        // watermark (feed-pg.ts) until it commits, so it must be short. 500 kiosks per
        // statement made a flush of 100,000 kiosks 200 round trips, about 1 s.
        await q.run(
          `UPDATE kiosks SET last_seen_at = v.at FROM unnest(?::text[], ?::text[]) AS v(id, at) WHERE kiosks.kiosk_id = v.id AND (kiosks.last_seen_at IS NULL OR kiosks.last_seen_at < v.at)`,
          [rows.map(([k]) => k), rows.map(([, at]) => at)],
        );
        return;
      }
      for (let i = 0; i < rows.length; i += FLUSH_CHUNK) {
        const chunk = rows.slice(i, i + FLUSH_CHUNK);
        const values = chunk.map((_, j) => (j === 0 ? 'SELECT ? AS id, ? AS at' : 'SELECT ?, ?')).join(' UNION ALL ');
        await q.run(
          `UPDATE kiosks SET last_seen_at = v.at FROM (${values}) AS v WHERE kiosks.kiosk_id = v.id AND (kiosks.last_seen_at IS NULL OR kiosks.last_seen_at < v.at)`,
          chunk.flat(),
        );
      }
    });
  } catch (e) {
    for (const [k, at] of rows) if (!m.has(k)) m.set(k, at); // kept for the next flush
    throw e;
  }
  return rows.length;
}

export async function listKiosks(store: SqlStore): Promise<KioskRow[]> {
  const pending = unsaved.get(store);
  return (await store.all<{ kiosk_id: string; village: string; issued_at: string; last_seen_at: string | null }>(`SELECT kiosk_id, village, issued_at, last_seen_at FROM kiosks ORDER BY kiosk_id`)).map((r) => ({
    kioskId: r.kiosk_id,
    village: r.village,
    issuedAt: r.issued_at,
    lastSeenAt: pending?.get(r.kiosk_id) ?? r.last_seen_at,
  }));
}
