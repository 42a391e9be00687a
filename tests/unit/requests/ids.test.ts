import assert from 'node:assert/strict';
import test from 'node:test';
import { CODE_ALPHABET, CODE_PATTERN } from '#protocol/relay.js';
import { createUuidV7, newHumanCode, normaliseCode, receiptQrPayload, UUID_V7_PATTERN, uuidV7Time } from '#src/requests/ids.js';

test('uuidv7: RFC 9562 layout (version 7, variant 10) and the timestamp it was made at', () => {
  const t = Date.parse('2026-03-01T02:03:04.005Z');
  const gen = createUuidV7({ now: () => t });
  const id = gen();
  assert.match(id, UUID_V7_PATTERN);
  assert.equal(uuidV7Time(id), t);
});

test('uuidv7: strictly increasing within one millisecond, across ms, and when the clock steps back', () => {
  let t = 1_700_000_000_000;
  const gen = createUuidV7({ now: () => t });
  const ids: string[] = [];
  for (let i = 0; i < 5000; i++) {
    ids.push(gen()); // 5000 in one ms: more than the 12-bit counter holds, so the ms is advanced
  }
  t += 5;
  ids.push(gen());
  t -= 1000; // clock steps back
  for (let i = 0; i < 10; i++) ids.push(gen());
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1]! < ids[i]!, `id ${i} not after id ${i - 1}: ${ids[i - 1]} vs ${ids[i]}`);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, UUID_V7_PATTERN);
});

test('uuidv7: real clock and crypto randomness give unique, sorted ids', () => {
  const gen = createUuidV7();
  const ids = Array.from({ length: 2000 }, () => gen());
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, 2000);
});

test('human code: XXXX-XXXX from the unambiguous alphabet, ASCII, every symbol used', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const c = newHumanCode();
    assert.match(c, CODE_PATTERN);
    assert.ok(/^[\x20-\x7e]+$/.test(c));
    for (const ch of c.replace('-', '')) seen.add(ch);
  }
  assert.equal(seen.size, CODE_ALPHABET.length);
});

test('human code: rejection sampling skips biased bytes (>= 253)', () => {
  // Every byte 253..255 must be skipped; 0 and 23 both map to the first symbol.
  const bytes = [255, 254, 253, 0, 23, 1, 24, 2, 25, 3, 26];
  let i = 0;
  const c = newHumanCode((n) => Uint8Array.from({ length: n }, () => bytes[i++ % bytes.length]!));
  const a = CODE_ALPHABET;
  assert.equal(c, `${a[0]}${a[0]}${a[1]}${a[1]}-${a[2]}${a[2]}${a[3]}${a[3]}`);
});

test('normaliseCode accepts typed and scanned forms, rejects the rest', () => {
  assert.equal(normaliseCode('ac3d-ef4g'), 'AC3D-EF4G');
  assert.equal(normaliseCode(' AC3DEF4G '), 'AC3D-EF4G');
  assert.equal(normaliseCode('VKR:AC3D-EF4G'), 'AC3D-EF4G');
  assert.equal(normaliseCode('AC3D-EF4'), null);
  assert.equal(normaliseCode('AC0D-EF4G'), null, '0 is not in the alphabet');
  assert.equal(receiptQrPayload('AC3D-EF4G'), 'VKR:AC3D-EF4G');
});
