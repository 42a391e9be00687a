import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase, schemaVersion } from '#src/db/open.js';
import { migrations } from '#src/db/migrations/index.js';

const dbFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-db-')), 'kiosk.db');

function schemaOf(file: string): string[] {
  const db = openDatabase(file, { readonly: true });
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as Array<{ type: string; name: string; sql: string | null }>;
  db.close();
  return rows.map((r) => `${r.type} ${r.name}: ${(r.sql ?? '').replace(/\s+/g, ' ')}`);
}

test('versions are 1..N with no gaps', () => {
  assert.deepEqual(
    migrations.map((m) => m.version),
    migrations.map((_, i) => i + 1),
  );
});

test('an empty database migrates to the latest version with the durability settings on', () => {
  const file = dbFile();
  const db = openDatabase(file);
  assert.equal(schemaVersion(db), migrations.length);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2); // FULL
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
});

test('a database at every earlier version upgrades to the same schema as a fresh one', () => {
  const fresh = dbFile();
  openDatabase(fresh).close();
  const expected = schemaOf(fresh);
  for (let v = 0; v < migrations.length; v++) {
    const file = dbFile();
    const old = openDatabase(file, { targetVersion: v });
    assert.equal(schemaVersion(old), v);
    old.close();
    const upgraded = openDatabase(file);
    assert.equal(schemaVersion(upgraded), migrations.length, `from version ${v}`);
    upgraded.close();
    assert.deepEqual(schemaOf(file), expected, `schema after upgrading from version ${v}`);
  }
});

test('data written at version 1 survives the upgrade', () => {
  const file = dbFile();
  const old = openDatabase(file, { targetVersion: 1 });
  old.prepare("INSERT INTO kv (key, value, updated_at) VALUES ('cursor', 'abc', '2026-01-01')").run();
  old.close();
  const db = openDatabase(file);
  assert.equal((db.prepare("SELECT value FROM kv WHERE key = 'cursor'").get() as { value: string }).value, 'abc');
  db.close();
});

test('a database from newer software is refused with a clear message', () => {
  const file = dbFile();
  const db = openDatabase(file);
  db.pragma(`user_version = ${migrations.length + 5}`);
  db.close();
  assert.throws(() => openDatabase(file), /newer than this kiosk software/);
});

test('a failing migration leaves the database at the previous version', () => {
  const file = dbFile();
  const bad = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok_part (x INTEGER); THIS IS NOT SQL;' }];
  assert.throws(() => openDatabase(file, { migrations: bad }));
  const db = openDatabase(file);
  assert.equal(schemaVersion(db), migrations.length);
  assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'ok_part'").get() as { n: number }).n, 0);
  db.close();
});
