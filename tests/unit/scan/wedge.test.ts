// The keyboard-wedge timing rule (renderer/src/features/scan/wedge.ts), without a DOM.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEDGE_HOLD_MS, WedgeBuffer } from '#renderer/src/features/scan/wedge.js';

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
  assert.equal(b.expire(e2 + 40), null, 'still held: a busy page may not have handled the next key yet');
  assert.equal(b.expire(e2 + WEDGE_HOLD_MS), 'ABCDEFGH');
  assert.deepEqual(b.terminator(e2 + WEDGE_HOLD_MS + 1), { kind: 'none' });
});

test('one slow gap inside a burst makes it human; a slow Enter too', () => {
  const b = new WedgeBuffer();
  type(b, 'VKR:AC', 0, 5);
  b.char('D', 25 + 30); // gap 30: still fast
  assert.deepEqual(b.terminator(55 + 10), { kind: 'scan', text: 'VKR:ACD' });
  type(b, 'VKR:ACDE', 1000, 5);
  assert.deepEqual(b.terminator(1035 + 200), { kind: 'release', text: 'VKR:ACDE' });
});

test('a scanner burst handled late on a busy machine is still one scan: staleness is measured from when keys are handled', () => {
  const b = new WedgeBuffer();
  // Stamped 4 ms apart from t=0; the page gets to them from t=500, in two clumps 135 ms apart
  // (as measured in Chromium under stress-ng --cpu 2).
  [...'VKP:job:j-001'].forEach((c, i) => {
    const handled = 500 + i + (i >= 8 ? 135 : 0);
    assert.equal(b.char(c, i * 4, handled), null);
    // The timer after the clump: not stale, although 500 ms passed since the key was stamped.
    assert.equal(b.expire(handled + 134), null);
  });
  assert.deepEqual(b.terminator(13 * 4), { kind: 'scan', text: 'VKP:job:j-001' });
  // A person's typing still expires once no key is handled for WEDGE_HOLD_MS.
  b.char('h', 1000, 1000);
  assert.equal(b.expire(1000 + WEDGE_HOLD_MS - 1), null);
  assert.equal(b.expire(1000 + WEDGE_HOLD_MS), 'h');
});
