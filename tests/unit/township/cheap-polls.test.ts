// Cheap polls and graceful overload (issue 13 §4), through a real server on port 0 over a real
// store (SQLite by default; PostgreSQL with TOWNSHIP_TEST_STORE=postgres): the signing key
// parsed once, an up-to-date poll answered without reading the database, last-seen kept in
// memory and flushed in one transaction, 503 + Retry-After when busy. The PostgreSQL-only tests
// at the end cover the LISTEN/NOTIFY wake-ups and the staleness bound (feed-marks.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { FEED_PATH, FeedPage } from '#protocol/feed.js';
import { publicKeyFromBase64, sha256Hex, verifyBytes } from '#protocol/signing.js';
import { upsertContent } from '#src/township/content.js';
import { feedMarks, MAX_AGE_MS } from '#src/township/feed-marks.js';
import { appendChange, decodeCursor, feedDialect, readFeedPage } from '#src/township/feed.js';
import { openTownshipStore } from '#src/township/store/open-store.js';
import type { PgListener } from '#src/township/store/pg-listener.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { listKiosks } from '#src/township/kiosks.js';
import { makeRequest, policyBody, put, startTestTownship, type TestTownship } from './helpers.js';

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

const onPg = process.env.TOWNSHIP_TEST_STORE === 'postgres';

/**
 * PostgreSQL: the marks learn of a commit through a notification that arrives a moment later.
 * Waits until every notification sent so far (up to `wakeups`) has arrived and been read, so
 * what the test asserts next does not race it. SQLite: one refresh (the token moves at commit).
 */
async function marksSettled(tw: TestTownship, wakeups = 0): Promise<void> {
  const marks = feedMarks(tw.store);
  if (marks.mode !== 'wake') return marks.refresh();
  const deadline = Date.now() + 10_000;
  while ((marks.wakeups < wakeups || marks.behind || !marks.usable) && Date.now() < deadline) {
    await marks.refresh();
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(marks.wakeups >= wakeups && marks.usable, `the marks caught up (wakeups ${marks.wakeups} of ${wakeups}, usable ${marks.usable})`);
  await marks.refresh();
}

/**
 * Polls until an item appears (deadline 10 s). `since`: when the change had committed (ms).
 * Returns the ids, and asserts the staleness bound. SQLite: every poll after the commit sees
 * it. PostgreSQL: an answer FROM MEMORY that started more than MAX_AGE_MS after the commit
 * never hides it; a read of the database may still miss it while another transaction anywhere
 * in the cluster holds the watermark below it (delayed, never lost: docs/township-postgres.md).
 */
async function pollUntilSeen(tw: TestTownship, kioskId: string, token: string, cursor: string, since: number) {
  const marks = feedMarks(tw.store);
  const bound = marks.mode === 'wake' ? MAX_AGE_MS + 2 : 0;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const startedAt = Date.now();
    const hits = marks.hits;
    const r = await poll(tw, kioskId, token, cursor);
    assert.equal(r.status, 200, r.text);
    const ids = r.page!.items.map((i) => i.id);
    if (ids.length) return { ids, page: r.page!, afterMs: startedAt - since };
    if (marks.mode === 'token' || marks.hits > hits) assert.ok(startedAt - since <= bound, `a poll ${startedAt - since} ms after the commit still did not see it (bound ${bound} ms)`);
    assert.ok(Date.now() < deadline, 'the change never reached a poll');
    await new Promise((res) => setTimeout(res, 20));
  }
}

test('a change this process has committed is in the very next poll, every time (PostgreSQL: not only once its NOTIFY has come back)', async () => {
  const tw = await startTestTownship();
  try {
    const token = await tw.token('k1');
    const marks = feedMarks(tw.store);
    let cursor = (await poll(tw, 'k1', token, null)).page!.nextCursor;
    await marksSettled(tw);
    for (let i = 0; i < 20; i++) {
      // Content published here (an official's edit): the poll right after its commit has it.
      const hits = marks.hits;
      await upsertContent(tw.store, 'policy', `p-${i}`, policyBody(`政策 ${i}`), null, new Date());
      const seen = await poll(tw, 'k1', token, cursor);
      assert.deepEqual(seen.page!.items.map((x) => x.id), [`p-${i}`], `round ${i}: the poll right after the commit`);
      assert.equal(marks.hits, hits, 'not answered from memory');
      cursor = seen.page!.nextCursor;
      // A request relayed here: the kiosk's next poll has its status.
      const r = makeRequest('k1');
      assert.equal((await put(tw, 'k1', r.id, r, token)).status, 201);
      const status = await poll(tw, 'k1', token, cursor);
      assert.deepEqual(status.page!.items.map((x) => [x.type, x.id]), [['request-status', r.id]], `round ${i}: the poll right after the 201`);
      cursor = status.page!.nextCursor;
      // And then, up to date again, from memory.
      await marksSettled(tw);
      const hitsNow = marks.hits;
      assert.deepEqual((await poll(tw, 'k1', token, cursor)).page!.items, []);
      assert.equal(marks.hits, hitsNow + 1, `round ${i}: the up-to-date poll is answered from memory`);
    }
  } finally {
    await tw.cleanup();
  }
});

