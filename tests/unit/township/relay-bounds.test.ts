// Bounded relay fields (issue 8 item 22): every field of the relay protocol has a type and a
// limit. A 60 KB createdAt used to be stored and shown; now it is a 422 naming the field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalRequestBytes, RelayAck, RelayBatchResult, RelayError, RelayRequest } from '#protocol/relay.js';
import { sha256Hex } from '#protocol/signing.js';
import { makeRequest, put, startTestTownship, type TestTownship } from './helpers.js';

/** A request with `over` merged in and a correct hash, so only the field limit can refuse it. */
function withField(kioskId: string, over: Record<string, unknown>): RelayRequest {
  const { sha256: _drop, ...rest } = makeRequest(kioskId);
  const changed = { ...rest, ...over } as Omit<RelayRequest, 'sha256'>;
  return { ...changed, sha256: sha256Hex(canonicalRequestBytes(changed)) };
}

describe('relay protocol fields are bounded', () => {
  let tw: TestTownship;
  let token: string;
  before(async () => {
    tw = await startTestTownship();
    token = await tw.token('kiosk-bounds', '西坡村');
  });
  after(() => tw.cleanup());

  test('a 60 KB createdAt is refused with a 422 naming createdAt, and nothing is stored', async () => {
    const r = withField('kiosk-bounds', { createdAt: '2026-03-01T02:00:00.000Z' + 'x'.repeat(60 * 1024) });
    const res = await put(tw, 'kiosk-bounds', r.id, r, token);
    assert.equal(res.status, 422);
    const message = (res.json.error as { message: string }).message;
    assert.match(message, /^The request does not match the relay schema: createdAt: /);
    assert.ok(message.length < 500, 'the answer does not echo the field');
    assert.equal((await tw.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM requests'))!.n, 0);
  });

  test('createdAt must be an ISO time; kioskSeq a safe integer; kioskId the config pattern', async () => {
    for (const [field, value] of [
      ['createdAt', 'yesterday'],
      ['kioskSeq', 2 ** 60],
    ] as const) {
      const r = withField('kiosk-bounds', { [field]: value });
      const res = await put(tw, 'kiosk-bounds', r.id, r, token);
      assert.equal(res.status, 422, field);
      assert.match((res.json.error as { message: string }).message, new RegExp(`${field}: `));
    }
    assert.equal(RelayRequest.shape.kioskId.safeParse('k'.repeat(65)).success, false);
    assert.equal(RelayRequest.shape.kioskId.safeParse('kiosk/../x').success, false);
  });

  test('what the township answers is bounded too (the kiosk parses it)', () => {
    const ack = { id: 'x', receivedAt: '2026-03-01T02:00:00.000Z', townshipRef: 'T000001' };
    assert.ok(RelayAck.safeParse(ack).success);
    assert.equal(RelayAck.safeParse({ ...ack, townshipRef: 'T'.repeat(41) }).success, false);
    assert.equal(RelayAck.safeParse({ ...ack, receivedAt: 'x'.repeat(60_000) }).success, false);
    assert.equal(RelayError.safeParse({ error: { code: 'c', message: 'm'.repeat(2001) } }).success, false);
    assert.equal(RelayBatchResult.safeParse({ results: Array.from({ length: 51 }, () => ({ ok: true, id: 'x', status: 201, ack })) }).success, false);
  });
});
