// Cheap polls and graceful overload (issue 13 §4), through a real server on port 0 over a real
// SQLite file: the signing key parsed once, an up-to-date poll answered without reading the
// database, last-seen kept in memory and flushed in one transaction, 503 + Retry-After when busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import Database from 'better-sqlite3';
import path from 'node:path';
import { FEED_PATH, FeedPage } from '#protocol/feed.js';
import { publicKeyFromBase64, verifyBytes } from '#protocol/signing.js';
import { upsertContent } from '#src/township/content.js';
import { feedMarks } from '#src/township/feed-marks.js';
import { appendChange, decodeCursor, feedDialect } from '#src/township/feed.js';
import { openTownshipStore } from '#src/township/store/open-store.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { listKiosks } from '#src/township/kiosks.js';
import { policyBody, startTestTownship, type TestTownship } from './helpers.js';

async function poll(tw: TestTownship, kioskId: string, token: string, cursor: string | null) {
  const res = await fetch(tw.base + FEED_PATH(kioskId) + (cursor ? `?cursor=${cursor}` : ''), { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, text, page: null, signed: null };
  const signed = JSON.parse(text) as { payload: string; signature: string };
  assert.ok(verifyBytes(publicKeyFromBase64(tw.publicKey), signed.payload, signed.signature), 'every page verifies with the township key');
  return { status: res.status, text, page: FeedPage.parse(JSON.parse(signed.payload)), signed };
}

test('the signing key is parsed once: pages are signed with the parsed key, not the PEM text', async () => {
  const tw = await startTestTownship();
  try {
    const token = await tw.token('k1');
    (tw.key as { privateKeyPem: string }).privateKeyPem = 'not a key any more'; // a per-page PEM parse would now fail
    const first = await poll(tw, 'k1', token, null);
    assert.equal(first.status, 200, first.text);
  } finally {
    await tw.cleanup();
  }
});

// On PostgreSQL an up-to-date poll still reads the database (feed-pg.ts has no cheap change
// token; several processes write), and the durability checks read the SQLite file itself.
const sqliteOnly = { skip: process.env.TOWNSHIP_TEST_STORE === 'postgres' && 'SQLite only: memory answers need a change token PostgreSQL lacks; the check reads township.db' };

test('an up-to-date poll is answered from memory (no table is read); any new change is still delivered', sqliteOnly, async () => {
  const tw = await startTestTownship();
  try {
    const token = await tw.token('k1');
    await upsertContent(tw.store, 'policy', 'p-one', policyBody('一'), null, new Date());
    const first = await poll(tw, 'k1', token, null);
    assert.equal(first.page!.items.length, 1);
    const cursor = first.page!.nextCursor;

    // With the feed and kiosk tables out of reach, only an answer from memory can succeed.
    const hits = feedMarks(tw.store).hits;
    await tw.store.run(`ALTER TABLE changes RENAME TO changes_away`);
    await tw.store.run(`ALTER TABLE kiosks RENAME TO kiosks_away`);
    const current = await poll(tw, 'k1', token, cursor);
    await tw.store.run(`ALTER TABLE changes_away RENAME TO changes`);
    await tw.store.run(`ALTER TABLE kiosks_away RENAME TO kiosks`);
    assert.equal(current.status, 200, current.text);
    assert.deepEqual(current.page!.items, []);
    assert.equal(current.page!.cursor, cursor);
    assert.equal(current.page!.nextCursor, cursor, 'the cursor stays: nothing new');
    assert.equal(feedMarks(tw.store).hits, hits + 1);
    const again = await poll(tw, 'k1', token, cursor);
    assert.equal(again.signed!.signature, current.signed!.signature, 'the signed answer is reused, not signed afresh');

    // A change made by this process is delivered on the next poll.
    await upsertContent(tw.store, 'policy', 'p-two', policyBody('二'), null, new Date());
    const next = await poll(tw, 'k1', token, cursor);
    assert.deepEqual(next.page!.items.map((i) => i.id), ['p-two']);

    // A change committed by another connection to the same data (the CLI, another process) arrives.
    const other = await openTownshipStore(tw.config, createMemoryLogger());
    await other.tx((q) => appendChange(q, { type: 'policy', itemId: 'p-three', kioskId: null, op: 'upsert', version: 1, body: policyBody('三'), at: new Date() }), { immediate: true });
    await other.close();
    const deadline = Date.now() + 10_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      const r = await poll(tw, 'k1', token, next.page!.nextCursor);
      seen = r.page!.items.map((i) => i.id);
      if (seen.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(seen, ['p-three']);
  } finally {
    await tw.cleanup();
  }
});

test("another kiosk's request status does not make this kiosk's poll read the database", sqliteOnly, async () => {
  const tw = await startTestTownship();
  try {
    const a = await tw.token('k-a');
    await tw.token('k-b');
    const first = await poll(tw, 'k-a', a, null);
    const c = decodeCursor(feedDialect(tw.store), first.page!.nextCursor)!;
    await tw.store.tx((q) => appendChange(q, { type: 'request-status', itemId: 'r-b', kioskId: 'k-b', op: 'upsert', version: 1, body: { x: 1 }, at: new Date() }));
    assert.ok(await feedMarks(tw.store).currentNow('k-a', c));
    await tw.store.tx((q) => appendChange(q, { type: 'request-status', itemId: 'r-a', kioskId: 'k-a', op: 'upsert', version: 1, body: { x: 2 }, at: new Date() }));
    assert.ok(!(await feedMarks(tw.store).currentNow('k-a', c)));
  } finally {
    await tw.cleanup();
  }
});

test('last_seen_at stays off the request path: kept in memory, written in one flush and at shutdown', sqliteOnly, async () => {
  const tw = await startTestTownship();
  const dbFile = path.join(tw.dataDir, 'township.db');
  const stored = (id: string) => {
    const d = new Database(dbFile, { readonly: true });
    try {
      return (d.prepare(`SELECT last_seen_at AS at FROM kiosks WHERE kiosk_id = ?`).get(id) as { at: string | null }).at;
    } finally {
      d.close();
    }
  };
  try {
    const t1 = await tw.token('k1');
    const t2 = await tw.token('k2');
    await poll(tw, 'k1', t1, null);
    await poll(tw, 'k2', t2, null);
    assert.equal(stored('k1'), null, 'a poll writes nothing');
    assert.ok((await listKiosks(tw.store)).find((k) => k.kioskId === 'k1')!.lastSeenAt, "the officials' list shows it already");
    assert.equal(await tw.flushLastSeen(), 2, 'both kiosks in one flush');
    assert.ok(stored('k1') && stored('k2'));
    const before = stored('k1')!;
    await new Promise((r) => setTimeout(r, 5));
    await poll(tw, 'k1', t1, null);
    await tw.stop();
    assert.ok(stored('k1')! > before, 'stop flushes what is still in memory');
  } finally {
    await tw.cleanup();
  }
});

test('busy: beyond the in-flight cap kiosk calls get 503 with Retry-After, logged; served again once it drains', async () => {
  const tw = await startTestTownship({ http: { port: 0, maxRequestsInFlight: 2 } });
  const sockets: net.Socket[] = [];
  try {
    const token = await tw.token('k1');
    // Two PUTs whose bodies never finish arriving hold the two places.
    for (let i = 0; i < 2; i++) {
      const s = net.connect(tw.port, '127.0.0.1');
      await new Promise<void>((r) => s.once('connect', () => r()));
      s.write(`PUT /v1/kiosks/k1/requests/00000000-0000-7000-8000-00000000000${i} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${token}\r\ncontent-length: 1000\r\n\r\n{"id":`);
      sockets.push(s);
    }
    const deadline = Date.now() + 10_000;
    while (tw.admission.inFlight() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(tw.admission.inFlight(), 2);
    const res = await fetch(tw.base + FEED_PATH('k1'), { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 503);
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(retryAfter >= 5 && retryAfter <= 30, `Retry-After ${retryAfter}`);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'busy');
    const logged = (tw.log as unknown as { records: Array<{ event: string; inFlight?: number }> }).records.find((r) => r.event === 'overload-refused');
    assert.ok(logged, 'the refusal is logged');
    assert.equal(logged.inFlight, 2);
    // The officials' pages and /healthz are not subject to it.
    assert.equal((await fetch(tw.base + '/healthz')).status, 200);
    for (const s of sockets) s.destroy();
    while (tw.admission.inFlight() > 0 && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 20));
    assert.equal(tw.admission.inFlight(), 0);
    assert.equal((await poll(tw, 'k1', token, null)).status, 200);
  } finally {
    for (const s of sockets) s.destroy();
    await tw.cleanup();
  }
});

test('group commit: concurrent PUTs share transactions, every 201 is already on disk, each stored once', sqliteOnly, async () => {
  const { makeRequest } = await import('./helpers.js');
  const { groupCommitStats } = await import('#src/township/group-commit.js');
  const { RELAY_PUT_PATH } = await import('#protocol/relay.js');
  const tw = await startTestTownship();
  const reader = new Database(path.join(tw.dataDir, 'township.db'), { readonly: true });
  try {
    const token = await tw.token('k1');
    const reqs = Array.from({ length: 40 }, () => makeRequest('k1'));
    // Open the 40 keep-alive connections first, so the 40 PUTs arrive together (as under load).
    await Promise.all(Array.from({ length: 40 }, () => fetch(tw.base + '/healthz').then((r) => r.arrayBuffer())));
    const before = groupCommitStats(tw.store);
    await Promise.all(reqs.map(async (r) => {
      const res = await fetch(tw.base + RELAY_PUT_PATH('k1', r.id), { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(r) });
      assert.equal(res.status, 201, await res.text());
      // Read by another connection the moment the 201 arrives: committed, not pending.
      assert.ok(reader.prepare(`SELECT 1 FROM requests WHERE id = ?`).get(r.id), `request ${r.id} is on disk when its 201 arrives`);
    }));
    const after = groupCommitStats(tw.store);
    assert.equal(after.items - before.items, 40);
    assert.ok(after.groups - before.groups < 40, `40 PUTs took ${after.groups - before.groups} transactions`);
    // A retry of the same request is 200, not a second row.
    const again = await fetch(tw.base + RELAY_PUT_PATH('k1', reqs[0]!.id), { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(reqs[0]) });
    assert.equal(again.status, 200);
    assert.equal((reader.prepare(`SELECT COUNT(*) AS n FROM requests`).get() as { n: number }).n, 40);
  } finally {
    reader.close();
    await tw.cleanup();
  }
});
