// The live alert stream's cursor (alert-cursor.ts) on a real store (SQLite, or PostgreSQL with
// TOWNSHIP_TEST_STORE=postgres), with a clock the test moves: refs missing below the highest
// seen are read until they appear (announced once) or expire; memory stays bounded.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeRequest, openTestStore } from '../helpers.js';
import { storeRequest } from '#src/township/requests.js';
import { AlertCursor, FRESH_LIMIT, GAP_TTL_MS, MAX_GAPS } from '#src/township/web/alert-cursor.js';

let store: Awaited<ReturnType<typeof openTestStore>>;
let dir: string;
let clock = 0;
before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'alert-cursor-'));
  store = await openTestStore(dir);
});
after(async () => {
  await store.cleanupStore();
  rmSync(dir, { recursive: true, force: true });
});

async function add(refTo?: number): Promise<{ id: string; ref: number }> {
  const r = makeRequest('k-cursor');
  // refs moved by hand: the identity sequence must not hand one of them out again
  if (store.dialect === 'postgres') await store.get(`SELECT setval(pg_get_serial_sequence('requests', 'ref'), (SELECT MAX(ref) FROM requests))`);
  const s = await storeRequest(store, 'k-cursor', '南村', r.id, r, JSON.stringify(r), new Date());
  assert.ok(s.ok, JSON.stringify(s));
  if (refTo !== undefined) await store.run(`UPDATE requests SET ref = ? WHERE id = ?`, [refTo, r.id]);
  const ref = Number(((await store.get(`SELECT ref FROM requests WHERE id = ?`, [r.id])) as { ref: number }).ref);
  return { id: r.id, ref };
}
const maxRef = async () => Number(((await store.get(`SELECT MAX(ref) AS m FROM requests`)) as { m: number }).m);

test('a ref below the highest seen that appears later is announced once; a gap expires after GAP_TTL_MS', async () => {
  await add();
  const c = await AlertCursor.open(store, () => clock);
  assert.deepEqual(await c.poll(), [], 'requests existing at connect are not announced');
  const h = await maxRef();
  const y = await add(h + 10);
  const z = await add(h + 11);
  assert.deepEqual((await c.poll()).map((r) => r.id), [y.id, z.id]);
  assert.equal(c.pendingGaps, 9, 'refs h+1 … h+9 are not committed (yet)');
  const late = await add(h + 5); // commits after higher refs: the PostgreSQL case
  clock += GAP_TTL_MS - 1000;
  assert.deepEqual((await c.poll()).map((r) => r.id), [late.id]);
  assert.equal(c.pendingGaps, 8);
  assert.deepEqual(await c.poll(), [], 'announced once');
  clock += 2000;
  assert.deepEqual(await c.poll(), []);
  assert.equal(c.pendingGaps, 0, 'gaps older than GAP_TTL_MS are rollbacks: forgotten');
  const gone = await add(h + 6); // too late: beyond any transaction's life
  assert.deepEqual(await c.poll(), [], `ref ${gone.ref} below the expired gaps is not read`);
});

test('a burst larger than one poll is announced over several polls, in ref order, each once', async () => {
  const c = await AlertCursor.open(store, () => clock);
  const ids: string[] = [];
  for (let i = 0; i < FRESH_LIMIT + 7; i++) ids.push((await add()).id);
  const first = await c.poll();
  assert.equal(first.length, FRESH_LIMIT);
  const second = await c.poll();
  assert.deepEqual([...first, ...second].map((r) => r.id), ids);
  assert.deepEqual(await c.poll(), []);
});

test('a ref missing just below the maximum at connect (in flight then) is announced when it appears', async () => {
  const h = await maxRef();
  await add(h + 3);
  const c = await AlertCursor.open(store, () => clock);
  const inFlight = await add(h + 1);
  assert.deepEqual((await c.poll()).map((r) => r.id), [inFlight.id]);
  assert.deepEqual(await c.poll(), []);
});

test('a huge jump in refs keeps at most MAX_GAPS gaps', async () => {
  const c = await AlertCursor.open(store, () => clock);
  const h = await maxRef();
  const far = await add(h + 50_000);
  assert.deepEqual((await c.poll()).map((r) => r.id), [far.id]);
  assert.ok(c.pendingGaps <= MAX_GAPS, `${c.pendingGaps} gaps`);
  const near = await add(h + 50_000 - 3);
  assert.deepEqual((await c.poll()).map((r) => r.id), [near.id], 'refs just below the jump are still read');
});
