import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusByte, parseStatusBytes, queryStatus } from '#src/devices/printer/status.js';

// Real answers: 0x12 = "all clear" for n=1, 2 and 4 (fixed bits 1 and 4 set).
const table: Array<[string, [number | null, number | null, number | null], string | null]> = [
  ['all clear', [0x12, 0x12, 0x12], 'connected'],
  ['paper near end (n=4 bits 2-3)', [0x12, 0x12, 0x1e], 'paper-near-end'],
  ['paper out (n=4 bits 5-6), printer offline', [0x1a, 0x32, 0x72], 'paper-out'],
  ['paper end only seen in offline cause (n=2 0x20)', [0x1a, 0x32, null], 'paper-out'],
  ['cover open (n=2 0x04) wins over paper out', [0x1a, 0x36, 0x72], 'cover-open'],
  ['error (n=2 0x40)', [0x1a, 0x52, 0x12], 'error'],
  ['offline without a cause (n=1 0x08)', [0x1a, 0x12, 0x12], 'offline'],
  ['only n=1 answered', [0x12, null, null], 'connected'],
  ['no answer at all', [null, null, null], null],
  ['garbage bytes are not status answers', [0xff, 0x00, 0x80], null],
];

for (const [name, [p, o, r], expected] of table) {
  test(`DLE EOT: ${name}`, () => {
    const st = parseStatusBytes({ printer: p, offlineCause: o, paperSensor: r });
    assert.equal(st?.state ?? null, expected);
  });
}

test('status bytes need bits 1 and 4 set and bits 0 and 7 clear', () => {
  assert.ok(isStatusByte(0x12));
  assert.ok(isStatusByte(0x7e));
  assert.ok(!isStatusByte(0x13));
  assert.ok(!isStatusByte(0x92));
  assert.ok(!isStatusByte(0x02));
  assert.ok(!isStatusByte(null));
});

test('queryStatus asks 1, 2, 4 in order and stops when n=1 is not answered', async () => {
  const asked: number[] = [];
  const r = await queryStatus(async (n) => (asked.push(n), n === 4 ? 0x72 : 0x1a));
  assert.deepEqual(asked, [1, 2, 4]);
  assert.deepEqual(r, { printer: 0x1a, offlineCause: 0x1a, paperSensor: 0x72 });
  const silent: number[] = [];
  await queryStatus(async (n) => (silent.push(n), null));
  assert.deepEqual(silent, [1]);
});
