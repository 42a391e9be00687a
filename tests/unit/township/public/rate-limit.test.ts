// The public status lookup's per-address limit lives in the store (issue 13 §3, township
// migration 007): a burst split across two stores (two township processes) on one database
// admits exactly the limit; windows end and start again; ended rows are pruned. Then over real
// HTTP, two townships on one PostgreSQL database behind a (trusted) load balancer share the limit
// of each forwarded client address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AddressRateLimit } from '#src/township/public/rate-limit.js';
import { STATUS_LOOKUPS_PER_WINDOW } from '#src/township/public/pages.js';
import { setRequestStatus } from '#src/township/requests.js';
import { createTestDatabase, pgTestServer } from '#tests/support/pg-test-db.js';
import { makeRequest, put, startTestTownship } from '../helpers.js';
import { twoStores } from '../two-stores.js';

const W = 10 * 60_000;

test('a burst of lookups split across two stores admits exactly the limit, per address and per limit', async () => {
  const t = await twoStores('rate-limit-');
  try {
    const la = new AddressRateLimit(t.a, 'status', 20, W);
    const lb = new AddressRateLimit(t.b, 'status', 20, W);
    const now = Date.now();
    const waits = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? la : lb).take('203.0.113.7', now)));
    assert.equal(waits.filter((w) => w === 0).length, 20, `admitted ${waits.filter((w) => w === 0).length}`);
    assert.ok(waits.filter((w) => w > 0).every((w) => w === W / 1000), 'the refused wait for the end of the window');
    assert.ok((await la.take('203.0.113.7', now + 1000)) > 0, 'still refused, from either store');
    assert.equal(await lb.take('203.0.113.8', now), 0, 'another address has its own limit');
    assert.equal(await new AddressRateLimit(t.a, 'other', 20, W).take('203.0.113.7', now), 0, "another limit's keys never meet these");
    assert.equal(await la.take('203.0.113.7', now + W), 0, 'the window ended: a new one starts');
    assert.ok((await la.take('203.0.113.7', now + W + 1)) === 0);
    const count = await t.a.get<{ count: number }>(`SELECT count FROM rate_limits WHERE key = ?`, ['status:203.0.113.7']);
    assert.equal(Number(count?.count), 2, 'the refused lookups did not grow the count past the limit, and the new window counts from 1');
  } finally {
    await t.cleanup();
  }
});

test('rows whose window ended are pruned, so the table holds about one window of addresses', async () => {
  const t = await twoStores('rate-limit-');
  try {
    const l = new AddressRateLimit(t.a, 'status', 3, W, 60_000);
    const now = Date.now();
    for (let i = 0; i < 100; i++) assert.equal(await l.take(`198.51.100.${i}`, now + i), 0);
    const rows = async () => Number((await t.a.get<{ n: number }>(`SELECT COUNT(*) AS n FROM rate_limits`))!.n);
    assert.equal(await rows(), 100);
    // A minute later nothing has ended yet: the prune keeps every row.
    assert.equal(await l.take('198.51.100.200', now + 60_000), 0);
    assert.equal(await rows(), 101);
    // After the window, the next lookup prunes every ended row.
    assert.equal(await l.take('198.51.100.201', now + W + 200), 0);
    assert.equal(await rows(), 2, 'left: the two addresses still inside their window');
  } finally {
    await t.cleanup();
  }
});

const server = process.env.TOWNSHIP_TEST_STORE === 'postgres' ? await pgTestServer() : null;

test('two townships on one PostgreSQL database behind a trusted proxy: a forwarded client gets the limit once, not once per township', { skip: !server && 'PostgreSQL only (TOWNSHIP_TEST_STORE=postgres): on SQLite the township is one process', timeout: 120_000 }, async () => {
  const db = await createTestDatabase('ratelimit');
  const dirs = [mkdtempSync(path.join(os.tmpdir(), 'rate-limit-a-')), mkdtempSync(path.join(os.tmpdir(), 'rate-limit-b-'))];
  const config = { databaseUrl: db.url, http: { port: 0, trustProxy: ['127.0.0.1'] } };
  const townships = [await startTestTownship(config, dirs[0]), await startTestTownship(config, dirs[1])];
  try {
    const [a, b] = townships as [(typeof townships)[0], (typeof townships)[0]];
    const req = makeRequest('k1');
    assert.equal((await put(a, 'k1', req.id, req, await a.token('k1', '西坡村'))).status, 201);
    assert.ok((await setRequestStatus(b.store, req.id, 'in-review', '', 'wang', new Date())).ok);
    const lookup = async (tw: typeof a, client: string) => (await fetch(`${tw.base}/status/${req.code}`, { headers: { 'x-forwarded-for': client } })).status;
    const statuses = await Promise.all(Array.from({ length: 2 * STATUS_LOOKUPS_PER_WINDOW }, (_, i) => lookup(i % 2 ? b : a, '203.0.113.50')));
    assert.equal(statuses.filter((s) => s === 200).length, STATUS_LOOKUPS_PER_WINDOW, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, STATUS_LOOKUPS_PER_WINDOW);
    assert.equal(await lookup(a, '203.0.113.50'), 429);
    assert.equal(await lookup(b, '203.0.113.51'), 200, "another phone behind the same balancer is not the first one's limit");
  } finally {
    for (const tw of townships) await tw.cleanup();
    await db.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