test('an up-to-date poll is answered from memory (no table is read); any new change is still delivered', async () => {
  const tw = await startTestTownship();
  try {
    const token = await tw.token('k1');
    const marks = feedMarks(tw.store);
    const woke = marks.wakeups;
    await upsertContent(tw.store, 'policy', 'p-one', policyBody('一'), null, new Date());
    const first = await poll(tw, 'k1', token, null);
    assert.equal(first.page!.items.length, 1);
    const cursor = first.page!.nextCursor;
    await marksSettled(tw, woke + 1);

    // With the feed and kiosk tables out of reach, only an answer from memory can succeed.
    // (PostgreSQL: the age bound would read the marks again after MAX_AGE_MS; raised for this step.)
    const hits = marks.hits;
    marks.maxAgeMs = 600_000;
    await tw.store.run(`ALTER TABLE changes RENAME TO changes_away`);
    await tw.store.run(`ALTER TABLE kiosks RENAME TO kiosks_away`);
    const current = await poll(tw, 'k1', token, cursor);
    await tw.store.run(`ALTER TABLE changes_away RENAME TO changes`);
    await tw.store.run(`ALTER TABLE kiosks_away RENAME TO kiosks`);
    marks.maxAgeMs = MAX_AGE_MS;
    assert.equal(current.status, 200, current.text);
    assert.deepEqual(current.page!.items, []);
    assert.equal(current.page!.cursor, cursor);
    assert.equal(current.page!.nextCursor, cursor, 'the cursor stays: nothing new');
    assert.equal(feedMarks(tw.store).hits, hits + 1);
    const again = await poll(tw, 'k1', token, cursor);
    assert.equal(again.signed!.signature, current.signed!.signature, 'the signed answer is reused, not signed afresh');

    // A change made by this process is delivered on the next poll (PostgreSQL: within the bound).
    await upsertContent(tw.store, 'policy', 'p-two', policyBody('二'), null, new Date());
    const next = await pollUntilSeen(tw, 'k1', token, cursor, Date.now());
    assert.deepEqual(next.ids, ['p-two']);

    // A change committed by another connection to the same data (the CLI, another process) arrives.
    const other = await openTownshipStore(tw.config, createMemoryLogger());
    await other.tx((q) => appendChange(q, { type: 'policy', itemId: 'p-three', kioskId: null, op: 'upsert', version: 1, body: policyBody('三'), at: new Date() }), { immediate: true });
    const committed = Date.now();
    await other.close();
    const third = await pollUntilSeen(tw, 'k1', token, next.page.nextCursor, committed);
    assert.deepEqual(third.ids, ['p-three']);
  } finally {
    await tw.cleanup();
  }
});

test("another kiosk's request status does not make this kiosk's poll read the database", async () => {
  const tw = await startTestTownship();
  try {
    const a = await tw.token('k-a');
    await tw.token('k-b');
    const marks = feedMarks(tw.store);
    const first = await poll(tw, 'k-a', a, null);
    const c = decodeCursor(feedDialect(tw.store), first.page!.nextCursor)!;
    let woke = marks.wakeups;
    await tw.store.tx((q) => appendChange(q, { type: 'request-status', itemId: 'r-b', kioskId: 'k-b', op: 'upsert', version: 1, body: { x: 1 }, at: new Date() }));
    await marksSettled(tw, woke + 1);
    assert.ok(marks.perKiosk.has('k-b'), 'the marks know of k-b\'s change');
    assert.ok(await marks.currentNow('k-a', c));
    woke = marks.wakeups;
    await tw.store.tx((q) => appendChange(q, { type: 'request-status', itemId: 'r-a', kioskId: 'k-a', op: 'upsert', version: 1, body: { x: 2 }, at: new Date() }));
    await marksSettled(tw, woke + 1);
    assert.ok(!(await marks.currentNow('k-a', c)));
  } finally {
    await tw.cleanup();
  }
});

