// Issue 8 item 8: printable ids are scannable ids. Slips printed QR codes for ids the kiosk's
// own scan route refused (pol:2025:017, ids with spaces or slashes, over 100 characters).
// One id rule (src/protocol/content.ts CONTENT_ID) is shared by the feed schema, the slip QR
// and the scan route, and the township refuses ids outside it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeBlocks } from '#src/devices/printer/escpos.js';
import { PAPER } from '#src/devices/printer/layout.js';
import { slipBlocks } from '#src/devices/printer/slip.js';
import { ChangeItem } from '#protocol/feed.js';
import { sha256Hex } from '#protocol/signing.js';
import { routeScanText } from '#src/scan/route.js';
import { upsertContent } from '#src/township/content.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { sampleSlip } from '#tests/fixtures/printer/receipt-data.js';
import { policyBody, startTestTownship, type TestTownship } from '../../township/helpers.js';

const GOOD = ['p-001', 'pol-2025-017', 'heating-2025', 'j-0001', '7', 'a'.repeat(64)];
const BAD = ['pol:2025:017', 'p 001', 'p/001', '../../etc', 'x'.repeat(101), 'a'.repeat(65), 'P-001', 'j.2026_07', 'j_1', '-p', '', '政策-1', 'p-001\n'];

let tw: TestTownship;
before(async () => {
  tw = await startTestTownship();
});
after(() => tw.cleanup());

for (const kind of ['policy', 'job'] as const) {
  test(`${kind} slips: every QR code printed scans back to the same ${kind}; ids outside the rule get no QR`, () => {
    for (const id of [...GOOD, ...BAD]) {
      const job = parseEscPos(encodeBlocks(slipBlocks(sampleSlip({ kind, id }), 'zh-CN', '2025-03-14T01:30:00Z'), PAPER[58]));
      for (const qr of job.qrs) assert.deepEqual(routeScanText(qr.payload, null), { kind, id }, `printed ${JSON.stringify(qr.payload)} must scan`);
      assert.equal(job.qrs.length, GOOD.includes(id) ? 1 : 0, `QR for ${JSON.stringify(id)}`);
    }
  });
}

test('the scan route takes exactly the ids the rule allows', async () => {
  for (const id of GOOD) assert.deepEqual(routeScanText(`VKP:policy:${id}`, null), { kind: 'policy', id });
  for (const id of BAD.filter((x) => x && !/\n$/.test(x))) assert.equal(routeScanText(`VKP:policy:${id}`, null).kind, 'unknown', id);
});

test('the kiosk feed schema refuses policy and job items with ids outside the rule; request-status ids are not content ids', async () => {
  const item = (type: 'policy' | 'job' | 'request-status', id: string) => ({ seq: 1, type, id, op: 'upsert', version: 1, sha256: sha256Hex('{}'), body: {} });
  for (const id of GOOD) for (const type of ['policy', 'job'] as const) assert.equal(ChangeItem.safeParse(item(type, id)).success, true, id);
  for (const id of BAD.filter((x) => x.length > 0 && x.length <= 200)) {
    for (const type of ['policy', 'job'] as const) {
      const r = ChangeItem.safeParse(item(type, id));
      assert.equal(r.success, false, `${type} ${JSON.stringify(id)}`);
      assert.deepEqual(r.error.issues.map((i) => i.path.join('.')), ['id']);
    }
    const del = ChangeItem.safeParse({ seq: 2, type: 'policy', id, op: 'delete', version: 2, sha256: null, body: null });
    assert.equal(del.success, false, `delete ${JSON.stringify(id)}`);
  }
  assert.equal(ChangeItem.safeParse(item('request-status', '01959a1e-7c3a-7b2e-9d4f-3a2b1c0d9e8f')).success, true);
});

test('the township refuses to publish an id outside the rule, and accepts the ones inside it', async () => {
  for (const id of BAD) {
    const r = await upsertContent(tw.store, 'policy', id, policyBody(), 'test', new Date());
    assert.ok(!r.ok && r.code === 'invalid-id', JSON.stringify(id));
  }
  for (const id of GOOD) assert.equal((await upsertContent(tw.store, 'policy', id, policyBody(), 'test', new Date())).ok, true, id);
});
