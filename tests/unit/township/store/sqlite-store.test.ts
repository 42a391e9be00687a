// The SQLite SqlStore (src/township/store/sqlite-store.ts) over a real file: one connection,
// so an open transaction holds it and every other call waits its turn; rollback, savepoints,
// and the two misuses it refuses with a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '#src/db/open.js';
import { SqliteStore } from '#src/township/store/sqlite-store.js';
import type { SqlTx } from '#src/township/store/sql-store.js';

async function withStore(fn: (s: SqliteStore) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sqlite-store-'));
  const file = path.join(dir, 't.db');
  const store = new SqliteStore(openDatabase(file, { migrations: [{ version: 1, name: 't', sql: 'CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL) STRICT;' }] }), file);
  try {
    await fn(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const count = async (s: SqliteStore) => Number((await s.get<{ n: number }>(`SELECT COUNT(*) AS n FROM t`))!.n);

test('a statement from outside waits for the open transaction and sees its committed state', async () => {
  await withStore(async (s) => {
    let releaseTx!: () => void;
    const held = new Promise<void>((r) => (releaseTx = r));
    let inside!: () => void;
    const started = new Promise<void>((r) => (inside = r));
    const order: string[] = [];
    const tx = s.tx(async (q) => {
      await q.run(`INSERT INTO t(k, v) VALUES ('a', 1)`);
      inside();
      await held; // the transaction stays open across this await
      await q.run(`INSERT INTO t(k, v) VALUES ('b', 2)`);
      order.push('commit');
    });
    await started;
    const outside = s.all<{ k: string }>(`SELECT k FROM t ORDER BY k`).then((rows) => {
      order.push('outside');
      return rows.map((r) => r.k);
    });
    // Give the outside read every chance to run early: it must not.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, [], 'the outside read waits while the transaction is open');
    releaseTx();
    await tx;
    assert.deepEqual(await outside, ['a', 'b'], 'it sees the whole committed transaction, never half of it');
    assert.deepEqual(order, ['commit', 'outside']);
  });
});

test('a transaction whose function throws is rolled back, and the store is free again', async () => {
  await withStore(async (s) => {
    await assert.rejects(
      s.tx(async (q) => {
        await q.run(`INSERT INTO t(k, v) VALUES ('x', 1)`);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await count(s), 0);
    assert.equal((await s.run(`INSERT INTO t(k, v) VALUES ('y', 1)`)).changes, 1);
    assert.equal(await count(s), 1);
  });
});

test('a savepoint that throws rolls back only itself; the transaction commits the rest', async () => {
  await withStore(async (s) => {
    const r = await s.tx(async (q) => {
      await q.run(`INSERT INTO t(k, v) VALUES ('kept', 1)`);
      const inner = await q.savepoint(async (sp) => {
        await sp.run(`INSERT INTO t(k, v) VALUES ('also-kept', 2)`);
        return 'ok';
      });
      await assert.rejects(
        q.savepoint(async (sp) => {
          await sp.run(`INSERT INTO t(k, v) VALUES ('dropped', 3)`);
          await sp.run(`INSERT INTO t(k, v) VALUES ('kept', 9)`); // primary key clash
        }),
        /UNIQUE/,
      );
      return inner;
    });
    assert.equal(r, 'ok');
    assert.deepEqual((await s.all<{ k: string }>(`SELECT k FROM t ORDER BY k`)).map((x) => x.k), ['also-kept', 'kept']);
  });
});

test('a transaction or statement started on the store from inside its own transaction is refused, not deadlocked', async () => {
  await withStore(async (s) => {
    await s.tx(async () => {
      await assert.rejects(() => s.tx(async () => undefined), /use the runner that tx\(\) passed in/);
      await assert.rejects(() => s.get(`SELECT 1 AS one`), /use the runner that tx\(\) passed in/);
    });
    assert.equal((await s.get<{ one: number }>(`SELECT 1 AS one`))!.one, 1, 'the store still works after');
  });
});

test("a transaction's runner used after tx() returned is refused", async () => {
  await withStore(async (s) => {
    let leaked!: SqlTx;
    await s.tx(async (q) => {
      leaked = q;
    });
    await assert.rejects(() => leaked.run(`INSERT INTO t(k, v) VALUES ('late', 1)`), /already ended/);
    await assert.rejects(() => leaked.savepoint(async () => undefined), /already ended/);
    assert.equal(await count(s), 0);
  });
});

test('RETURNING and ON CONFLICT work through the store (the portable forms the township uses)', async () => {
  await withStore(async (s) => {
    const first = await s.get<{ v: number }>(`INSERT INTO t(k, v) VALUES ('a', 1) ON CONFLICT(k) DO NOTHING RETURNING v`);
    assert.equal(first?.v, 1);
    const again = await s.get(`INSERT INTO t(k, v) VALUES ('a', 2) ON CONFLICT(k) DO NOTHING RETURNING v`);
    assert.equal(again, undefined, 'nothing inserted, nothing returned');
    const up = await s.get<{ v: number }>(`INSERT INTO t(k, v) VALUES ('a', 5) ON CONFLICT(k) DO UPDATE SET v = t.v + excluded.v RETURNING v`);
    assert.equal(up?.v, 6);
    assert.equal(await s.schemaVersion(), 1);
  });
});
