// The keyboard-wedge timing rule (renderer/src/features/scan/wedge.ts), without a DOM.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WedgeBuffer } from '#renderer/src/features/scan/wedge.js';

const type = (b: WedgeBuffer, text: string, start: number, gap: number) => {
  const released: string[] = [];
  [...text].forEach((c, i) => {
    const r = b.char(c, start + i * gap);
    if (r) released.push(r);
  });
  return { released, end: start + (text.length - 1) * gap };
};

test('a fast burst of >= 6 characters ended by Enter is a scan', () => {
  const b = new WedgeBuffer();
  const { released, end } = type(b, 'VKR:ACDE-FGHJ', 1000, 8);
  assert.deepEqual(released, []);
  assert.deepEqual(b.terminator(end + 8), { kind: 'scan', text: 'VKR:ACDE-FGHJ' });
  assert.equal(b.size, 0);
});

test('human typing (gaps over 35 ms) is released, never treated as a scan', () => {
  const b = new WedgeBuffer();
  const { released, end } = type(b, 'hello world', 0, 120);
  assert.equal(released.join(''), 'hello worl', 'each slow key is released when the next arrives');
  assert.deepEqual(b.terminator(end + 150), { kind: 'release', text: 'd' });
});

test('a short fast burst (< 6) with Enter is released; a burst without Enter expires', () => {
  const b = new WedgeBuffer();
  const { end } = type(b, '12345', 0, 5);
  assert.deepEqual(b.terminator(end + 5), { kind: 'release', text: '12345' });
  const { end: e2 } = type(b, 'ABCDEFGH', 100, 5);
  assert.equal(b.expire(e2 + 10), null, 'not yet stale');
  assert.equal(b.expire(e2 + 40), 'ABCDEFGH');
  assert.deepEqual(b.terminator(e2 + 41), { kind: 'none' });
});

test('one slow gap inside a burst makes it human; a slow Enter too', () => {
  const b = new WedgeBuffer();
  type(b, 'VKR:AC', 0, 5);
  b.char('D', 25 + 30); // gap 30: still fast
  assert.deepEqual(b.terminator(55 + 10), { kind: 'scan', text: 'VKR:ACD' });
  type(b, 'VKR:ACDE', 1000, 5);
  assert.deepEqual(b.terminator(1035 + 200), { kind: 'release', text: 'VKR:ACDE' });
});