test('last_seen_at stays off the request path: kept in memory, written in one flush and at shutdown', async () => {
  const tw = await startTestTownship();
  // What is stored, read through a store of its own (another connection; the township's store is closed at stop).
  const stored = async (id: string) => {
    const d = await openTownshipStore(tw.config, createMemoryLogger());
    try {
      return (await d.get<{ at: string | null }>(`SELECT last_seen_at AS at FROM kiosks WHERE kiosk_id = ?`, [id]))!.at;
    } finally {
      await d.close();
    }
  };
  try {
    const t1 = await tw.token('k1');
    const t2 = await tw.token('k2');
    await poll(tw, 'k1', t1, null);
    await poll(tw, 'k2', t2, null);
    assert.equal(await stored('k1'), null, 'a poll writes nothing');
    assert.ok((await listKiosks(tw.store)).find((k) => k.kioskId === 'k1')!.lastSeenAt, "the officials' list shows it already");
    assert.equal(await tw.flushLastSeen(), 2, 'both kiosks in one flush');
    assert.ok((await stored('k1')) && (await stored('k2')));
    const before = (await stored('k1'))!;
    await new Promise((r) => setTimeout(r, 5));
    await poll(tw, 'k1', t1, null);
    await tw.stop();
    assert.ok((await stored('k1'))! > before, 'stop flushes what is still in memory');
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

test('group commit: concurrent PUTs share transactions, every 201 is already on disk, each stored once', async () => {
  const { groupCommitStats } = await import('#src/township/group-commit.js');
  const { RELAY_PUT_PATH } = await import('#protocol/relay.js');
  const tw = await startTestTownship();
  // Another connection to the same data (SQLite: the file; PostgreSQL: the database).
  const reader = await openTownshipStore(tw.config, createMemoryLogger());
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
      assert.ok(await reader.get(`SELECT 1 AS one FROM requests WHERE id = ?`, [r.id]), `request ${r.id} is on disk when its 201 arrives`);
    }));
    const after = groupCommitStats(tw.store);
    assert.equal(after.items - before.items, 40);
    // SQLite: savepoints of one transaction (group-commit.ts); PostgreSQL: set-based groups (requests-many-pg.ts).
    assert.ok(after.groups - before.groups < 40, `40 PUTs took ${after.groups - before.groups} transactions`);
    // A retry of the same request is 200, not a second row.
    const again = await fetch(tw.base + RELAY_PUT_PATH('k1', reqs[0]!.id), { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(reqs[0]) });
    assert.equal(again.status, 200);
    assert.equal((await reader.get<{ n: number }>(`SELECT COUNT(*) AS n FROM requests`))!.n, 40);
  } finally {
    await reader.close();
    await tw.cleanup();
  }
});

// ---- PostgreSQL: LISTEN/NOTIFY wake-ups, the age bound, rows below the watermark, a lost listener ----
const pgOnly = { skip: !onPg && 'PostgreSQL only (TOWNSHIP_TEST_STORE=postgres): LISTEN/NOTIFY and the xid8 watermark' };

/** Polls with `cursor` until one answer comes from memory (the kiosk is up to date); returns it. */
async function pollUntilFromMemory(tw: TestTownship, kioskId: string, token: string, cursor: string) {
  const marks = feedMarks(tw.store);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const hits = marks.hits;
    const r = await poll(tw, kioskId, token, cursor);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.page!.items, []);
    if (marks.hits > hits) return r;
    assert.ok(Date.now() < deadline, 'no poll was answered from memory');
    await new Promise((res) => setTimeout(res, 20));
  }
}

const policyRow = (id: string) => ({ type: 'policy' as const, itemId: id, kioskId: null, op: 'upsert' as const, version: 1, body: policyBody(id), at: new Date() });

test('PostgreSQL: a change committed by another connection reaches a poll within the bound, with or without its notification', pgOnly, async () => {
  const tw = await startTestTownship();
  const other = await openTownshipStore(tw.config, createMemoryLogger());
  try {
    const token = await tw.token('k1');
    const first = await poll(tw, 'k1', token, null);
    const cursor = first.page!.nextCursor;
    await pollUntilFromMemory(tw, 'k1', token, cursor);

    // With its notification (the normal case): a few milliseconds.
    await other.tx((q) => appendChange(q, policyRow('p-hinted')));
    const seen = await pollUntilSeen(tw, 'k1', token, cursor, Date.now());
    assert.deepEqual(seen.ids, ['p-hinted']);

    // Without one (a notification lost, a silently dead LISTEN connection): the age bound still
    // reads the marks again, so the change reaches a poll no later than MAX_AGE_MS after it.
    const next = seen.page.nextCursor;
    await pollUntilFromMemory(tw, 'k1', token, next);
    const body = JSON.stringify(policyBody('无声'));
    await other.run(`INSERT INTO changes(type, item_id, kiosk_id, op, version, sha256, body, at) VALUES ('policy', 'p-silent', NULL, 'upsert', 1, ?, ?, ?)`, [sha256Hex(body), body, new Date().toISOString()]);
    const silent = await pollUntilSeen(tw, 'k1', token, next, Date.now());
    assert.deepEqual(silent.ids, ['p-silent']);
  } finally {
    await other.close();
    await tw.cleanup();
  }
});

