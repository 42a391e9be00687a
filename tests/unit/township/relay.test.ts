import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RELAY_BATCH_PATH, RelayBatchResult } from '#protocol/relay.js';
import { makeRequest, put, startTestTownship, type TestTownship } from './helpers.js';

describe('township relay endpoints', () => {
  let tw: TestTownship;
  let token: string;
  before(async () => {
    tw = await startTestTownship();
    token = await tw.token('kiosk-a', '西坡村');
  });
  after(() => tw.cleanup());

  test('PUT stores (201), an identical resend gets 200 with the same ack, other content gets 409', async () => {
    const r = makeRequest('kiosk-a');
    const first = await put(tw, 'kiosk-a', r.id, r, token);
    assert.equal(first.status, 201);
    assert.equal(first.json.id, r.id);
    assert.match(String(first.json.townshipRef), /^T\d{6}$/);
    assert.ok(first.headers.get('date'), 'the Date header is set');
    const again = await put(tw, 'kiosk-a', r.id, r, token);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, first.json);
    const other = makeRequest('kiosk-a', { id: r.id, phone: '13800001111' });
    const conflict = await put(tw, 'kiosk-a', r.id, other, token);
    assert.equal(conflict.status, 409);
    assert.equal((conflict.json.error as { code: string }).code, 'conflict');
    const row = (await tw.store.get<{ phone: string; status: string }>('SELECT phone, status FROM requests WHERE id = ?', [r.id]))!;
    assert.deepEqual(row, { phone: '13912345678', status: 'received' }, 'the first copy is kept unchanged');
    assert.equal((await tw.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM requests WHERE id = ?', [r.id]))!.n, 1);
  });

  test('invalid requests get 422 with a clear message', async () => {
    const r = makeRequest('kiosk-a');
    const badSha = await put(tw, 'kiosk-a', r.id, { ...r, contact: { ...r.contact, phone: '13900000000' } }, token);
    assert.equal(badSha.status, 422);
    assert.match((badSha.json.error as { message: string }).message, /sha256 mismatch/);
    const wrongKiosk = makeRequest('kiosk-b');
    const w = await put(tw, 'kiosk-a', wrongKiosk.id, wrongKiosk, token);
    assert.equal(w.status, 422);
    assert.match((w.json.error as { message: string }).message, /kioskId "kiosk-b"/);
    const idMismatch = await put(tw, 'kiosk-a', makeRequest('kiosk-a').id, r, token);
    assert.equal(idMismatch.status, 422);
    assert.match((idMismatch.json.error as { message: string }).message, /not the id in the URL/);
    const schema = await put(tw, 'kiosk-a', r.id, { ...r, payload: { type: 'legal-aid', matter: 'bribery' } }, token);
    assert.equal(schema.status, 422);
    assert.match((schema.json.error as { message: string }).message, /payload/);
    const notJson = await put(tw, 'kiosk-a', r.id, '{"id": ', token);
    assert.equal(notJson.status, 422);
    const huge = await put(tw, 'kiosk-a', r.id, { ...r, pad: 'x'.repeat(70_000) }, token);
    assert.equal(huge.status, 422);
    assert.equal((huge.json.error as { code: string }).code, 'too-large');
    assert.equal((await tw.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM requests WHERE id = ?', [r.id]))!.n, 0, 'nothing invalid was stored');
  });

  test('missing or unknown token -> 401; a token of another kiosk -> 403', async () => {
    const r = makeRequest('kiosk-a');
    assert.equal((await put(tw, 'kiosk-a', r.id, r, null)).status, 401);
    const bad = await put(tw, 'kiosk-a', r.id, r, 'kt_not-a-real-token-at-all');
    assert.equal(bad.status, 401);
    assert.equal((bad.json.error as { code: string }).code, 'bad-token');
    const otherToken = await tw.token('kiosk-c');
    assert.equal((await put(tw, 'kiosk-a', r.id, r, otherToken)).status, 403);
    // Re-issuing replaces the old token.
    const old = await tw.token('kiosk-d');
    const fresh = await tw.token('kiosk-d');
    const rd = makeRequest('kiosk-d');
    assert.equal((await put(tw, 'kiosk-d', rd.id, rd, old)).status, 401);
    assert.equal((await put(tw, 'kiosk-d', rd.id, rd, fresh)).status, 201);
  });

  test('batch: one result per item, a bad item in the middle never blocks the rest', async () => {
    const good1 = makeRequest('kiosk-a');
    const good2 = makeRequest('kiosk-a', { payload: { type: 'general-help', topic: 'pension' } });
    const dupOfEarlier = makeRequest('kiosk-a');
    await put(tw, 'kiosk-a', dupOfEarlier.id, dupOfEarlier, token);
    const bad = { ...makeRequest('kiosk-a'), sha256: '0'.repeat(64) };
    const conflicting = makeRequest('kiosk-a', { id: dupOfEarlier.id, phone: '13700000000' });
    const items = [good1, bad, dupOfEarlier, 'garbage', conflicting, good2];
    const res = await fetch(tw.base + RELAY_BATCH_PATH('kiosk-a'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ items }),
    });
    assert.equal(res.status, 200);
    const body = RelayBatchResult.parse(await res.json());
    assert.deepEqual(
      body.results.map((x) => [x.ok, x.status]),
      [
        [true, 201],
        [false, 422],
        [true, 200],
        [false, 422],
        [false, 409],
        [true, 201],
      ],
    );
    assert.equal(body.results[1]!.id, bad.id);
    const ids = (await tw.store.all<{ id: string }>('SELECT id FROM requests')).map((r) => r.id);
    assert.ok(ids.includes(good1.id) && ids.includes(good2.id));
    assert.ok(!ids.includes(bad.id));
  });

  test('batch limits: more than 50 items -> 413, a body over 256 KB -> 413, no auth -> 401', async () => {
    const post = (body: string, auth = true) =>
      fetch(tw.base + RELAY_BATCH_PATH('kiosk-a'), { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) }, body });
    const many = Array.from({ length: 51 }, () => makeRequest('kiosk-a'));
    assert.equal((await post(JSON.stringify({ items: many }))).status, 413);
    assert.equal((await post(JSON.stringify({ items: [{ pad: 'x'.repeat(300 * 1024) }] }))).status, 413);
    assert.equal((await post(JSON.stringify({ items: [makeRequest('kiosk-a')] }), false)).status, 401);
    assert.equal((await tw.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM requests WHERE id = ?', [many[0]!.id]))!.n, 0);
  });
});
