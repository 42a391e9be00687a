import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedPage, RequestStatusBody, SignedFeedPage } from '#protocol/feed.js';
import { keyId, publicKeyFromBase64, sha256Hex, verifyBytes } from '#protocol/signing.js';
import { compactFeed } from '#src/township/feed.js';
import { unpublishContent, upsertContent } from '#src/township/content.js';
import { setRequestStatus } from '#src/township/requests.js';
import { feed, makeRequest, policyBody, put, startTestTownship, type TestTownship } from './helpers.js';

function verified(tw: TestTownship, json: unknown): FeedPage {
  const signed = SignedFeedPage.parse(json);
  assert.equal(signed.keyId, keyId(tw.publicKey));
  assert.ok(verifyBytes(publicKeyFromBase64(tw.publicKey), signed.payload, signed.signature), 'the page signature verifies with the public key');
  const tampered = signed.payload.replace('"hasMore"', '"hasMore" ');
  assert.equal(verifyBytes(publicKeyFromBase64(tw.publicKey), tampered, signed.signature), false);
  return FeedPage.parse(JSON.parse(signed.payload));
}

async function syncAll(tw: TestTownship, kioskId: string, token: string, limit: number, cursor?: string) {
  const items: FeedPage['items'] = [];
  let cur = cursor;
  let pages = 0;
  for (;;) {
    const r = await feed(tw, kioskId, token, { limit: String(limit), ...(cur ? { cursor: cur } : {}) });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const page = verified(tw, r.json);
    assert.equal(page.cursor, cur ?? null);
    items.push(...page.items);
    cur = page.nextCursor;
    pages++;
    if (!page.hasMore) break;
  }
  return { items, cursor: cur, pages };
}

