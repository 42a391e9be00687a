// The officials' live "new request" alerts (GET /officials/events, server-sent events), read
// over real HTTP from a real township: a request relayed after the page connected is announced
// once; one existing before is not; on PostgreSQL a request whose transaction commits after
// one with a higher ref is announced too (refs are taken before commit, alert-cursor.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeRequest, openTestStore, put, startTestTownship, type TestTownship } from '../helpers.js';
import { officialSession } from '../session.js';
import { addOfficial } from '#src/township/officials.js';
import { storeRequest } from '#src/township/requests.js';
import { TYPE_LABELS } from '#src/township/web/labels.js';
import { MAX_STREAMS } from '#src/township/web/followup-pages.js';

interface Announced {
  id: string;
  code: string;
  type: string;
  typeLabel: string;
  village: string;
}

/** An open SSE stream: the events so far, and a wait for one matching. */
async function openStream(tw: TestTownship, cookie: string) {
  // a stream another test just closed may hold its place a moment longer: retry a 503 briefly
  const ac = new AbortController();
  const giveUp = Date.now() + 20_000;
  let res = await fetch(`${tw.base}/officials/events`, { headers: { cookie }, signal: ac.signal });
  while (res.status === 503 && Date.now() < giveUp) {
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 50));
    res = await fetch(`${tw.base}/officials/events`, { headers: { cookie }, signal: ac.signal });
  }
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const events: Announced[] = [];
  let connected = false;
  let waiters: (() => void)[] = [];
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (/^: connected$/m.test(block)) connected = true;
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev === 'request' && data) events.push(JSON.parse(data) as Announced);
        }
        const w = waiters;
        waiters = [];
        for (const f of w) f();
      }
    } catch {
      // aborted at close
    }
  })();
  const until = async (what: string, ok: () => boolean, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${ms} ms; events so far: ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };
  await until('": connected" line', () => connected);
  return {
    events,
    until,
    /** Resolves when the server ends the stream. */
    ended: pump,
    /** Waits for the announcement of this request id. */
    announced: (id: string) => until(`announcement of ${id}`, () => events.some((e) => e.id === id)).then(() => events.find((e) => e.id === id)!),
    async close() {
      ac.abort();
      await pump;
    },
  };
}

describe('officials live alerts (GET /officials/events)', () => {
  let tw: TestTownship;
  let cookie: string;
  before(async () => {
    tw = await startTestTownship();
    assert.ok((await addOfficial(tw.store, 'zhao', 'zhao-password')).ok);
    cookie = (await officialSession(tw, 'zhao', 'zhao-password')).cookie;
  });
  after(async () => tw.cleanup());

  test('a request relayed after the page connected is announced once, with code, type label and village; one existing before is not', async () => {
    const token = await tw.token('k-alert-1', '东村');
    const old = makeRequest('k-alert-1');
    assert.equal((await put(tw, 'k-alert-1', old.id, old, token)).status, 201);
    const s = await openStream(tw, cookie);
    try {
      const fresh = makeRequest('k-alert-1', { payload: { type: 'legal-aid', matter: 'unpaid-wages', amountYuan: 1200 } });
      assert.equal((await put(tw, 'k-alert-1', fresh.id, fresh, token)).status, 201);
      const later = makeRequest('k-alert-1');
      const got = await s.announced(fresh.id);
      assert.equal(got.code, fresh.code);
      assert.equal(got.type, 'legal-aid');
      assert.equal(got.typeLabel, TYPE_LABELS['legal-aid'][0]);
      assert.equal(got.village, '东村');
      // a later request announced after it proves later polls ran: still once each, old never
      assert.equal((await put(tw, 'k-alert-1', later.id, later, token)).status, 201);
      await s.announced(later.id);
      assert.equal(s.events.filter((e) => e.id === fresh.id).length, 1);
      assert.equal(s.events.filter((e) => e.id === later.id).length, 1);
      assert.equal(s.events.some((e) => e.id === old.id), false);
    } finally {
      await s.close();
    }
  });

  test('at most MAX_STREAMS streams are open at once (the next gets 503 and retry-after); a closed one frees its place', async () => {
    const open = [];
    try {
      for (let i = 0; i < MAX_STREAMS; i++) open.push(await openStream(tw, cookie));
      const refused = await fetch(`${tw.base}/officials/events`, { headers: { cookie } });
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '30');
      await refused.body?.cancel();
      await open.pop()!.close();
      // the server sees the close a moment later: wait for a place, with a deadline
      const deadline = Date.now() + 20_000;
      for (;;) {
        const ac = new AbortController();
        const res = await fetch(`${tw.base}/officials/events`, { headers: { cookie }, signal: ac.signal });
        ac.abort();
        if (res.status === 200) break;
        assert.equal(res.status, 503);
        if (Date.now() > deadline) throw new Error('no place freed 20 s after a stream closed');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await Promise.all(open.map((s) => s.close()));
    }
  });

  test('PostgreSQL: a request committing after one with a higher ref (another process) is announced too, once', { skip: process.env.TOWNSHIP_TEST_STORE !== 'postgres' && 'PostgreSQL only (TOWNSHIP_TEST_STORE=postgres)' }, async () => {
    const token = await tw.token('k-alert-2', '西村');
    // a second store on the same database: the other township process
    const other = await openTestStore(tw.dataDir);
    const s = await openStream(tw, cookie);
    try {
      const held = makeRequest('k-alert-2');
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const insertedP = new Promise<void>((r) => (inserted = r));
      const heldTx = other.tx(async (q) => {
        const text = JSON.stringify(held);
        const r = await storeRequest(q, 'k-alert-2', '西村', held.id, held, text, new Date());
        assert.ok(r.ok, JSON.stringify(r));
        inserted();
        await released;
      });
      await insertedP;
      const quick = makeRequest('k-alert-2');
      assert.equal((await put(tw, 'k-alert-2', quick.id, quick, token)).status, 201);
      await s.announced(quick.id);
      const refs = (await tw.store.all<{ id: string; ref: number }>(`SELECT id, ref FROM requests WHERE id IN (?, ?)`, [held.id, quick.id])).map((r) => r.id);
      assert.deepEqual(refs, [quick.id], 'the held request is not committed yet');
      release();
      await heldTx;
      const heldRef = Number(((await tw.store.get(`SELECT ref FROM requests WHERE id = ?`, [held.id])) as { ref: number }).ref);
      const quickRef = Number(((await tw.store.get(`SELECT ref FROM requests WHERE id = ?`, [quick.id])) as { ref: number }).ref);
      assert.ok(heldRef < quickRef, `the held request took the lower ref (${heldRef} < ${quickRef})`);
      const got = await s.announced(held.id);
      assert.equal(got.code, held.code);
      assert.equal(got.village, '西村');
      assert.equal(s.events.filter((e) => e.id === quick.id).length, 1);
    } finally {
      await s.close();
      await other.close();
    }
  });
});

test('the live stream ends when the township shuts down', async () => {
  const tw = await startTestTownship();
  try {
    assert.ok((await addOfficial(tw.store, 'qian', 'qian-password')).ok);
    const { cookie } = await officialSession(tw, 'qian', 'qian-password');
    const s = await openStream(tw, cookie);
    const stopping = tw.stop();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the stream was still open 20 s after stop()')), 20_000)));
    try {
      await Promise.race([Promise.all([s.ended, stopping]), deadline]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await tw.cleanup();
  }
});
