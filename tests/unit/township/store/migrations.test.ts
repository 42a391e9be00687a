// The township's versioned migrations on both stores (issue 13 §1): the SQLite list
// (src/township/db/) and the PostgreSQL list (src/township/store/pg/migrations/) have the same
// versions and names; each store migrates from empty and from every earlier version to the
// latest; and both end with the same tables and columns (PRAGMA table_info vs
// information_schema, compared by name; PostgreSQL's changes.txid is the one intended extra).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '#src/db/open.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { townshipMigrations } from '#src/township/db/index.js';
import { pgMigrations } from '#src/township/store/pg/migrations/index.js';
import { openPgStore } from '#src/township/store/pg-store.js';
import { createTestDatabase, pgTestServer } from '#tests/support/pg-test-db.js';

const server = await pgTestServer();
const skip = !server && 'no PostgreSQL server';
const LATEST = townshipMigrations.length;

type Schema = Record<string, string[]>;

function sqliteSchema(file: string, upTo: number, then?: number): Schema {
  const first = openDatabase(file, { migrations: townshipMigrations.slice(0, upTo) });
  first.close();
  const db = openDatabase(file, { migrations: townshipMigrations.slice(0, then ?? LATEST) });
  try {
    assert.equal(db.pragma('user_version', { simple: true }), then ?? LATEST);
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>;
    const out: Schema = {};
    for (const t of tables) out[t.name] = (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY name`).all(t.name) as Array<{ name: string }>).map((c) => c.name);
    return out;
  } finally {
    db.close();
  }
}

async function pgSchema(url: string): Promise<Schema> {
  const s = await openPgStore(url, { log: createMemoryLogger(), poolSize: 1 }); // already at the latest: migrates nothing
  try {
    const cols = await s.all<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'township_migrations' ORDER BY table_name, column_name`,
    );
    const out: Schema = {};
    for (const r of cols) (out[r.t] ??= []).push(r.c);
    return out;
  } finally {
    await s.close();
  }
}

test('the two migration lists have the same versions and names', () => {
  assert.deepEqual(pgMigrations.map((m) => [m.version, m.name]), townshipMigrations.map((m) => [m.version, m.name]));
  assert.deepEqual(townshipMigrations.map((m) => m.version), Array.from({ length: LATEST }, (_, i) => i + 1));
});

test('SQLite migrates from empty and from every earlier version to the same latest schema', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'township-migrations-'));
  try {
    const fresh = sqliteSchema(path.join(dir, 'fresh.db'), 0);
    for (let v = 1; v < LATEST; v++) assert.deepEqual(sqliteSchema(path.join(dir, `from-${v}.db`), v), fresh, `from version ${v}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL migrates from empty and from every earlier version, and ends with the same tables and columns as SQLite', { skip, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'township-migrations-'));
  const sqlite = sqliteSchema(path.join(dir, 'fresh.db'), 0);
  rmSync(dir, { recursive: true, force: true });
  let fresh: Schema | undefined;
  for (let v = 0; v < LATEST; v++) {
    const db = await createTestDatabase('migtest');
    try {
      if (v > 0) await (await openPgStore(db.url, { log: createMemoryLogger(), poolSize: 1, migrations: pgMigrations.slice(0, v) })).close();
      const s = await openPgStore(db.url, { log: createMemoryLogger(), poolSize: 1 });
      assert.equal(await s.schemaVersion(), LATEST, `from version ${v}`);
      await s.close();
      const schema = await pgSchema(db.url);
      if (!fresh) fresh = schema;
      else assert.deepEqual(schema, fresh, `from version ${v}`);
    } finally {
      await db.drop();
    }
  }
  // The one intended difference: PostgreSQL's feed records the writing transaction (feed-pg.ts).
  assert.ok(fresh!.changes?.includes('txid'), 'changes.txid exists on PostgreSQL');
  fresh!.changes = fresh!.changes!.filter((c) => c !== 'txid');
  assert.deepEqual(fresh, sqlite, 'PostgreSQL and SQLite end with the same tables and columns');
});
