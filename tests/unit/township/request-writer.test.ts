// The relay's writer (src/township/request-writer.ts) on the store under test (SQLite, or
// PostgreSQL with TOWNSHIP_TEST_STORE=postgres): concurrent requests share transactions, every
// answer is already committed, and each request is stored once with its history and its status
// item, whatever else is in its group (retries, copies, conflicts, another kiosk's ids).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestWriter } from '#src/township/request-writer.js';
import { groupCommitStats } from '#src/township/group-commit.js';
import type { SqlStore, SqlTx } from '#src/township/store/sql-store.js';
import { PgStore } from '#src/township/store/pg-store.js';
import { makeRequest } from './helpers.js';
import { twoStores } from './two-stores.js';

const onPg = process.env.TOWNSHIP_TEST_STORE === 'postgres';
const text = (r: unknown) => JSON.stringify(r);
const now = () => new Date();

async function count(store: SqlStore, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await store.get<{ n: number }>(sql, params))!.n);
}

test('concurrent PUTs share transactions; each 201 is committed when it is answered, stored once with its history and status item', async () => {
  const s = await twoStores('writer-');
  try {
    const w = requestWriter(s.a);
    const reqs = Array.from({ length: 60 }, (_, i) => makeRequest(`k${i % 3}`));
    const before = groupCommitStats(s.a);
    const results = await Promise.all(reqs.map(async (r) => {
      const res = await w.put(r.kioskId, '平顺村', r.id, r, text(r), now());
      // Read through the other store (another pool on PostgreSQL) the moment the answer arrives.
      assert.ok(await s.b.get(`SELECT 1 AS one FROM requests WHERE id = ?`, [r.id]), `request ${r.id} is committed when its answer arrives`);
      return res;
    }));
    const after = groupCommitStats(s.a);
    assert.equal(after.items - before.items, 60);
    assert.ok(after.groups - before.groups < 60, `60 concurrent PUTs took ${after.groups - before.groups} transactions`);
    const refs = new Set<string>();
    for (const [i, res] of results.entries()) {
      assert.ok(res.ok && res.status === 201, JSON.stringify(res));
      assert.equal(res.ack.id, reqs[i]!.id);
      assert.match(res.ack.townshipRef, /^T\d{6,}$/);
      refs.add(res.ack.townshipRef);
      const row = await s.b.get<{ township_ref: string; received_at: string; village: string; body: string; status: string }>(`SELECT township_ref, received_at, village, body, status FROM requests WHERE id = ?`, [reqs[i]!.id]);
      assert.deepEqual(row, { township_ref: res.ack.townshipRef, received_at: res.ack.receivedAt, village: '平顺村', body: text(reqs[i]), status: 'received' });
    }
    assert.equal(refs.size, 60, 'every request has its own township ref');
    assert.equal(await count(s.b, `SELECT COUNT(*) AS n FROM request_history WHERE n = 1 AND status = 'received'`), 60);
    const items = await s.b.all<{ item_id: string; kiosk_id: string; body: string }>(`SELECT item_id, kiosk_id, body FROM changes WHERE type = 'request-status'`);
    assert.equal(items.length, 60);
    for (const r of reqs) {
      const item = items.find((x) => x.item_id === r.id);
      assert.equal(item?.kiosk_id, r.kioskId);
      assert.deepEqual((JSON.parse(item.body) as { status: string; code: string }).status, 'received');
    }
  } finally {
    await s.cleanup();
  }
});

