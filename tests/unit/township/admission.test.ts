// Admission control (issue 13 §4, src/township/admission.ts) through a real township HTTP server
// on port 0 over the test store (SQLite, or PostgreSQL with TOWNSHIP_TEST_STORE=postgres): the
// event-loop-lag rule and the work-in-flight rule each refuse kiosk calls with 503 + Retry-After
// (5-30 s) and one summary log line; refused work is not stored; once the load is gone the same
// calls are admitted. (The requests-in-flight cap: tests/unit/township/cheap-polls.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { FEED_PATH } from '#protocol/feed.js';
import { RELAY_BATCH_PATH, RELAY_PUT_PATH } from '#protocol/relay.js';
import { BATCH_ITEM_BYTES_ESTIMATE, requestWork } from '#src/township/admission.js';
import { makeRequest, startTestTownship, type TestTownship } from './helpers.js';

type Records = Array<{ event: string; reason?: string; workInFlight?: number; lagMs?: number }>;
const records = (tw: TestTownship) => (tw.log as unknown as { records: Records }).records;

async function waitFor(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const put = (tw: TestTownship, token: string, r: ReturnType<typeof makeRequest>) =>
  fetch(tw.base + RELAY_PUT_PATH(r.kioskId, r.id), { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(r) });
const batch = (tw: TestTownship, token: string, items: Array<ReturnType<typeof makeRequest>>) =>
  fetch(tw.base + RELAY_BATCH_PATH(items[0]!.kioskId), { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
const stored = async (tw: TestTownship, ids: string[]) =>
  Number((await tw.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM requests WHERE id IN (${ids.map(() => '?').join(', ')})`, ids))!.n);

/** `reason`: the summary line expected (null: none, it is written at most every 10 s). */
async function assertBusy(res: Response, reason: string | null, tw: TestTownship): Promise<void> {
  assert.equal(res.status, 503, await res.clone().text());
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 5 && retryAfter <= 30, `Retry-After ${retryAfter} is within 5-30 s`);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'busy');
  if (reason) assert.ok(records(tw).some((r) => r.event === 'overload-refused' && r.reason === reason), `an overload-refused line with reason ${reason}`);
}

test('event-loop lag: while the loop runs late kiosk calls get 503 + Retry-After, nothing refused is stored, and calls are admitted again once it catches up', async () => {
  const tw = await startTestTownship({ http: { port: 0, overloadLagMs: 40 } });
  let blocking = true;
  try {
    const token = await tw.token('k1');
    const r = makeRequest('k1');
    // A sustained load: the loop is busy for 120 ms at a time, so every 20 ms probe fires late.
    const block = () => {
      if (!blocking) return;
      const end = performance.now() + 120;
      while (performance.now() < end);
      setTimeout(block, 0);
    };
    block();
    await waitFor('the lag to pass 40 ms', () => tw.admission.lagMs() > 40);
    await assertBusy(await put(tw, token, r), 'lag', tw);
    await assertBusy(await fetch(tw.base + FEED_PATH('k1'), { headers: { authorization: `Bearer ${token}` } }), null, tw);
    assert.equal(await stored(tw, [r.id]), 0, 'the refused PUT was not stored');
    assert.ok(tw.admission.refused() >= 2);
    // Officials' pages and /healthz are never refused for lag.
    assert.equal((await fetch(tw.base + '/healthz')).status, 200);
    blocking = false;
    await waitFor('the lag to drop', () => tw.admission.lagMs() <= 40);
    const again = await put(tw, token, r);
    assert.equal(again.status, 201, await again.text());
    assert.equal(await stored(tw, [r.id]), 1, 'stored once when sent again');
  } finally {
    blocking = false;
    await tw.cleanup();
  }
});

test('work in flight is counted, not requests: a poll 1, a PUT 2, a batch about one per item (from its size)', () => {
  assert.deepEqual(requestWork('GET', '/v1/kiosks/k1/changes?cursor=x', undefined), { work: 1, batch: false });
  assert.deepEqual(requestWork('PUT', '/v1/kiosks/k1/requests/abc', '350'), { work: 2, batch: false });
  assert.deepEqual(requestWork('POST', '/v1/kiosks/k1/requests:batch', String(20 * BATCH_ITEM_BYTES_ESTIMATE)), { work: 20, batch: true });
  assert.deepEqual(requestWork('POST', '/v1/kiosks/k1/requests:batch', '100'), { work: 2, batch: true }, 'at least a PUT');
  assert.deepEqual(requestWork('POST', '/v1/kiosks/k1/requests:batch', '10000000'), { work: 50, batch: true }, 'at most a full batch');
  assert.deepEqual(requestWork('POST', '/v1/kiosks/k1/requests:batch', undefined), { work: 50, batch: true }, 'no length: a full batch');
});

test('work cap: batches stop at three quarters of maxWorkInFlight while PUTs and polls still pass; beyond the cap everything waits; refused items are not stored; admitted again once work drains', async () => {
  // maxWorkInFlight 10: batches may fill 7.5 of it. Slow PUTs (2 each) hold work: their bodies never finish.
  const tw = await startTestTownship({ http: { port: 0, maxWorkInFlight: 10, maxRequestsInFlight: 1000 } });
  const sockets: net.Socket[] = [];
  const hold = async (n: number, token: string) => {
    for (let i = 0; i < n; i++) {
      const s = net.connect(tw.port, '127.0.0.1');
      await new Promise<void>((r) => s.once('connect', () => r()));
      s.write(`PUT /v1/kiosks/k1/requests/00000000-0000-7000-8000-0000000000${String(sockets.length).padStart(2, '0')} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${token}\r\ncontent-length: 1000\r\n\r\n{"id":`);
      sockets.push(s);
    }
  };
  try {
    const token = await tw.token('k1');
    await hold(3, token);
    await waitFor('6 units of work in flight', () => tw.admission.workInFlight() === 6);
    // A batch of 5 items (about 5 units): 6 + 5 > 7.5, refused, and none of its items stored.
    const items = Array.from({ length: 5 }, () => makeRequest('k1'));
    const bytes = JSON.stringify({ items }).length;
    assert.ok(bytes / BATCH_ITEM_BYTES_ESTIMATE > 1.5, `the batch (${bytes} bytes) is estimated at more than 1.5 units`);
    await assertBusy(await batch(tw, token, items), 'batch-work', tw);
    assert.equal(await stored(tw, items.map((x) => x.id)), 0, 'no item of the refused batch was stored');
    // A villager's new PUT (2 units: 6 + 2 <= 10) still passes.
    const live = makeRequest('k1');
    assert.equal((await put(tw, token, live)).status, 201);
    // Two more held PUTs: 10 units, the cap; a poll (1 more) waits too.
    await hold(2, token);
    await waitFor('10 units of work in flight', () => tw.admission.workInFlight() === 10);
    await assertBusy(await fetch(tw.base + FEED_PATH('k1'), { headers: { authorization: `Bearer ${token}` } }), null, tw);
    assert.equal(records(tw).filter((r) => r.event === 'overload-refused').length, 1, 'one summary line per 10 s, not one per refusal');
    const logged = records(tw).find((r) => r.event === 'overload-refused' && r.reason === 'batch-work');
    assert.equal(logged?.workInFlight, 6, 'the summary line says how much work was in flight');
    // The load drops: the same batch is admitted and stored, each item once.
    for (const s of sockets) s.destroy();
    await waitFor('the work to drain', () => tw.admission.workInFlight() === 0);
    const res = await batch(tw, token, items);
    assert.equal(res.status, 200, await res.text());
    assert.equal(await stored(tw, items.map((x) => x.id)), 5);
    assert.equal((await fetch(tw.base + FEED_PATH('k1'), { headers: { authorization: `Bearer ${token}` } })).status, 200);
  } finally {
    for (const s of sockets) s.destroy();
    await tw.cleanup();
  }
});

test('a lone request heavier than the cap is still admitted (a full batch never starves)', async () => {
  const tw = await startTestTownship({ http: { port: 0, maxWorkInFlight: 4 } });
  try {
    const token = await tw.token('k1');
    const items = Array.from({ length: 20 }, () => makeRequest('k1'));
    const res = await batch(tw, token, items);
    assert.equal(res.status, 200, await res.text());
    assert.equal(await stored(tw, items.map((x) => x.id)), 20);
  } finally {
    await tw.cleanup();
  }
});
