// The township database on SQLite: its own file and its own migrations, opened with the same
// durability settings as the kiosk's (WAL, synchronous=FULL, foreign keys). Modules reach it
// through the SqlStore (store/open-store.ts); this file only opens the file and migrates it.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/open.js';
import type { Migration } from '../../db/migrations/types.js';
import type { SqlRunner } from '../store/sql-store.js';
import m001 from './001_township.js';
import m003 from './003_households.js';
import m005 from './005_assisted.js';
import m006 from './006_login_limits.js';

// Versions 2 and 4 were reserved for changes that turned out to need no schema change. They
// stay as empty steps so the list has no gaps and databases that recorded them still open.
const empty = (version: number): Migration => ({ version, name: `reserved-00${version}`, sql: '' });

export const townshipMigrations: readonly Migration[] = [m001, empty(2), m003, empty(4), m005, m006];

/** The SQLite file, migrated (the store wraps it: store/open-store.ts). */
export function openTownshipSqlite(dataDir: string): Db {
  return openDatabase(path.join(dataDir, 'township.db'), { migrations: townshipMigrations });
}

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

export type { Db };
