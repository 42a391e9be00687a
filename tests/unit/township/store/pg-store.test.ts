// The PostgreSQL SqlStore (src/township/store/pg-store.ts) against a real server
// (tests/support/pg-test-db.ts): placeholders, numbers, transactions, savepoints, migrations
// under concurrent opens, and the messages a reader gets for a bad URL or an unreachable server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createMemoryLogger } from '#src/log/logger.js';
import { openPgStore, PgStoreError, redactUrl, translatePlaceholders } from '#src/township/store/pg-store.js';
import { pgMigrations } from '#src/township/store/pg/migrations/index.js';
import { createTestDatabase, pgTestServer } from '#tests/support/pg-test-db.js';

const server = await pgTestServer();
const skip = !server && 'no PostgreSQL server';

test('? becomes $n outside literals, identifiers and comments', () => {
  assert.equal(translatePlaceholders(`SELECT ?, '?', "a?b", ? -- ?\n, /* ? */ ?`), `SELECT $1, '?', "a?b", $2 -- ?\n, /* ? */ $3`);
  assert.equal(translatePlaceholders(`SELECT 'it''s ?', ?`), `SELECT 'it''s ?', $1`);
  assert.equal(translatePlaceholders(`SELECT E'\\' ?', ?`), `SELECT E'\\' ?', $1`);
  assert.equal(translatePlaceholders(`SELECT 1`), `SELECT 1`);
});

test('the URL is shown without its password', () => {
  assert.equal(redactUrl('postgres://kiosk:s3cret@db.example:5433/township'), 'postgres://kiosk@db.example:5433/township');
  assert.doesNotMatch(redactUrl('postgres://u:p%40ss@h/d'), /p%40ss|pass/);
});

test('a bad URL is refused with a message saying what is expected', async () => {
  await assert.rejects(openPgStore('mysql://u:secret@h/d', { log: createMemoryLogger() }), (e: Error) => e instanceof PgStoreError && /postgres:\/\/user:password@host:port\/database/.test(e.message) && !e.message.includes('secret'));
  await assert.rejects(openPgStore('not a url', { log: createMemoryLogger() }), PgStoreError);
});

test('an unreachable server: the message names host, port and database, never the password', async () => {
  const free = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
  await assert.rejects(openPgStore(`postgres://kiosk:hunter2@127.0.0.1:${free}/township`, { log: createMemoryLogger(), connectTimeoutMs: 2000 }), (e: Error) => {
    assert.ok(e instanceof PgStoreError);
    assert.match(e.message, new RegExp(`"township" at 127\\.0\\.0\\.1:${free}`));
    assert.doesNotMatch(e.message, /hunter2/);
    return true;
  });
});

test('queries, numbers, transactions and savepoints', { skip }, async () => {
  const db = await createTestDatabase();
  const log = createMemoryLogger();
  const store = await openPgStore(db.url, { log, poolSize: 4 });
  try {
    assert.equal(store.where, db.url);
    assert.equal(await store.schemaVersion(), pgMigrations.length);
    await store.run(`INSERT INTO meta(key, value) VALUES (?, ?)`, ['a', "it's"]);
    const n = await store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM meta WHERE value = ?`, ["it's"]);
    assert.equal(n?.n, 1); // int8 as a JS number
    assert.equal(typeof (await store.get<{ s: number }>(`SELECT SUM(1)::numeric AS s`))?.s, 'number');
    // Rollback on rejection; commit on resolve.
    await assert.rejects(store.tx(async (q) => {
      await q.run(`INSERT INTO meta(key, value) VALUES ('b', '1')`);
      throw new Error('boom');
    }), /boom/);
    assert.equal(await store.get(`SELECT 1 FROM meta WHERE key = 'b'`), undefined);
    const kept = await store.tx(async (q) => {
      await q.run(`INSERT INTO meta(key, value) VALUES ('c', '1')`);
      await assert.rejects(q.savepoint(async (s) => {
        await s.run(`INSERT INTO meta(key, value) VALUES ('d', '1')`);
        await s.run(`INSERT INTO meta(key, value) VALUES ('c', 'duplicate')`);
      }));
      return (await q.all<{ key: string }>(`SELECT key FROM meta ORDER BY key`)).map((r) => r.key);
    });
    assert.deepEqual(kept, ['a', 'c']);
    const r = await store.run(`UPDATE meta SET value = ? WHERE key IN (?, ?)`, ['x', 'a', 'c']);
    assert.equal(r.changes, 2);
    // A runner used after its transaction ended is refused.
    let late: Parameters<Parameters<typeof store.tx>[0]>[0] | undefined;
    await store.tx(async (q) => {
      late = q;
    });
    await assert.rejects(late!.get('SELECT 1'), /already ended/);
    // A statement over the timeout is cancelled.
    const quick = await openPgStore(db.url, { log, poolSize: 1, statementTimeoutMs: 200 });
    await assert.rejects(quick.get('SELECT pg_sleep(2)'), /statement timeout/);
    await quick.close();
  } finally {
    await store.close();
    await db.drop();
  }
});

test('an idle client killed by the server is logged, never thrown at the process', { skip }, async () => {
  const db = await createTestDatabase();
  const log = createMemoryLogger();
  const store = await openPgStore(db.url, { log, poolSize: 2 });
  try {
    await store.get('SELECT 1'); // leaves one idle client in the pool
    const other = await openPgStore(db.url, { log: createMemoryLogger(), poolSize: 1 });
    await other.get(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'village-kiosk-township' AND pid <> pg_backend_pid()`);
    await other.close();
    for (let i = 0; i < 100 && !log.records.some((r) => r.event === 'township.pg.idle-client-error'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(log.records.some((r) => r.event === 'township.pg.idle-client-error'), 'the idle client error was logged');
    assert.equal((await store.get<{ one: number }>('SELECT 1 AS one'))?.one, 1, 'the pool carries on with a new connection');
  } finally {
    await store.close();
    await db.drop();
  }
});

test('two processes opening one empty database together migrate it once', { skip }, async () => {
  const db = await createTestDatabase();
  try {
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPgStore(db.url, { log: createMemoryLogger(), poolSize: 2 })));
    const rows = await stores[0]!.all<{ version: number }>(`SELECT version FROM township_migrations ORDER BY version`);
    assert.deepEqual(rows.map((r) => r.version), pgMigrations.map((m) => m.version));
    await Promise.all(stores.map((s) => s.close()));
  } finally {
    await db.drop();
  }
});

test('a database newer than the code is refused, unchanged', { skip }, async () => {
  const db = await createTestDatabase();
  try {
    const s = await openPgStore(db.url, { log: createMemoryLogger() });
    await s.run(`INSERT INTO township_migrations(version, name, applied_at) VALUES (?, 'from-the-future', ?)`, [pgMigrations.length + 1, new Date().toISOString()]);
    await s.close();
    await assert.rejects(openPgStore(db.url, { log: createMemoryLogger() }), (e: Error) => e instanceof PgStoreError && new RegExp(`version ${pgMigrations.length + 1}, newer than this township server knows \\(${pgMigrations.length}\\)`).test(e.message));
  } finally {
    await db.drop();
  }
});
