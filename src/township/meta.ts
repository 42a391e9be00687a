// The township's meta rows (key/value, table meta): the feed epoch and the 410 horizon.
// Portable SQL: both stores.
import { randomBytes } from 'node:crypto';
import type { SqlRunner } from './store/sql-store.js';

/**
 * The meta rows every township database has, written once (portable SQL, both stores):
 * the feed epoch (a kiosk cursor from another database, after a reset or from a different
 * server, is refused with 410) and the 410 horizon.
 */
export async function seedMeta(q: SqlRunner): Promise<void> {
  await q.run(`INSERT INTO meta(key, value) VALUES ('epoch', ?) ON CONFLICT(key) DO NOTHING`, [randomBytes(8).toString('hex')]);
  await q.run(`INSERT INTO meta(key, value) VALUES ('horizon', '0') ON CONFLICT(key) DO NOTHING`);
}

export async function getMeta(q: SqlRunner, key: string): Promise<string | null> {
  const row = await q.get<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, [key]);
  return row?.value ?? null;
}

export async function setMeta(q: SqlRunner, key: string, value: string): Promise<void> {
  await q.run(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [key, value]);
}