test('PostgreSQL: a late-committing older transaction is not hidden: polls read the database while its rows are below the watermark, and see them once it commits', pgOnly, async () => {
  const tw = await startTestTownship();
  const other = await openTownshipStore(tw.config, createMemoryLogger());
  let release = () => {};
  let late: Promise<unknown> = Promise.resolve();
  try {
    const marks = feedMarks(tw.store);
    const token = await tw.token('k1');
    const first = await poll(tw, 'k1', token, null);
    const cursor = first.page!.nextCursor;
    await pollUntilFromMemory(tw, 'k1', token, cursor);

    // An older transaction appends and stays open; a newer one appends and commits.
    const gate = new Promise<void>((r) => (release = r));
    let appended = () => {};
    const began = new Promise<void>((r) => (appended = r));
    late = other.tx(async (q) => {
      await appendChange(q, policyRow('p-late'));
      appended();
      await gate;
    });
    await began;
    const woke = marks.wakeups;
    const newer = await other.tx((q) => appendChange(q, policyRow('p-newer')));
    await marksSettled(tw, woke + 1);
    assert.ok(marks.dialect.compare(marks.shared, newer) >= 0, 'the marks know of the committed row above the watermark');

    // Its row is committed but not readable (the older transaction holds the watermark back):
    // the poll is not answered from memory, it reads the database and finds nothing yet.
    const hits = marks.hits;
    let c = cursor;
    for (let i = 0; i < 3; i++) {
      const r = await poll(tw, 'k1', token, c);
      assert.deepEqual(r.page!.items, [], 'nothing is readable yet');
      c = r.page!.nextCursor;
    }
    assert.equal(marks.hits, hits, 'no answer came from memory while a committed row waited below the watermark');

    // The older transaction commits: both rows arrive, none hidden.
    release();
    await late;
    const committed = Date.now();
    const ids: string[] = [];
    let cur = c;
    while (ids.length < 2) {
      const r = await pollUntilSeen(tw, 'k1', token, cur, committed);
      ids.push(...r.ids);
      cur = r.page.nextCursor;
    }
    assert.deepEqual(ids.sort(), ['p-late', 'p-newer']);

    // The watermark then moves on with transactions that write no feed row: the kiosk's cursor stays
    // the same and its polls are answered from memory.
    await pollUntilFromMemory(tw, 'k1', token, cur);
    for (let i = 0; i < 5; i++) await other.tx((q) => q.get(`SELECT pg_current_xact_id()::text AS x`));
    await marksSettled(tw);
    const ordinary = await readFeedPage(tw.store, tw.key, 'k1', cur, 200, new Date());
    assert.ok(ordinary.ok);
    assert.equal(ordinary.page.nextCursor, cur, 'the ordinary path keeps the cursor too: it moves to the newest readable row, not to the watermark');
    marks.maxAgeMs = 0; // the next poll reads the marks again (the watermark has moved)
    const hitsBefore = marks.hits;
    const after = await poll(tw, 'k1', token, cur);
    marks.maxAgeMs = MAX_AGE_MS;
    assert.equal(after.page!.nextCursor, cur, 'the cursor does not follow the watermark');
    assert.equal(marks.hits, hitsBefore + 1, 'answered from memory');
  } finally {
    release();
    await late.catch(() => undefined);
    await other.close();
    await tw.cleanup();
  }
});

