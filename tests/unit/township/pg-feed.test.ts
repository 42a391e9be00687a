// The PostgreSQL change feed never skips a row under concurrent writers (issue 13 §2), against
// a real PostgreSQL server: TOWNSHIP_TEST_DATABASE_URL (CI starts one with
// resources/build/start-postgres.sh). Both readers run every time: the naive `seq > cursor`
// reader is shown to lose rows, the xid8 watermark reader (src/township/pg/changes.ts) loses none.
// Without a reachable server this file says so in one line and skips, except under CI=true or
// when TOWNSHIP_TEST_DATABASE_URL was given explicitly: then it fails (CI must never skip it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { appendChangePg, decodePgCursor, encodePgCursor, PG_CHANGES_SCHEMA, PG_CURSOR_START, readChangesPg, type PgCursor } from '#src/township/pg/changes.js';

const URL = process.env.TOWNSHIP_TEST_DATABASE_URL ?? 'postgres://kiosk@127.0.0.1:55432/postgres';

async function reachable(): Promise<pg.Pool | null> {
  const pool = new pg.Pool({ connectionString: URL, max: 16, connectionTimeoutMillis: 3000 });
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
    return pool;
  } catch (e) {
    await pool.end().catch(() => {});
    const line = `PostgreSQL tests: no server at ${URL.replace(/\/\/[^@]*@/, '//')} (${(e as Error).message}); start one with: eval "$(bash resources/build/start-postgres.sh)"`;
    if (process.env.CI === 'true' || process.env.TOWNSHIP_TEST_DATABASE_URL) throw new Error(`${line} — required here (CI=true or TOWNSHIP_TEST_DATABASE_URL set), so this is a failure, not a skip`);
    console.log(line);
    return null;
  }
}

const pool = await reachable();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh schema per test, so runs never see each other's rows. */
async function withSchema<T>(p: pg.Pool, fn: (q: pg.Pool) => Promise<T>): Promise<T> {
  const schema = `feedtest_${randomBytes(6).toString('hex')}`;
  await p.query(`CREATE SCHEMA ${schema}`);
  const scoped = new pg.Pool({ connectionString: URL, max: 16, options: `-c search_path=${schema}` });
  scoped.on('error', () => {});
  try {
    await scoped.query(PG_CHANGES_SCHEMA);
    return await fn(scoped);
  } finally {
    await scoped.end();
    await p.query(`DROP SCHEMA ${schema} CASCADE`);
  }
}

async function naiveRead(q: pg.Pool, after: bigint): Promise<{ ids: string[]; next: bigint }> {
  const r = await q.query<{ seq: string; item_id: string }>(`SELECT seq::text AS seq, item_id FROM changes WHERE seq > $1 ORDER BY seq LIMIT 500`, [after.toString()]);
  return { ids: r.rows.map((x) => x.item_id), next: r.rows.length ? BigInt(r.rows[r.rows.length - 1]!.seq) : after };
}

