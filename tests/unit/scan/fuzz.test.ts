// Fuzz: >= 100,000 random and hostile payloads through decode + route. Nothing throws, every
// result is a defined route that matches the contract schema, and nothing hostile is ever
// classified as one of the kiosk's own codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { ScanRoute } from '#contract/devices.js';
import { generateSigningKey } from '#protocol/signing.js';
import { CODE_PATTERN } from '#protocol/relay.js';
import { decodePayload, hasControlCharacters, MAX_SCAN_BYTES, previewText } from '#src/scan/decode.js';
import { householdVerifier, signHouseholdCard } from '#src/scan/household-card.js';
import { routeDecoded } from '#src/scan/route.js';

const N = 100_000;
let seed = 0x5eed1234;
const rnd = () => {
  // xorshift32: deterministic, so a failure reproduces
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x100000000;
};
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const enc = new TextEncoder();

const key = generateSigningKey();
const verify = householdVerifier(key.publicKey);
const goodCard = signHouseholdCard(key.privateKeyPem, { householdId: 'HH-0001', village: '城庄村', maskedName: '王*', tags: ['senior'], issuedAt: '2026-01-01T00:00:00Z' });

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  "'; DROP TABLE requests; --",
  '1 OR 1=1',
  'title:* OR NEAR(a b) AND "x"*',
  '"unterminated',
  '^*()[]{}',
  'javascript:alert(document.cookie)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  '\u202eVKR:ACDE-FGHJ',
  'VKR:ACDE-FGHJ<script>',
  'VKP:policy:<img src=x>',
  'VKB:../../admin',
  'VKH1.<script>.x',
  'VKH1.' + 'A'.repeat(3000),
  '%00%0d%0a',
  '\u0000\u0001\u0002\u001b[31m',
  '张三\u0000李四',
  '\ud800',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  '__proto__',
];
const PREFIXES = ['', 'VKR:', 'VKP:policy:', 'VKP:job:', 'VKB:', 'VKH1.', 'https://', 'http://', goodCard.slice(0, 40)];

function randomBytes(len: number): Uint8Array {
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}
function randomText(len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const r = rnd();
    if (r < 0.5) s += String.fromCharCode(32 + Math.floor(rnd() * 95));
    else if (r < 0.7) s += String.fromCharCode(0x4e00 + Math.floor(rnd() * 0x5000));
    else if (r < 0.8) s += String.fromCharCode(Math.floor(rnd() * 32));
    else if (r < 0.9) s += pick(HOSTILE);
    else s += String.fromCodePoint(Math.floor(rnd() * 0x10ffff) & ~0x800 /* avoid lone surrogates here */);
  }
  return s;
}

function payload(i: number): Uint8Array {
  switch (i % 10) {
    case 0:
      return randomBytes(Math.floor(rnd() * 300));
    case 1:
      return enc.encode(pick(PREFIXES) + randomText(Math.floor(rnd() * 60)));
    case 2:
      return enc.encode(pick(HOSTILE) + pick(HOSTILE));
    case 3:
      return iconv.encode(randomText(Math.floor(rnd() * 40)), 'gb18030');
    case 4: {
      // overlong: near and over the limit
      const b = new Uint8Array(MAX_SCAN_BYTES - 5 + Math.floor(rnd() * 4000)).fill(0x41 + (i % 26));
      return b;
    }
    case 5: {
      // a real card with one byte flipped
      const b = enc.encode(goodCard);
      const at = Math.floor(rnd() * b.length);
      b[at] = b[at]! ^ (1 << Math.floor(rnd() * 7));
      return b;
    }
    case 6:
      // invalid UTF-8 sequences: overlong encodings, lone continuation bytes, surrogates
      return Uint8Array.from([pick([0xc0, 0xc1, 0xe0, 0xed, 0xf4, 0xf8, 0x80, 0xbf]), ...randomBytes(Math.floor(rnd() * 6))]);
    case 7:
      return enc.encode(pick(PREFIXES) + pick(HOSTILE) + '\r\n');
    case 8: {
      // receipt-shaped: real alphabet, sometimes with one hostile character mixed in
      const A = '34679ACDEFGHJKMNPQRTWXY';
      let code = '';
      for (let k = 0; k < 9; k++) code += k === 4 ? '-' : A[Math.floor(rnd() * A.length)];
      if (rnd() < 0.5) code = code.slice(0, 3) + pick(['<', '"', "'", ';', 'B', '\u0000', '*']) + code.slice(4);
      return enc.encode(`${rnd() < 0.5 ? 'VKR:' : ''}${code}`);
    }
    default:
      return enc.encode(randomText(Math.floor(rnd() * 120)));
  }
}

test(`fuzz: ${N} random and hostile payloads through decode + route`, () => {
  const kinds = new Map<string, number>();
  let forgedAccepted = 0;
  for (let i = 0; i < N; i++) {
    const bytes = payload(i);
    let route: ScanRoute;
    let preview = '';
    try {
      const d = decodePayload(bytes);
      route = routeDecoded(d, verify);
      if (d.ok) preview = previewText(d.text);
    } catch (e) {
      assert.fail(`payload #${i} threw: ${(e as Error).message} (${Buffer.from(bytes).toString('hex').slice(0, 200)})`);
    }
    const parsed = ScanRoute.safeParse(route);
    assert.ok(parsed.success, `payload #${i} gave an undefined route ${JSON.stringify(route)}`);
    assert.ok(!hasControlCharacters(preview), `payload #${i} preview has control characters`);
    assert.ok([...preview].length <= 121);
    kinds.set(route.kind, (kinds.get(route.kind) ?? 0) + 1);
    // Hostile text never becomes one of the kiosk's own codes with markup inside it.
    if (route.kind === 'receipt') assert.match(route.code, CODE_PATTERN);
    if (route.kind === 'policy' || route.kind === 'job') assert.match(route.id, /^[A-Za-z0-9._-]+$/);
    if (route.kind === 'badge') assert.match(route.badgeId, /^[A-Za-z0-9-]+$/);
    if (route.kind === 'url') assert.ok(/^https?:\/\/[^\s<>"]*$/.test(route.url) || !/[\s]/.test(route.url), route.url);
    if (route.kind === 'household' && i % 10 === 5) forgedAccepted++;
  }
  assert.equal(forgedAccepted, 0, 'a flipped bit in a signed card is never accepted');
  // the generator really reached the interesting branches
  for (const k of ['unknown', 'invalid-card', 'url', 'receipt']) assert.ok((kinds.get(k) ?? 0) > 0, `no ${k} results: ${JSON.stringify([...kinds])}`);
});
