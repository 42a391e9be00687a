// The relay worker against a real HTTP server (tests/unit/relay/fake-township.ts) that
// answers like the township, with scripted odd answers.
import assert from 'node:assert/strict';
import test from 'node:test';
import { createServer } from 'node:net';
import type { LinkStatusEvent } from '#contract/core.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { createRelayWorker, type RelayWorkerOptions } from '#src/relay/worker.js';
import { createRequestStore } from '#src/requests/store.js';
import { fakeClock, sample, tempDb } from '../requests/helpers.js';
import { startFakeTownship } from './fake-township.js';

async function setup(n: number, opts: Partial<RelayWorkerOptions> & { token?: string } = {}) {
  const t = tempDb();
  const ft = await startFakeTownship();
  const clock = fakeClock();
  const bus = createEventBus();
  const events: LinkStatusEvent[] = [];
  bus.onAny((name, payload) => {
    if (name === 'linkStatus') events.push(payload as LinkStatusEvent);
  });
  const link = createLinkMonitor(bus, { configured: true, now: clock.now });
  const store = createRequestStore(t.db, { kioskId: 'k-1', now: clock.now });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = store.submit(sample(i));
    assert.ok(r.ok);
    ids.push(r.id);
  }
  const log = createMemoryLogger();
  const worker = createRelayWorker({
    db: t.db,
    kioskId: 'k-1',
    townshipUrl: ft.url,
    kioskToken: opts.token ?? ft.token,
    log,
    link,
    now: clock.now,
    random: () => 0.5,
    backoff: { baseMs: 30_000, capMs: 900_000, minMs: 1000 },
    timeoutMs: 2000,
    batchThreshold: 5,
    ...opts,
  });
  const state = (id: string) => t.db.prepare('SELECT o.state, o.attempts, o.next_attempt_ms, o.attention_status, o.maybe_delivered, r.sent_at, r.township_ref, r.township_date, r.frozen_at FROM outbox o JOIN requests r ON r.id = o.request_id WHERE o.request_id = ?').get(id) as {
    state: string;
    attempts: number;
    next_attempt_ms: number;
    attention_status: number | null;
    maybe_delivered: number;
    sent_at: string | null;
    township_ref: string | null;
    township_date: string | null;
    frozen_at: string | null;
  };
  return {
    t,
    ft,
    clock,
    link,
    events,
    store,
    ids,
    log,
    worker,
    state,
    async close() {
      await worker.stop();
      await ft.close();
      t.cleanup();
    },
  };
}

test('201 then 200 on a resend: sent, ack and the township Date header stored, exact bytes sent', async () => {
  const s = await setup(3);
  try {
    const stats = await s.worker.runOnce();
    assert.deepEqual({ sent: stats.sent, calls: stats.calls }, { sent: 3, calls: 3 });
    for (const id of s.ids) {
      const st = s.state(id);
      assert.equal(st.state, 'sent');
      assert.ok(st.township_ref?.startsWith('T-'));
      assert.ok(st.township_date && !Number.isNaN(Date.parse(st.township_date)), 'Date header stored');
      assert.ok(st.frozen_at);
      const body = (s.t.db.prepare('SELECT body FROM requests WHERE id = ?').get(id) as { body: string }).body;
      assert.equal(s.ft.stored.get(id)!.body, body, 'the township got the stored bytes exactly');
    }
    assert.ok(Math.max(...s.ft.rawBytes) <= 1024, `largest body ${Math.max(...s.ft.rawBytes)} bytes`);
    assert.equal(s.link.current().link.state, 'online');
    assert.deepEqual([s.link.current().queued, s.link.current().needsAttention], [0, 0]);
    // A crash after the township stored it but before we recorded it: resent, 200, same ack.
    const firstRef = s.state(s.ids[0]!).township_ref;
    s.t.db.prepare("UPDATE outbox SET state = 'attempting' WHERE request_id = ?").run(s.ids[0]);
    await s.worker.runOnce();
    assert.equal(s.ft.calls.at(-1)!.status, 200);
    assert.equal(s.state(s.ids[0]!).state, 'sent');
    assert.equal(s.state(s.ids[0]!).township_ref, firstRef);
    assert.equal(s.ft.stored.size, 3);
  } finally {
    await s.close();
  }
});

