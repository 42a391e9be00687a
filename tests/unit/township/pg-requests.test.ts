// Idempotent relay storage on PostgreSQL: 20 simultaneous deliveries of one request (as from a
// kiosk retrying against several township processes) store it once: one 201, the rest 200 with
// the same acknowledgement; the same id with other content is 409. Real server: see pg-feed.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_REQUESTS_SCHEMA, storeRequestPg } from '#src/township/pg/requests.js';
import { PG_CURSOR_START, readChangesPg } from '#src/township/pg/changes.js';

const URL = process.env.TOWNSHIP_TEST_DATABASE_URL ?? 'postgres://kiosk@127.0.0.1:55432/postgres';
const required = process.env.CI === 'true' || Boolean(process.env.TOWNSHIP_TEST_DATABASE_URL);
const admin = new pg.Pool({ connectionString: URL, max: 2, connectionTimeoutMillis: 3000 });
admin.on('error', () => {});
let up = true;
try {
  await admin.query('SELECT 1');
} catch (e) {
  up = false;
  const line = `PostgreSQL tests: no server at ${URL.replace(/\/\/[^@]*@/, '//')} (${(e as Error).message}); start one with: eval "$(bash resources/build/start-postgres.sh)"`;
  if (required) throw new Error(`${line} — required here (CI=true or TOWNSHIP_TEST_DATABASE_URL set)`);
  console.log(line);
}

test('one request delivered 20 times at once is stored once; other content under the same id is 409', { skip: !up && 'no PostgreSQL server' }, async () => {
  const schema = `reqtest_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = new pg.Pool({ connectionString: URL, max: 20, options: `-c search_path=${schema}` });
  pool.on('error', () => {});
  try {
    await pool.query(PG_REQUESTS_SCHEMA);
    const results = await Promise.all(Array.from({ length: 20 }, () => storeRequestPg(pool, 'k1', 'req-1', 'a'.repeat(64), '{"x":1}')));
    assert.equal(results.filter((r) => r.ok && r.status === 201).length, 1);
    assert.equal(results.filter((r) => r.ok && r.status === 200).length, 19);
    const acks = new Set(results.map((r) => (r.ok ? JSON.stringify(r.ack) : 'x')));
    assert.equal(acks.size, 1, 'every delivery gets the same acknowledgement');
    const other = await storeRequestPg(pool, 'k1', 'req-1', 'b'.repeat(64), '{"x":2}');
    assert.equal(other.status, 409);
    // The same id from another kiosk is a different request.
    assert.equal((await storeRequestPg(pool, 'k2', 'req-1', 'b'.repeat(64), '{"x":2}')).status, 201);
    assert.equal((await pool.query(`SELECT COUNT(*)::int AS n FROM requests`)).rows[0].n, 2);
    const feed = await readChangesPg(pool, 'k1', PG_CURSOR_START, 10);
    assert.deepEqual(feed.rows.map((r) => r.itemId), ['req-1'], "one status row for k1's request");
  } finally {
    await pool.end();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  }
});

test.after(async () => {
  await admin.end();
});