test('PostgreSQL: the LISTEN connection killed by the server: polls stay correct on the ordinary path, the listener reconnects (logged once) and memory answers resume', pgOnly, async () => {
  const tw = await startTestTownship();
  const other = await openTownshipStore(tw.config, createMemoryLogger());
  const records = (tw.log as unknown as { records: Array<{ event: string }> }).records;
  const events = (name: string) => records.filter((r) => r.event === name).length;
  try {
    const marks = feedMarks(tw.store);
    const token = await tw.token('k1');
    const first = await poll(tw, 'k1', token, null);
    let cursor = first.page!.nextCursor;
    await pollUntilFromMemory(tw, 'k1', token, cursor);

    // Reconnect only after 3 s, so the test sees the township without its listener.
    (marks.listening as PgListener).retryMs = 3000;
    const killed = await tw.store.get<{ n: number }>(
      `SELECT COUNT(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'village-kiosk-township-listen' AND query = 'LISTEN township_feed'`,
    );
    assert.equal(killed!.n, 1, "one feed LISTEN connection per township process (the kiosk tokens' is another)");
    const deadline = Date.now() + 10_000;
    while (!events('township.pg.listen-lost') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(events('township.pg.listen-lost'), 1, 'the loss is logged');
    assert.equal(marks.usable, false);

    // Meanwhile: no memory answers (they could hide a change), and changes arrive on the next poll.
    const hits = marks.hits;
    const plain = await poll(tw, 'k1', token, cursor);
    assert.equal(plain.status, 200);
    assert.deepEqual(plain.page!.items, []);
    assert.equal(marks.hits, hits, 'read from the database, not answered from memory');
    await other.tx((q) => appendChange(q, policyRow('p-while-lost')));
    const seen = await pollUntilSeen(tw, 'k1', token, cursor, Date.now());
    assert.deepEqual(seen.ids, ['p-while-lost']);
    if (!marks.usable) assert.equal(marks.hits, hits, 'the ordinary path answered while the listener was lost');
    cursor = seen.page.nextCursor;

    // It comes back by itself, logged once, and memory answers resume.
    while (!events('township.pg.listen-restored') && Date.now() < deadline + 10_000) await new Promise((r) => setTimeout(r, 20));
    assert.equal(events('township.pg.listen-restored'), 1, 'the reconnection is logged');
    assert.equal(events('township.pg.listen-lost'), 1, 'the loss was logged once, not once per attempt or poll');
    await pollUntilFromMemory(tw, 'k1', token, cursor);
    await other.tx((q) => appendChange(q, policyRow('p-after')));
    const after = await pollUntilSeen(tw, 'k1', token, cursor, Date.now());
    assert.deepEqual(after.ids, ['p-after']);
  } finally {
    await other.close();
    await tw.cleanup();
  }
});

test("PostgreSQL: a burst of other kiosks' request statuses neither makes this kiosk's polls read the database nor starts a read per notification", pgOnly, async () => {
  const tw = await startTestTownship();
  const other = await openTownshipStore(tw.config, createMemoryLogger());
  try {
    const marks = feedMarks(tw.store);
    const token = await tw.token('k-a');
    const first = await poll(tw, 'k-a', token, null);
    const cursor = first.page!.nextCursor;
    await pollUntilFromMemory(tw, 'k-a', token, cursor);
    const WRITES = 60;
    const reads = marks.reads;
    const woke = marks.wakeups;
    const hits = marks.hits;
    let polls = 0;
    let writing = true;
    const started = Date.now();
    // One after another, as relayed requests arrive: each commit notifies.
    const writes = (async () => {
      for (let i = 0; i < WRITES; i++) await other.tx((q) => appendChange(q, { type: 'request-status', itemId: `r-${i}`, kioskId: `k-b${i % 7}`, op: 'upsert', version: 1, body: { i }, at: new Date() }));
    })().finally(() => (writing = false));
    while (writing) {
      const r = await poll(tw, 'k-a', token, cursor);
      assert.deepEqual(r.page!.items, []);
      polls++;
    }
    await writes;
    const elapsed = Date.now() - started;
    await marksSettled(tw, woke + WRITES);
    assert.equal(marks.hits - hits, polls, "every poll of k-a was answered from memory while other kiosks' statuses arrived");
    const r = await poll(tw, 'k-a', token, cursor);
    assert.deepEqual(r.page!.items, []);
    // At most one read per 50 ms from notifications, one per MAX_AGE_MS from the age bound, and the settling.
    const allowed = Math.ceil(elapsed / 50) + Math.ceil(elapsed / MAX_AGE_MS) + 3;
    assert.ok(marks.reads - reads <= allowed, `${marks.reads - reads} reads of the marks for ${WRITES} notifications in ${elapsed} ms (at most ${allowed})`);
    assert.ok([...Array(7).keys()].every((i) => marks.perKiosk.has(`k-b${i}`)), 'the marks know of every one of them');
  } finally {
    await other.close();
    await tw.cleanup();
  }
});