async function write(q: pg.Pool, id: string, holdMs: number): Promise<void> {
  const c = await q.connect();
  try {
    await c.query('BEGIN');
    await appendChangePg(c, { type: 'policy', itemId: id, kioskId: null, op: 'upsert', version: 1, sha256: null, body: '{}' });
    if (holdMs) await sleep(holdMs);
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}

test('cursor text round-trips and rejects garbage', () => {
  const c: PgCursor = { tx: 18446744073709551615n, seq: 42n };
  assert.deepEqual(decodePgCursor(encodePgCursor(c)), c);
  assert.equal(decodePgCursor('12'), null);
  assert.equal(decodePgCursor('a:1'), null);
  assert.equal(decodePgCursor('1:2; DROP'), null);
});

test('one late commit: the naive reader skips it, the watermark reader waits for it', { skip: !pool && 'no PostgreSQL server' }, async () => {
  await withSchema(pool!, async (q) => {
    // A takes seq 1 and stays open; B takes seq 2 and commits; both readers read; A commits.
    const a = await q.connect();
    await a.query('BEGIN');
    await appendChangePg(a, { type: 'policy', itemId: 'late', kioskId: null, op: 'upsert', version: 1, sha256: null, body: '{}' });
    await write(q, 'early', 0);
    const n1 = await naiveRead(q, 0n);
    const w1 = await readChangesPg(q, 'k1', PG_CURSOR_START, 500);
    assert.deepEqual(n1.ids, ['early']);
    assert.deepEqual(w1.rows, [], 'nothing is handed out while an older transaction is open');
    await a.query('COMMIT');
    a.release();
    const n2 = await naiveRead(q, n1.next);
    const w2 = await readChangesPg(q, 'k1', w1.next, 500);
    assert.deepEqual(n2.ids, [], 'the naive reader has moved past "late" for good');
    assert.deepEqual(w2.rows.map((r) => r.itemId).sort(), ['early', 'late']);
  });
});

test('12 concurrent writers with jittered commits: the naive seq cursor loses rows, the xid8 watermark cursor loses none', { skip: !pool && 'no PostgreSQL server', timeout: 120_000 }, async () => {
  await withSchema(pool!, async (q) => {
    const WRITERS = 12;
    const PER_WRITER = 60;
    const naiveSeen = new Set<string>();
    const watermarkSeen: string[] = [];
    let naiveCursor = 0n;
    let cursor = PG_CURSOR_START;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const n = await naiveRead(q, naiveCursor);
        n.ids.forEach((id) => naiveSeen.add(id));
        naiveCursor = n.next;
        const w = await readChangesPg(q, 'k1', cursor, 500);
        w.rows.forEach((r) => watermarkSeen.push(r.itemId));
        cursor = w.next;
        await sleep(1);
      }
    })();
    await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < PER_WRITER; i++) await write(q, `w${w}-${i}`, Math.random() < 0.5 ? Math.floor(Math.random() * 15) : 0);
    }));
    writing = false;
    await reader;
    // After the writers: both readers read to the end.
    for (;;) {
      const n = await naiveRead(q, naiveCursor);
      n.ids.forEach((id) => naiveSeen.add(id));
      naiveCursor = n.next;
      if (!n.ids.length) break;
    }
    for (;;) {
      const w = await readChangesPg(q, 'k1', cursor, 500);
      w.rows.forEach((r) => watermarkSeen.push(r.itemId));
      cursor = w.next;
      if (!w.rows.length) break;
    }
    const total = WRITERS * PER_WRITER;
    const lostNaive = total - naiveSeen.size;
    console.log(`pg feed: ${total} rows by ${WRITERS} writers; naive seq cursor lost ${lostNaive}, watermark cursor lost ${total - new Set(watermarkSeen).size}`);
    assert.ok(lostNaive > 0, 'the naive reader is expected to lose rows here (that is the bug being guarded against)');
    assert.equal(new Set(watermarkSeen).size, total, 'the watermark reader sees every row');
    assert.equal(watermarkSeen.length, total, '... exactly once');
  });
});

test('a kiosk sees shared rows and its own, not other kiosks\'', { skip: !pool && 'no PostgreSQL server' }, async () => {
  await withSchema(pool!, async (q) => {
    const c = await q.connect();
    try {
      await c.query('BEGIN');
      await appendChangePg(c, { type: 'policy', itemId: 'p1', kioskId: null, op: 'upsert', version: 1, sha256: null, body: '{}' });
      await appendChangePg(c, { type: 'request-status', itemId: 'r-a', kioskId: 'k-a', op: 'upsert', version: 1, sha256: null, body: '{}' });
      await appendChangePg(c, { type: 'request-status', itemId: 'r-b', kioskId: 'k-b', op: 'upsert', version: 1, sha256: null, body: '{}' });
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    const r = await readChangesPg(q, 'k-a', PG_CURSOR_START, 10);
    assert.deepEqual(r.rows.map((x) => x.itemId), ['p1', 'r-a']);
  });
});

test.after(async () => {
  await pool?.end();
});
