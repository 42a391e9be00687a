// A request just stored emits its request-status feed item without reading itself back
// (src/township/requests.ts): the item must be exactly what the status workflow builds from the
// stored request and its history (statusBody), through a real township over the test store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RELAY_PUT_PATH } from '#protocol/relay.js';
import { getRequest, setRequestStatus } from '#src/township/requests.js';
import { makeRequest, startTestTownship } from './helpers.js';

test('a new request\'s status item equals the one built from the stored request and history, and the next status change follows it', async () => {
  const tw = await startTestTownship();
  try {
    const token = await tw.token('k1');
    const r = makeRequest('k1');
    const res = await fetch(tw.base + RELAY_PUT_PATH('k1', r.id), { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(r) });
    assert.equal(res.status, 201, await res.text());
    const item = async () => tw.store.get<{ body: string; version: number; kiosk_id: string }>(`SELECT body, version, kiosk_id FROM changes WHERE type = 'request-status' AND item_id = ?`, [r.id]);
    const held = (await getRequest(tw.store, r.id))!;
    const expected = { requestId: held.id, code: held.code, status: held.status, updatedAt: held.statusUpdatedAt, history: held.history.map((h) => ({ status: h.status, at: h.at })) };
    const first = (await item())!;
    assert.equal(first.body, JSON.stringify(expected), 'same bytes as statusBody would give');
    assert.equal(Number(first.version), 1);
    assert.equal(first.kiosk_id, 'k1');
    assert.deepEqual(await setRequestStatus(tw.store, r.id, 'in-review', '', null, new Date()), { ok: true, status: 'in-review' });
    const second = (await item())!;
    assert.equal(Number(second.version), 2);
    assert.deepEqual((JSON.parse(second.body) as { history: unknown[] }).history[0], expected.history[0]);
  } finally {
    await tw.cleanup();
  }
});
