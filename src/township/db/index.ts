// The township database on SQLite: its own file and its own migrations, opened with the same
// durability settings as the kiosk's (WAL, synchronous=FULL, foreign keys). Modules reach it
// through the SqlStore (store/open-store.ts); this file only opens the file and migrates it.
import path from 'node:path';
import { openDatabase, type Db } from '../../db/open.js';
import type { Migration } from '../../db/migrations/types.js';
import m001 from './001_township.js';
import m003 from './003_households.js';
import m005 from './005_assisted.js';
import m006 from './006_login_limits.js';
import m007 from './007_rate_limits.js';

// Versions 2 and 4 were reserved for changes that turned out to need no schema change. They
// stay as empty steps so the list has no gaps and databases that recorded them still open.
const empty = (version: number): Migration => ({ version, name: `reserved-00${version}`, sql: '' });

export const townshipMigrations: readonly Migration[] = [m001, empty(2), m003, empty(4), m005, m006, m007];

/** The SQLite file, migrated (the store wraps it: store/open-store.ts). */
export function openTownshipSqlite(dataDir: string): Db {
  return openDatabase(path.join(dataDir, 'township.db'), { migrations: townshipMigrations });
}

export type { Db };