test('409 and 422 park the request for an attendant; the others still go', async () => {
  const s = await setup(4);
  try {
    s.ft.script.set(s.ids[0]!, [{ status: 409, body: { error: { code: 'conflict', message: 'same id, different content' } } }]);
    s.ft.script.set(s.ids[2]!, [{ status: 422, body: { error: { code: 'invalid', message: 'phone rejected' } } }]);
    const stats = await s.worker.runOnce();
    assert.equal(stats.sent, 2);
    assert.equal(stats.needsAttention, 2);
    assert.equal(s.state(s.ids[0]!).state, 'needs-attention');
    assert.equal(s.state(s.ids[0]!).attention_status, 409);
    assert.equal(s.state(s.ids[2]!).attention_status, 422);
    assert.equal(s.state(s.ids[1]!).state, 'sent');
    assert.equal(s.state(s.ids[3]!).state, 'sent');
    assert.equal(s.link.current().needsAttention, 2);
    // Never retried automatically, never dropped.
    s.clock.advance(24 * 3600_000);
    const again = await s.worker.runOnce();
    assert.equal(again.calls, 0);
    assert.equal((s.t.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n, 4);
  } finally {
    await s.close();
  }
});

test('401 pauses the whole queue and tells the link; nothing is counted as failed', async () => {
  const s = await setup(3, { token: 'wrong-token-0123456789' });
  try {
    const stats = await s.worker.runOnce();
    assert.equal(stats.paused, true);
    assert.equal(stats.calls, 1, 'stops at the first 401');
    assert.equal(s.link.current().link.state, 'paused');
    assert.match(s.worker.state().paused!, /401/);
    for (const id of s.ids) assert.equal(s.state(id).state, 'queued');
    assert.equal(s.state(s.ids[0]!).attempts, 0);
    const more = await s.worker.runOnce();
    assert.equal(more.calls, 0, 'paused: no more calls');
    assert.ok(s.log.records.some((r) => r.event === 'relay-paused'));
  } finally {
    await s.close();
  }
});

test('503 with Retry-After: that long before the next try, for the whole queue', async () => {
  const s = await setup(2);
  try {
    s.ft.global.push({ status: 503, headers: { 'retry-after': '120' } });
    const stats = await s.worker.runOnce();
    assert.equal(stats.calls, 1);
    assert.equal(stats.retried, 1);
    const st = s.state(s.ids[0]!);
    assert.equal(st.state, 'queued');
    assert.equal(st.next_attempt_ms, s.clock.ms() + 120_000);
    assert.equal(s.worker.state().holdUntilMs, s.clock.ms() + 120_000);
    s.clock.advance(119_000);
    assert.equal((await s.worker.runOnce()).calls, 0);
    s.clock.advance(1_000);
    const later = await s.worker.runOnce();
    assert.equal(later.sent, 2);
  } finally {
    await s.close();
  }
});

test('network error (connection refused): transient, backoff with jitter, cancel still allowed', async () => {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  const s = await setup(2, { townshipUrl: `http://127.0.0.1:${port}` });
  try {
    const stats = await s.worker.runOnce();
    assert.equal(stats.calls, 1, 'one network failure holds the whole queue');
    const st = s.state(s.ids[0]!);
    assert.equal(st.state, 'queued');
    assert.equal(st.maybe_delivered, 0);
    assert.equal(st.next_attempt_ms, s.clock.ms() + 15_000, 'random 0.5 of the 30 s ceiling');
    assert.equal(s.link.current().link.state, 'offline');
    assert.equal(s.store.cancel(s.ids[0]!).ok, true, 'nothing can have reached the township');
    s.clock.advance(10_000);
    assert.equal((await s.worker.runOnce()).calls, 0, 'still holding');
  } finally {
    await s.close();
  }
});

test('timeout and dropped connection: transient, maybe delivered (cancel refused), resent later', async () => {
  const s = await setup(1, { timeoutMs: 300 });
  try {
    s.ft.script.set(s.ids[0]!, ['destroy']);
    const stats = await s.worker.runOnce();
    assert.equal(stats.retried, 1);
    assert.equal(s.state(s.ids[0]!).maybe_delivered, 1);
    const c = s.store.cancel(s.ids[0]!);
    assert.equal(c.ok ? null : c.reason, 'already-sending');
    s.clock.advance(60_000);
    assert.equal((await s.worker.runOnce()).sent, 1);
  } finally {
    await s.close();
  }
});

test('a truncated answer is transient; the resend gets 200 and no duplicate is stored', async () => {
  const s = await setup(2);
  try {
    // The township stores the first request, but its answer is cut off.
    s.ft.script.set(s.ids[0]!, []);
    const realFetch = globalThis.fetch;
    let cut = true;
    const fetchCut: typeof fetch = async (url, init) => {
      const res = await realFetch(url, init);
      if (cut && (url instanceof Request ? url.url : String(url)).endsWith(s.ids[0]!)) {
        cut = false;
        const text = await res.text();
        return new Response(new ReadableStream({ start: (c) => { c.enqueue(new TextEncoder().encode(text.slice(0, 12))); c.error(new Error('terminated')); } }), { status: res.status, headers: res.headers });
      }
      return res;
    };
    const s2 = createRelayWorker({ db: s.t.db, kioskId: 'k-1', townshipUrl: s.ft.url, kioskToken: s.ft.token, log: s.log, now: s.clock.now, random: () => 0.5, fetch: fetchCut });
    const first = await s2.runOnce();
    assert.equal(first.sent, 1, 'the second request is not blocked by the first');
    assert.equal(first.retried, 1);
    assert.equal(s.state(s.ids[0]!).state, 'queued');
    assert.equal(s.ft.stored.size, 2, 'the township did store it');
    s.clock.advance(3600_000);
    const second = await s2.runOnce();
    assert.equal(second.sent, 1);
    assert.equal(s.ft.calls.at(-1)!.status, 200, 'identical resend acknowledged');
    assert.equal(s.ft.stored.size, 2);
    await s2.stop();
  } finally {
    await s.close();
  }
});

test('a truncated body from the real socket (content-length not met) is transient', async () => {
  const s = await setup(1);
  try {
    s.ft.script.set(s.ids[0]!, ['truncate']);
    const stats = await s.worker.runOnce();
    assert.equal(stats.retried, 1);
    assert.equal(s.state(s.ids[0]!).state, 'queued');
    assert.equal(s.state(s.ids[0]!).maybe_delivered, 1);
  } finally {
    await s.close();
  }
});

test('one bad item never blocks the rest: a 500 on one, the others are sent in the same pass', async () => {
  const s = await setup(4);
  try {
    s.ft.script.set(s.ids[1]!, [{ status: 500 }, { status: 500 }]);
    const stats = await s.worker.runOnce();
    assert.equal(stats.sent, 3);
    assert.equal(s.state(s.ids[1]!).state, 'queued');
    assert.equal(s.state(s.ids[1]!).attempts, 1);
    assert.ok(s.state(s.ids[1]!).next_attempt_ms > s.clock.ms());
  } finally {
    await s.close();
  }
});

test('backlog uses the batch endpoint (<= 50 per call); per-item results applied', async () => {
  const s = await setup(120);
  try {
    s.ft.script.set(s.ids[7]!, [{ status: 422 }]);
    const stats = await s.worker.runOnce();
    const batches = s.ft.calls.filter((c) => c.method === 'POST');
    assert.ok(batches.length >= 3, `${batches.length} batch calls`);
    assert.ok(batches.every((b) => (b.items ?? 0) <= 50));
    assert.equal(stats.sent, 119);
    assert.equal(stats.needsAttention, 1);
    assert.equal(s.state(s.ids[7]!).state, 'needs-attention');
    assert.equal(s.ft.stored.size, 119);
  } finally {
    await s.close();
  }
});

test('no batch endpoint (404): falls back to one PUT per request', async () => {
  const s = await setup(8);
  try {
    s.ft.batchEnabled = false;
    const stats = await s.worker.runOnce();
    assert.equal(stats.sent, 8);
    assert.equal(s.ft.calls.filter((c) => c.method === 'POST').length, 1);
    assert.equal(s.ft.calls.filter((c) => c.method === 'PUT').length, 8);
    for (const id of s.ids) assert.equal(s.state(id).attempts, 1, 'the refused batch did not count as an attempt');
  } finally {
    await s.close();
  }
});

test('link-up retries at once; started worker drains without being asked', async () => {
  const s = await setup(2);
  try {
    s.ft.global.push({ status: 502 }, { status: 502 });
    await s.worker.runOnce();
    assert.equal(s.state(s.ids[0]!).state, 'queued');
    // The sync (or anything) reaches the township: the link goes offline -> online.
    s.link.reportFailure('test', null);
    s.worker.start();
    s.link.reportContact();
    for (let i = 0; i < 50 && s.state(s.ids[1]!).state !== 'sent'; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.state(s.ids[0]!).state, 'sent');
    assert.equal(s.state(s.ids[1]!).state, 'sent');
  } finally {
    await s.close();
  }
});

test('cancelled requests are never sent', async () => {
  const s = await setup(3);
  try {
    assert.ok(s.store.cancel(s.ids[1]!).ok);
    await s.worker.runOnce();
    assert.equal(s.ft.stored.has(s.ids[1]!), false);
    assert.equal(s.ft.stored.size, 2);
    assert.equal(s.state(s.ids[1]!).state, 'cancelled');
  } finally {
    await s.close();
  }
});

test('plain http to a non-loopback township is refused with a clear reason', async () => {
  const s = await setup(1, { townshipUrl: 'http://township.example.cn' });
  try {
    const stats = await s.worker.runOnce();
    assert.equal(stats.calls, 0);
    assert.match(s.worker.state().paused!, /https/);
    assert.equal(s.link.current().link.state, 'paused');
  } finally {
    await s.close();
  }
});
