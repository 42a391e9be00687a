// The township database: its own file and its own migrations, opened with the same
// durability settings as the kiosk's (WAL, synchronous=FULL, foreign keys).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/open.js';
import type { Migration } from '../../db/migrations/types.js';
import m001 from './001_township.js';
import m003 from './003_households.js';
import m005 from './005_assisted.js';

// Versions 2 and 4 were reserved for changes that turned out to need no schema change. They
// stay as empty steps so the list has no gaps and databases that recorded them still open.
const empty = (version: number): Migration => ({ version, name: `reserved-00${version}`, sql: '' });

export const townshipMigrations: readonly Migration[] = [m001, empty(2), m003, empty(4), m005];

export function openTownshipDb(dataDir: string): Db {
  const db = openDatabase(path.join(dataDir, 'township.db'), { migrations: townshipMigrations });
  // The feed epoch: a kiosk cursor from another database (a reset or a different server) is refused with 410.
  db.prepare(`INSERT OR IGNORE INTO meta(key, value) VALUES ('epoch', ?)`).run(randomBytes(8).toString('hex'));
  db.prepare(`INSERT OR IGNORE INTO meta(key, value) VALUES ('horizon', '0')`).run();
  return db;
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(`INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
}

export type { Db };