describe('township change feed', () => {
  let tw: TestTownship;
  let tokA: string;
  let tokB: string;
  before(async () => {
    tw = await startTestTownship();
    tokA = await tw.token('kiosk-a');
    tokB = await tw.token('kiosk-b');
  });
  after(() => tw.cleanup());

  test('a fresh kiosk gets the latest version of every live item across signed pages; tombstones and edits follow a cursor', async () => {
    const now = new Date();
    for (let i = 0; i < 7; i++) assert.ok((await upsertContent(tw.store, 'policy', `p-${i}`, policyBody(`政策 ${i}`), 'test', now)).ok);
    // Edit p-0 twice: only its latest version is delivered.
    await upsertContent(tw.store, 'policy', 'p-0', policyBody('政策 0 第二版'), 'test', now);
    await upsertContent(tw.store, 'policy', 'p-0', policyBody('政策 0 第三版'), 'test', now);
    const first = await syncAll(tw, 'kiosk-a', tokA, 3);
    assert.equal(first.pages, 3);
    const policies = first.items.filter((i) => i.type === 'policy');
    assert.equal(policies.length, 7);
    const seqs = first.items.map((i) => i.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'seq increases');
    const p0 = policies.find((p) => p.id === 'p-0')!;
    assert.equal(p0.version, 3);
    assert.equal(p0.op, 'upsert');
    assert.equal((p0.body as { title: { 'zh-CN': string } }).title['zh-CN'], '政策 0 第三版');
    assert.equal(p0.sha256, sha256Hex(JSON.stringify(p0.body)));

    // Nothing new: an empty page at the same position.
    const idle = await syncAll(tw, 'kiosk-a', tokA, 3, first.cursor);
    assert.equal(idle.items.length, 0);

    assert.ok((await unpublishContent(tw.store, 'policy', 'p-3', 'test', now)).ok);
    await upsertContent(tw.store, 'policy', 'p-5', policyBody('政策 5 改'), 'test', now);
    const next = await syncAll(tw, 'kiosk-a', tokA, 50, idle.cursor);
    assert.deepEqual(
      next.items.map((i) => [i.id, i.op, i.version]),
      [
        ['p-3', 'delete', 2],
        ['p-5', 'upsert', 2],
      ],
    );
    assert.equal(next.items[0]!.body, null);
  });

  test('request statuses go only to their own kiosk, and a status change appears in the feed', async () => {
    const a = await syncAll(tw, 'kiosk-a', tokA, 200);
    const b = await syncAll(tw, 'kiosk-b', tokB, 200);
    const ra = makeRequest('kiosk-a');
    const rb = makeRequest('kiosk-b');
    assert.equal((await put(tw, 'kiosk-a', ra.id, ra, tokA)).status, 201);
    assert.equal((await put(tw, 'kiosk-b', rb.id, rb, tokB)).status, 201);
    const a1 = await syncAll(tw, 'kiosk-a', tokA, 200, a.cursor);
    assert.deepEqual(a1.items.map((i) => [i.type, i.id]), [['request-status', ra.id]]);
    const st = RequestStatusBody.parse(a1.items[0]!.body);
    assert.equal(st.status, 'received');
    assert.equal(st.code, ra.code);
    const b1 = await syncAll(tw, 'kiosk-b', tokB, 200, b.cursor);
    assert.deepEqual(b1.items.map((i) => i.id), [rb.id]);

    assert.ok((await setRequestStatus(tw.store, ra.id, 'in-review', '', 'zhang', new Date())).ok);
    assert.ok((await setRequestStatus(tw.store, ra.id, 'rejected', '材料不全 Missing documents', 'zhang', new Date())).ok);
    const a2 = await syncAll(tw, 'kiosk-a', tokA, 200, a1.cursor);
    assert.equal(a2.items.length, 1, 'compacted: only the latest status of the request');
    const body = RequestStatusBody.parse(a2.items[0]!.body);
    assert.equal(body.status, 'rejected');
    assert.deepEqual(body.history.map((h) => h.status), ['received', 'in-review', 'rejected']);
    assert.equal(body.history[2]!.note, '材料不全 Missing documents');
    assert.equal(a2.items[0]!.version, 3);
    assert.equal((await syncAll(tw, 'kiosk-b', tokB, 200, b1.cursor)).items.length, 0, 'kiosk-b sees nothing of kiosk-a');

    // A fresh kiosk-b never sees kiosk-a's requests at all.
    const freshB = await syncAll(tw, 'kiosk-b', tokB, 500);
    assert.ok(!freshB.items.some((i) => i.id === ra.id));
    assert.ok(freshB.items.some((i) => i.id === rb.id));
  });

  test('status rules: rejecting needs a reason; finished requests can only be reopened', async () => {
    const r = makeRequest('kiosk-a');
    // store through the same code path as the endpoint
    return put(tw, 'kiosk-a', r.id, r, tokA).then(async () => {
      const noReason = await setRequestStatus(tw.store, r.id, 'rejected', '  ', 'zhang', new Date());
      assert.equal(noReason.ok, false);
      assert.ok((await setRequestStatus(tw.store, r.id, 'done', '', 'zhang', new Date())).ok);
      const afterDone = await setRequestStatus(tw.store, r.id, 'visit-scheduled', '', 'zhang', new Date());
      assert.deepEqual(afterDone.ok ? null : afterDone.code, 'not-allowed');
      assert.ok((await setRequestStatus(tw.store, r.id, 'in-review', 'reopened', 'zhang', new Date())).ok);
      assert.equal((await setRequestStatus(tw.store, 'no-such-id', 'done', '', 'zhang', new Date())).ok, false);
    });
  });

  test('410 for a cursor older than the retained tombstones, from another epoch or ahead; 400 for garbage', async () => {
    const before = await syncAll(tw, 'kiosk-a', tokA, 500);
    const oldCursor = (await feed(tw, 'kiosk-a', tokA, { limit: '1' })).json;
    const firstPageCursor = FeedPage.parse(JSON.parse(SignedFeedPage.parse(oldCursor).payload)).nextCursor;
    await upsertContent(tw.store, 'policy', 'gone', policyBody('将下架'), 'test', new Date());
    await unpublishContent(tw.store, 'policy', 'gone', 'test', new Date());
    // Retention 0 days: every tombstone is dropped now.
    assert.ok(await compactFeed(tw.store, 0, new Date(Date.now() + 1000)) >= 1);
    assert.equal((await feed(tw, 'kiosk-a', tokA, { cursor: firstPageCursor })).status, 410);
    assert.equal((await feed(tw, 'kiosk-a', tokA, { cursor: before.cursor })).status, 410, 'a cursor from before the dropped tombstone');
    const fresh = await syncAll(tw, 'kiosk-a', tokA, 500);
    assert.ok(!fresh.items.some((i) => i.op === 'delete'), 'no tombstones left after compaction');
    assert.equal((await feed(tw, 'kiosk-a', tokA, { cursor: fresh.cursor })).status, 200, 'a cursor after the horizon still works');

    // (PostgreSQL cursors also carry the txid `t`: feed-pg.ts.)
    const decoded = JSON.parse(Buffer.from(fresh.cursor, 'base64url').toString()) as { s: number; e: string; t?: string };
    const otherEpoch = Buffer.from(JSON.stringify({ ...decoded, e: 'ffffffffffffffff' })).toString('base64url');
    assert.equal((await feed(tw, 'kiosk-a', tokA, { cursor: otherEpoch })).status, 410);
    const ahead = Buffer.from(JSON.stringify({ ...decoded, s: decoded.s + 1000, ...(decoded.t ? { t: String(BigInt(decoded.t) + 1000n) } : {}) })).toString('base64url');
    assert.equal((await feed(tw, 'kiosk-a', tokA, { cursor: ahead })).status, 410);
    assert.equal((await feed(tw, 'kiosk-a', tokA, { cursor: 'not a cursor!' })).status, 400);
    assert.equal((await feed(tw, 'kiosk-a', tokA, { limit: '0' })).status, 400);
    assert.equal((await feed(tw, 'kiosk-a', tokA, { limit: '501' })).status, 400);
  });

  test('the feed needs the kiosk token of that kiosk', async () => {
    assert.equal((await fetch(`${tw.base}/v1/kiosks/kiosk-a/changes`)).status, 401);
    assert.equal((await feed(tw, 'kiosk-a', tokB)).status, 403);
  });
});