test('one group holding a retry, two copies, a conflict and another kiosk\'s id answers each as if it came alone', async () => {
  const s = await twoStores('writer-mix-');
  try {
    const w = requestWriter(s.a);
    const held = makeRequest('k1');
    const first = await w.put('k1', '', held.id, held, text(held), now());
    assert.ok(first.ok && first.status === 201);
    const fresh = makeRequest('k1');
    const clash = makeRequest('k1');
    const clashOther = { ...makeRequest('k1', { id: clash.id, phone: '13700000000' }) };
    const others = makeRequest('k2');
    await w.put('k2', '', others.id, others, text(others), now());
    // All in one turn: they form one group.
    const [retry, copyA, copyB, clashA, clashB, stolen] = await Promise.all([
      w.put('k1', '', held.id, held, text(held), now()),
      w.put('k1', '', fresh.id, fresh, text(fresh), now()),
      w.put('k1', '', fresh.id, fresh, text(fresh), now()),
      w.put('k1', '', clash.id, clash, text(clash), now()),
      w.put('k1', '', clash.id, clashOther, text(clashOther), now()),
      w.put('k1', '', others.id, { ...others, kioskId: 'k1', sha256: undefined }, '', now()),
    ]);
    assert.deepEqual(retry, first.ok ? { ok: true, status: 200, ack: first.ack } : null, 'a retry gets the original acknowledgement');
    assert.ok(copyA.ok && copyA.status === 201, JSON.stringify(copyA));
    assert.deepEqual(copyB, { ok: true, status: 200, ack: copyA.ack }, 'the second copy is answered as a retry');
    assert.ok(clashA.ok && clashA.status === 201, JSON.stringify(clashA));
    assert.equal(clashB.ok ? null : clashB.code, 'conflict');
    assert.equal(stolen.ok ? null : stolen.status, 422, 'a body that does not validate is refused before it reaches the store');
    // Another kiosk's id, sealed properly: 409 without the other request's hash.
    const sealed = makeRequest('k1', { id: others.id });
    const foreign = await w.put('k1', '', others.id, sealed, text(sealed), now());
    assert.deepEqual(foreign.ok ? null : { status: foreign.status, code: foreign.code }, { status: 409, code: 'id-in-use' });
    assert.doesNotMatch(JSON.stringify(foreign), new RegExp(others.sha256));
    assert.equal(await count(s.b, `SELECT COUNT(*) AS n FROM requests`), 4);
    assert.equal(await count(s.b, `SELECT COUNT(*) AS n FROM request_history`), 4);
    assert.equal((await s.b.get<{ phone: string }>(`SELECT phone FROM requests WHERE id = ?`, [clash.id]))!.phone, clash.contact.phone, 'the conflicting copy changed nothing');
  } finally {
    await s.cleanup();
  }
});

test('a batch through the writer: a result per item in order, a bad item refused without blocking the rest', async () => {
  const s = await twoStores('writer-batch-');
  try {
    const w = requestWriter(s.a);
    const good = [makeRequest('k1'), makeRequest('k1'), makeRequest('k1')];
    const items: unknown[] = [good[0], { ...good[1]!, code: 'bad' }, good[2], good[0]];
    const bodyText = JSON.stringify({ items });
    const { results } = await w.batch('k1', '', items, bodyText, now());
    assert.deepEqual(results.map((r) => [r.ok, r.status]), [[true, 201], [false, 422], [true, 201], [true, 200]]);
    assert.equal(await count(s.b, `SELECT COUNT(*) AS n FROM requests`), 2);
  } finally {
    await s.cleanup();
  }
});

test('two processes writing the same requests at once: each stored once, one 201 each, no deadlock', async () => {
  const s = await twoStores('writer-race-');
  try {
    const wa = requestWriter(s.a);
    const wb = s.b === s.a ? wa : requestWriter(s.b);
    const reqs = Array.from({ length: 120 }, (_, i) => makeRequest(`k${i % 4}`));
    // Opposite orders, so naive row-at-a-time locking would cross.
    const [ra, rb] = await Promise.all([
      Promise.all(reqs.map((r) => wa.put(r.kioskId, '', r.id, r, text(r), now()))),
      Promise.all([...reqs].reverse().map((r) => wb.put(r.kioskId, '', r.id, r, text(r), now()))),
    ]);
    rb.reverse();
    for (let i = 0; i < reqs.length; i++) {
      const statuses = [ra[i]!, rb[i]!].map((r) => (r.ok ? r.status : r.status)).sort();
      assert.deepEqual(statuses, [200, 201], `request ${i}: ${JSON.stringify([ra[i], rb[i]])}`);
      const acks = [ra[i]!, rb[i]!].map((r) => (r.ok ? r.ack.townshipRef : null));
      assert.equal(acks[0], acks[1], 'both answers carry the same township ref');
    }
    assert.equal(await count(s.a, `SELECT COUNT(*) AS n FROM requests`), 120);
    assert.equal(await count(s.a, `SELECT COUNT(*) AS n FROM changes WHERE type = 'request-status'`), 120);
  } finally {
    await s.cleanup();
  }
});

