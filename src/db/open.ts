// Opens the kiosk database with the settings durability depends on, then migrates it.
import Database from 'better-sqlite3';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { ensurePrivateFile, PRIVATE_DIR_MODE, tightenIfPresent } from '../files/private.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Apply migrations up to this version only (tests of upgrades). */
  targetVersion?: number;
  migrations?: readonly Migration[];
  readonly?: boolean;
}

let nativeBinding: string | undefined;

/**
 * Which compiled better-sqlite3 addon every database opened after this call loads
 * (better-sqlite3's documented `nativeBinding` option); undefined: its own build in
 * node_modules. The Electron shell names an Electron build here (main/native-sqlite.ts).
 */
export function useSqliteNativeBinding(file: string | undefined): void {
  nativeBinding = file;
}

export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:' && !opts.readonly) {
    // Personal data: a 0700 directory and a 0600 file, made before SQLite opens it so its
    // -wal/-shm/-journal files get the same mode.
    // (The directory is only created here; the runtime and the township tighten their data directory.)
    mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    ensurePrivateFile(file);
    for (const side of ['-wal', '-shm', '-journal']) tightenIfPresent(file + side);
  }
  const db = new Database(file, { readonly: opts.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Freed space is zeroed, so a row's old values (a purged phone number) do not linger in the file.
  db.pragma('secure_delete = ON');
  if (!opts.readonly) migrate(db, opts.migrations ?? allMigrations, opts.targetVersion);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, migrations: readonly Migration[], targetVersion?: number): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list is out of order: entry ${i + 1} has version ${m.version}`);
  });
  const latest = migrations.length;
  const target = targetVersion ?? latest;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new Error(`the database is at schema version ${current}, newer than this kiosk software (${latest}); install the newer version or restore a backup`);
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      if (m.sql.trim()) db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
