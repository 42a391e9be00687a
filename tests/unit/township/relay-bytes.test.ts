// Hash the exact bytes that are sent (issue 8 item 3): the township checks sha256 over the
// raw body (or the batch item's own text) it received, not over a re-serialised object.
// A body whose field order and whitespace differ from what the township's own serialiser
// would write is accepted (201, then 200 for a resend) and stored with the sender's hash.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { RELAY_BATCH_PATH, relayCoveredBytes, sealRelayBody } from '#protocol/relay.js';
import { humanCode, put, startTestTownship, uuidv7, type TestTownship } from './helpers.js';
import { arrayElementTexts } from '#src/township/json-spans.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A request written by hand: keys in another order, spaces and newlines, escaped text. */
function oddlyFormatted(kioskId: string): { id: string; body: string; sha256: string } {
  const id = uuidv7();
  const text = `{
  "payload" : { "amountYuan": 4200, "matter": "unpaid-wages", "type": "legal-aid" },
  "contact": {"householdId": null, "name": "\\u5d14 \\"Cui\\"", "phone": "13912345678"},
  "kioskSeq": 7, "createdAt": "2026-03-01T02:00:00.000Z",
  "code": "${humanCode()}", "kioskId": "${kioskId}", "id": "${id}"
}`;
  const sealed = sealRelayBody(text, sha);
  return { id, ...sealed };
}

describe('relay hashes the bytes that were sent', () => {
  let tw: TestTownship;
  let token: string;
  before(async () => {
    tw = await startTestTownship();
    token = await tw.token('kiosk-bytes', '西坡村');
  });
  after(() => tw.cleanup());

  test('PUT: another field order and whitespace -> 201, resend -> 200, the stored hash is the sender\'s', async () => {
    const r = oddlyFormatted('kiosk-bytes');
    const first = await put(tw, 'kiosk-bytes', r.id, r.body, token);
    assert.equal(first.status, 201, JSON.stringify(first.json));
    const again = await put(tw, 'kiosk-bytes', r.id, r.body, token);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json, first.json);
    const row = (await tw.store.get<{ sha256: string; body: string; name: string }>('SELECT sha256, body, name FROM requests WHERE id = ?', [r.id]))!;
    assert.equal(row.sha256, r.sha256);
    assert.equal(row.body, r.body, 'the exact text is kept');
    assert.equal(row.name, '崔 "Cui"');
    assert.equal(sha(relayCoveredBytes(row.body)!.covered), r.sha256);
  });

  test('one changed byte anywhere is a 422 sha256 mismatch; a body without a trailing sha256 member is a 422', async () => {
    const r = oddlyFormatted('kiosk-bytes');
    const tampered = r.body.replace('"kioskSeq": 7', '"kioskSeq":  7');
    const bad = await put(tw, 'kiosk-bytes', r.id, tampered, token);
    assert.equal(bad.status, 422);
    assert.match((bad.json.error as { message: string }).message, /sha256 mismatch/);
    const moved = JSON.stringify({ sha256: r.sha256, ...JSON.parse(r.body) });
    const m = await put(tw, 'kiosk-bytes', r.id, moved, token);
    assert.equal(m.status, 422);
    assert.match((m.json.error as { message: string }).message, /must end with its "sha256" member/);
  });

  test('batch: each item is checked over its own text inside the batch body', async () => {
    const a = oddlyFormatted('kiosk-bytes');
    const b = oddlyFormatted('kiosk-bytes');
    const body = `{ "items" : [\n ${a.body} ,\n${b.body}\n] }`;
    assert.deepEqual(arrayElementTexts(body, 'items'), [a.body, b.body]);
    const res = await fetch(`${tw.base}${RELAY_BATCH_PATH('kiosk-bytes')}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    assert.equal(res.status, 200);
    const json = (await res.json()) as { results: Array<{ ok: boolean; status: number }> };
    assert.deepEqual(
      json.results.map((x) => [x.ok, x.status]),
      [
        [true, 201],
        [true, 201],
      ],
    );
  });
});