/** The store, with every statement that mentions `poison` (in its SQL or parameters) failing. */
function poisoned(store: SqlStore, poison: string): SqlStore {
  const mentions = (sql: string, params?: readonly unknown[]) => sql.includes(poison) || JSON.stringify(params ?? []).includes(poison);
  const wrap = (q: SqlTx): SqlTx => ({
    dialect: q.dialect,
    all: (sql, p) => (mentions(sql, p) ? Promise.reject(new Error('simulated: the disk refused this write')) : q.all(sql, p)),
    get: (sql, p) => (mentions(sql, p) ? Promise.reject(new Error('simulated: the disk refused this write')) : q.get(sql, p)),
    run: (sql, p) => (mentions(sql, p) ? Promise.reject(new Error('simulated: the disk refused this write')) : q.run(sql, p)),
    savepoint: (fn) => q.savepoint((sp) => fn(wrap(sp))),
  });
  const refuse = () => Promise.reject(new Error('simulated: the disk refused this write'));
  return Object.assign(Object.create(store) as SqlStore, {
    dialect: store.dialect,
    all: <T>(sql: string, p?: readonly unknown[]) => (mentions(sql, p) ? refuse() : store.all<T>(sql, p)),
    get: <T>(sql: string, p?: readonly unknown[]) => (mentions(sql, p) ? refuse() : store.get<T>(sql, p)),
    run: (sql: string, p?: readonly unknown[]) => (mentions(sql, p) ? refuse() : store.run(sql, p)),
    tx: <T>(fn: (q: SqlTx) => Promise<T>, opts?: { immediate?: boolean }) => store.tx((q) => fn(wrap(q)), opts),
    // PostgreSQL: the group's one statement (requests-many-pg.ts).
    ...(store instanceof PgStore && {
      prepared: <T>(name: string, sql: string, p?: readonly unknown[]) => (mentions(sql, p) ? refuse() : store.prepared<T>(name, sql, p)),
    }),
  });
}

test('a group whose transaction fails: every other request in it is still stored, only the failing one is refused', async () => {
  const s = await twoStores('writer-fail-');
  try {
    const bad = makeRequest('k1');
    const w = requestWriter(poisoned(s.a, bad.id));
    const good = Array.from({ length: 10 }, () => makeRequest('k1'));
    const all = [...good.slice(0, 5), bad, ...good.slice(5)];
    const settled = await Promise.allSettled(all.map((r) => w.put('k1', '', r.id, r, text(r), now())));
    assert.equal(settled[5]!.status, 'rejected', 'the request that cannot be stored fails (its caller answers 500/503; the kiosk retries)');
    for (const [i, r] of settled.entries()) {
      if (i === 5) continue;
      assert.ok(r.status === 'fulfilled' && r.value.ok && r.value.status === 201, `request ${i}: ${JSON.stringify(r)}`);
    }
    assert.equal(await count(s.b, `SELECT COUNT(*) AS n FROM requests`), 10);
    assert.equal(await count(s.b, `SELECT COUNT(*) AS n FROM requests WHERE id = ?`, [bad.id]), 0);
    assert.equal(await count(s.b, `SELECT COUNT(*) AS n FROM changes WHERE type = 'request-status'`), 10);
    // Afterwards the same writer goes on storing.
    const later = makeRequest('k1');
    const r = await w.put('k1', '', later.id, later, text(later), now());
    assert.ok(r.ok && r.status === 201);
  } finally {
    await s.cleanup();
  }
});

test('PostgreSQL: a group of new requests is one statement, with no transaction around it, not five per request', { skip: !onPg && 'PostgreSQL only: SQLite writes each request in its own savepoint of the group (group-commit.ts)' }, async () => {
  const s = await twoStores('writer-statements-');
  try {
    let statements = 0;
    let transactions = 0;
    const pg = s.a as PgStore;
    const counting = Object.assign(Object.create(pg) as PgStore, {
      all: <T>(x: string, p?: readonly unknown[]) => (statements++, pg.all<T>(x, p)),
      get: <T>(x: string, p?: readonly unknown[]) => (statements++, pg.get<T>(x, p)),
      run: (x: string, p?: readonly unknown[]) => (statements++, pg.run(x, p)),
      prepared: <T>(name: string, x: string, p?: readonly unknown[]) => (statements++, pg.prepared<T>(name, x, p)),
      tx: <T>(fn: (q: SqlTx) => Promise<T>) => (transactions++, pg.tx(fn)),
    });
    const w = requestWriter(counting);
    const reqs = Array.from({ length: 50 }, () => makeRequest('k1'));
    const results = await Promise.all(reqs.map((r) => w.put('k1', '', r.id, r, text(r), now())));
    assert.ok(results.every((r) => r.ok && r.status === 201));
    const groups = groupCommitStats(counting).groups;
    assert.equal(statements, groups, `${statements} statements for 50 requests in ${groups} groups`);
    assert.equal(transactions, 0, 'no BEGIN/COMMIT round trips: the statement commits on its own');
  } finally {
    await s.cleanup();
  }
});
