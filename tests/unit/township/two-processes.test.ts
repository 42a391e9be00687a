// Two township processes on one PostgreSQL database (issue 13 §3): real child processes of the
// built server (tests/support/township-process.ts), each with its own data directory, sharing
// the database (TOWNSHIP_DATABASE_URL) and the feed signing key (TOWNSHIP_SIGNING_KEY_FILE).
// A kiosk alternates between them (PUTs, retries, batches, feed polls); identical PUTs reach
// both at once; an official signs in on one and sets a status on the other. Nothing is lost,
// nothing is stored twice, the session holds on both, and the status reaches the kiosk's feed,
// signed with the one shared key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { publicKeyFromBase64, verifyBytes } from '#protocol/signing.js';
import { RelayBatchResult } from '#protocol/relay.js';
import type { FeedPage, SignedFeedPage } from '#protocol/feed.js';
import { startTownshipProcess, type TownshipProcess } from '#tests/support/township-process.js';
import { createTestDatabase, pgTestServer } from '#tests/support/pg-test-db.js';
import { makeRequest } from './helpers.js';

const server = await pgTestServer();
const skip = !server && 'no PostgreSQL server';

const base = (tw: TownshipProcess) => tw.url.replace(/\/$/, '');

async function putRequest(tw: TownshipProcess, token: string, r: ReturnType<typeof makeRequest>) {
  const res = await fetch(`${base(tw)}/v1/kiosks/${r.kioskId}/requests/${r.id}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(r) });
  return { status: res.status, json: (await res.json()) as { townshipRef?: string } };
}

test('two township processes on one PostgreSQL database: no loss, no duplicate, no lost session, one signing key', { skip, timeout: 180_000 }, async () => {
  const db = await createTestDatabase('twoproc');
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'township-key-'));
  const env = { TOWNSHIP_DATABASE_URL: db.url, TOWNSHIP_SIGNING_KEY_FILE: path.join(keyDir, 'signing-key.pem') };
  let procs: TownshipProcess[] = [];
  try {
    // Both start at the same moment on the empty database: one migrates, the other waits for it.
    procs = await Promise.all([startTownshipProcess({ env }), startTownshipProcess({ env })]);
    const [a, b] = procs as [TownshipProcess, TownshipProcess];
    assert.notEqual(a.dataDir, b.dataDir);
    assert.equal(a.publicKey, b.publicKey, 'both processes sign with the one shared key');
    const publicKey = publicKeyFromBase64(a.publicKey);
    const token = await a.issueToken('kiosk-1', { village: '东村' });
    const sent: string[] = [];

    // PUTs alternate; each is retried on the other process: 201 then 200 with the same ack.
    for (let i = 0; i < 10; i++) {
      const [first, second] = i % 2 ? [b, a] : [a, b];
      const r = makeRequest('kiosk-1');
      const p1 = await putRequest(first, token, r);
      const p2 = await putRequest(second, token, r);
      assert.equal(p1.status, 201, `PUT ${i}`);
      assert.equal(p2.status, 200, `retry ${i} on the other process`);
      assert.equal(p2.json.townshipRef, p1.json.townshipRef);
      sent.push(r.id);
    }
    // Identical PUTs reaching both processes at once: exactly one 201.
    for (let i = 0; i < 10; i++) {
      const r = makeRequest('kiosk-1');
      const both = await Promise.all([putRequest(a, token, r), putRequest(b, token, r)]);
      assert.deepEqual(both.map((x) => x.status).sort(), [200, 201], `concurrent identical PUT ${i}`);
      assert.equal(both[0].json.townshipRef, both[1].json.townshipRef);
      sent.push(r.id);
    }
    // A batch on B, the same batch again on A (a retry): every item once.
    const batch = Array.from({ length: 5 }, () => makeRequest('kiosk-1'));
    for (const [tw, want] of [[b, 201], [a, 200]] as const) {
      const res = await fetch(`${base(tw)}/v1/kiosks/kiosk-1/requests:batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ items: batch }) });
      assert.equal(res.status, 200);
      const result = RelayBatchResult.parse(await res.json());
      assert.deepEqual(result.results.map((x) => x.ok && x.status), batch.map(() => want));
    }
    sent.push(...batch.map((r) => r.id));

    // Feed polls alternate between the processes with one cursor: each page verifies with the shared key.
    const statusOf = new Map<string, string>();
    let cursor: string | null = null;
    let polls = 0;
    let lastSigned = '';
    const poll = async (on?: TownshipProcess) => {
      const tw = on ?? (polls++ % 2 ? b : a);
      const res = await fetch(`${base(tw)}/v1/kiosks/kiosk-1/changes${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200, `poll ${polls} on ${tw === a ? 'A' : 'B'}`);
      const signed = (await res.json()) as SignedFeedPage;
      lastSigned = signed.payload + signed.signature;
      assert.ok(verifyBytes(publicKey, signed.payload, signed.signature), 'the page verifies with the shared public key');
      const page = JSON.parse(signed.payload) as FeedPage;
      for (const item of page.items) if (item.type === 'request-status' && item.op === 'upsert') statusOf.set(item.id, (item.body as { status: string }).status);
      cursor = page.nextCursor;
      return page;
    };
    for (let i = 0; i < 50 && statusOf.size < sent.length; i++) {
      const page = await poll();
      if (!page.hasMore && statusOf.size < sent.length) await new Promise((r) => setTimeout(r, 50)); // rows behind a transaction still open on the server
    }
    assert.deepEqual([...statusOf.keys()].sort(), [...sent].sort(), 'the kiosk sees every request it sent, through either process');

    // The official signs in on A and acts on B with the same session.
    const off = await a.login('official', 'official-password');
    const target = sent[3]!;
    const onB = await fetch(`${base(b)}/officials/requests/${target}/status`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: off.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: off.csrf, status: 'in-review', note: '已受理' }).toString(),
    });
    assert.equal(onB.status, 303, 'the session made on A is honoured by B');
    const home = await fetch(`${base(b)}/officials/`, { headers: { cookie: off.cookie }, redirect: 'manual' });
    assert.equal(home.status, 200, 'B shows the officials page to the session from A');
    for (let i = 0; i < 50 && statusOf.get(target) !== 'in-review'; i++) {
      const page = await poll();
      if (!page.hasMore && statusOf.get(target) !== 'in-review') await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(statusOf.get(target), 'in-review', 'the status set on B reaches the kiosk, read through either process');

    // Cheap polls across processes: once the kiosk is up to date, A answers from memory (the same
    // signed page again: an ordinary read would sign a fresh one); a status set on B wakes A's
    // marks (LISTEN/NOTIFY), so a poll on A alone sees it within the bound.
    let fromMemory = false;
    for (let i = 0; i < 100 && !fromMemory; i++) {
      const before = cursor;
      const page = await poll(a);
      const first = lastSigned;
      if (page.items.length || page.nextCursor !== before) continue;
      await poll(a);
      fromMemory = lastSigned === first;
      if (!fromMemory) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(fromMemory, 'an up-to-date poll on A is answered from memory (the signed page is reused)');
    const second = sent[4]!;
    const setOnB = await fetch(`${base(b)}/officials/requests/${second}/status`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: off.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: off.csrf, status: 'visit-scheduled', note: '下周二上门' }).toString(),
    });
    assert.equal(setOnB.status, 303);
    const setAt = Date.now();
    const deadline = setAt + 10_000;
    while (statusOf.get(second) !== 'visit-scheduled' && Date.now() < deadline) {
      await poll(a);
      if (statusOf.get(second) !== 'visit-scheduled') await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(statusOf.get(second), 'visit-scheduled', `the status set on B reached a poll on A (after ${Date.now() - setAt} ms)`);

    // What the database holds: every request once.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const rows = await c.query<{ id: string }>(`SELECT id FROM requests WHERE kiosk_id = 'kiosk-1'`);
      assert.deepEqual(rows.rows.map((r) => r.id).sort(), [...sent].sort());
    } finally {
      await c.end();
    }
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    rmSync(keyDir, { recursive: true, force: true });
    await db.drop();
  }
});
