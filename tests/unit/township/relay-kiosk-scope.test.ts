// Request ids are scoped per kiosk (issue 8 item 20): a kiosk that sends another kiosk's
// request id learns nothing about that request: no hash, no acknowledgement, no kiosk id,
// and the other kiosk's request is untouched. Conflicts with a kiosk's own request are
// answered without the stored hash too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RELAY_BATCH_PATH } from '#protocol/relay.js';
import { makeRequest, put, startTestTownship, type TestTownship } from './helpers.js';

const HEX64 = /[0-9a-f]{64}/;

describe('request ids per kiosk', () => {
  let tw: TestTownship;
  let tokenA: string;
  let tokenB: string;
  before(async () => {
    tw = await startTestTownship();
    tokenA = await tw.token('kiosk-a', '西坡村');
    tokenB = await tw.token('kiosk-b', '东坡村');
  });
  after(() => tw.cleanup());

  test("another kiosk's id: a 409 that reveals neither the hash nor the acknowledgement", async () => {
    const a = makeRequest('kiosk-a');
    const stored = await put(tw, 'kiosk-a', a.id, a, tokenA);
    assert.equal(stored.status, 201);
    const ackA = JSON.stringify(stored.json);

    const b = makeRequest('kiosk-b', { id: a.id, phone: '13800001111' });
    const res = await put(tw, 'kiosk-b', a.id, b, tokenB);
    assert.equal(res.status, 409);
    const text = JSON.stringify(res.json);
    assert.doesNotMatch(text, HEX64, 'no hash in the answer');
    assert.ok(!text.includes(a.sha256));
    assert.ok(!text.includes(String(stored.json.townshipRef)), 'no township reference of the other request');
    assert.ok(!text.includes('kiosk-a'));
    assert.equal((res.json.error as { code: string }).code, 'id-in-use');

    // Even the identical content re-labelled as kiosk-b's gets no acknowledgement of A's request.
    const copy = makeRequest('kiosk-b', { id: a.id });
    const c = await put(tw, 'kiosk-b', a.id, copy, tokenB);
    assert.equal(c.status, 409);
    assert.ok(!JSON.stringify(c.json).includes(String(stored.json.townshipRef)));

    // In a batch as well.
    const batch = await fetch(`${tw.base}${RELAY_BATCH_PATH('kiosk-b')}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenB}` }, body: JSON.stringify({ items: [b] }) });
    const bt = await batch.text();
    assert.equal(batch.status, 200);
    assert.match(bt, /"status":409/);
    assert.doesNotMatch(bt, HEX64);

    // Kiosk A's request is untouched and its resend still gets its own acknowledgement.
    const again = await put(tw, 'kiosk-a', a.id, a, tokenA);
    assert.equal(again.status, 200);
    assert.equal(JSON.stringify(again.json), ackA);
    const row = await tw.store.get('SELECT kiosk_id, phone FROM requests WHERE id = ?', [a.id]);
    assert.deepEqual(row, { kiosk_id: 'kiosk-a', phone: '13912345678' });
  });

  test("a conflict with the kiosk's own request is answered without the stored hash", async () => {
    const a = makeRequest('kiosk-a');
    assert.equal((await put(tw, 'kiosk-a', a.id, a, tokenA)).status, 201);
    const changed = makeRequest('kiosk-a', { id: a.id, phone: '13700000000' });
    const res = await put(tw, 'kiosk-a', a.id, changed, tokenA);
    assert.equal(res.status, 409);
    assert.equal((res.json.error as { code: string }).code, 'conflict');
    assert.doesNotMatch(JSON.stringify(res.json), HEX64);
  });
});
