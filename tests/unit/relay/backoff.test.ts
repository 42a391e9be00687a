import assert from 'node:assert/strict';
import test from 'node:test';
import { backoffCeiling, DEFAULT_BACKOFF, fullJitterDelay, parseRetryAfter } from '#src/relay/backoff.js';
import { checkTownshipUrl } from '#src/shared/township-url.js';

test('ceiling doubles from 30 s and stops at 15 min', () => {
  const got = [1, 2, 3, 4, 5, 6, 7, 50].map((a) => backoffCeiling(a, DEFAULT_BACKOFF) / 1000);
  assert.deepEqual(got, [30, 60, 120, 240, 480, 900, 900, 900]);
});

test('full jitter: every delay within [min, ceiling], spread over the whole range', () => {
  for (const attempt of [1, 3, 8]) {
    const ceiling = backoffCeiling(attempt, DEFAULT_BACKOFF);
    const delays = Array.from({ length: 4000 }, () => fullJitterDelay(attempt, DEFAULT_BACKOFF));
    assert.ok(delays.every((d) => d >= DEFAULT_BACKOFF.minMs && d <= ceiling), `attempt ${attempt} out of bounds`);
    const lowQuarter = delays.filter((d) => d < ceiling / 4).length / delays.length;
    const highQuarter = delays.filter((d) => d > (3 * ceiling) / 4).length / delays.length;
    assert.ok(lowQuarter > 0.18 && lowQuarter < 0.32, `attempt ${attempt}: ${lowQuarter} in the lowest quarter`);
    assert.ok(highQuarter > 0.18 && highQuarter < 0.32, `attempt ${attempt}: ${highQuarter} in the highest quarter`);
  }
  assert.equal(fullJitterDelay(1, DEFAULT_BACKOFF, () => 0), 1000, 'never below minMs');
  assert.equal(fullJitterDelay(20, DEFAULT_BACKOFF, () => 0.999999), 899_999);
  assert.equal(fullJitterDelay(2, { baseMs: 10, capMs: 100, minMs: 0 }, () => 0.5), 10);
});

test('Retry-After: seconds or an HTTP date; junk ignored', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Sun, 01 Mar 2026 00:01:00 GMT', now), 60_000);
  assert.equal(parseRetryAfter('Sat, 28 Feb 2026 00:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter(null, now), null);
  assert.equal(parseRetryAfter('999999999', now), 24 * 3600_000);
});

test('TLS rule: https anywhere, http only to loopback', () => {
  assert.equal(checkTownshipUrl('https://township.example.cn/').ok, true);
  assert.equal(checkTownshipUrl('http://127.0.0.1:8500').ok, true);
  assert.equal(checkTownshipUrl('http://localhost:8500').ok, true);
  assert.equal(checkTownshipUrl('http://[::1]:8500').ok, true);
  const bad = checkTownshipUrl('http://192.168.1.10:8500');
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.message : '', /https/);
  assert.equal(checkTownshipUrl('http://127.evil.example').ok, false);
  assert.equal(checkTownshipUrl('ftp://127.0.0.1').ok, false);
  assert.equal(checkTownshipUrl(null).ok, false);
});
