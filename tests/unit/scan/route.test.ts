// Payload decoding and routing: every kind of code, signed household cards, and the edges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { generateSigningKey } from '#protocol/signing.js';
import { decodePayload, decodeText, MAX_SCAN_BYTES, previewText } from '#src/scan/decode.js';
import { householdVerifier, signHouseholdCard } from '#src/scan/household-card.js';
import { routeScanText, routeDecoded } from '#src/scan/route.js';

const key = generateSigningKey();
const other = generateSigningKey();
const verify = householdVerifier(key.publicKey);
const card = { householdId: 'HH-1407-0032', village: '城庄村', maskedName: '张**', tags: ['senior', 'farmer'], issuedAt: '2026-03-01T08:00:00Z' };

test('decode: trailing CR/LF trimmed, strict UTF-8 then GB18030, size limit, empty', () => {
  assert.deepEqual(decodePayload(new TextEncoder().encode('VKR:ACDE-FGHJ\r\n')), { ok: true, text: 'VKR:ACDE-FGHJ', encoding: 'utf-8', byteLength: 13 });
  const gb = decodePayload(iconv.encode('临县城庄镇', 'gb18030'));
  assert.deepEqual(gb.ok && [gb.text, gb.encoding], ['临县城庄镇', 'gb18030']);
  assert.deepEqual(decodePayload(new Uint8Array([0x0d, 0x0a])), { ok: false, reason: 'empty', byteLength: 0 });
  assert.equal(decodePayload(new Uint8Array(MAX_SCAN_BYTES).fill(0x41)).ok, true);
  assert.deepEqual(decodePayload(new Uint8Array(MAX_SCAN_BYTES + 1).fill(0x41)), { ok: false, reason: 'too-long', byteLength: MAX_SCAN_BYTES + 1 });
  // 0xFF is neither UTF-8 nor GB18030
  assert.deepEqual(decodePayload(Uint8Array.from([0x41, 0xff, 0xff])), { ok: false, reason: 'invalid-encoding', byteLength: 3 });
  assert.equal(decodeText('x'.repeat(100_000)).ok, false);
});

test('receipt codes: prefixed, bare, lower case; malformed ones are unknown', () => {
  assert.deepEqual(routeScanText('VKR:ACDE-FGHJ', verify), { kind: 'receipt', code: 'ACDE-FGHJ' });
  assert.deepEqual(routeScanText('acde-fghj\r\n', verify), { kind: 'receipt', code: 'ACDE-FGHJ' });
  assert.deepEqual(routeScanText('VKR:ABCD-EFGH', verify), { kind: 'unknown', reason: 'malformed-kiosk-code' }, 'B is not in the code alphabet');
  assert.deepEqual(routeScanText('ABCD-EFGH', verify), { kind: 'unknown', reason: 'unrecognised' });
});

test('poster codes and badges', () => {
  assert.deepEqual(routeScanText('VKP:policy:p-001', verify), { kind: 'policy', id: 'p-001' });
  assert.deepEqual(routeScanText('VKP:job:j-2026-07', verify), { kind: 'job', id: 'j-2026-07' });
  // The one content id rule (src/protocol/content.ts): ids the township never issues do not scan.
  assert.deepEqual(routeScanText('VKP:job:j.2026_07', verify), { kind: 'unknown', reason: 'malformed-kiosk-code' });
  assert.deepEqual(routeScanText('VKP:job:../../etc', verify), { kind: 'unknown', reason: 'malformed-kiosk-code' });
  assert.deepEqual(routeScanText('VKP:news:1', verify), { kind: 'unknown', reason: 'malformed-kiosk-code' });
  assert.deepEqual(routeScanText('VKB:att-007', verify), { kind: 'badge', badgeId: 'att-007' });
  assert.deepEqual(routeScanText('VKB:<script>', verify), { kind: 'unknown', reason: 'malformed-kiosk-code' });
});

test('URLs are shown, never opened: only http(s), normalised; others unknown', () => {
  assert.deepEqual(routeScanText('https://zwfw.shanxi.gov.cn/a?b=1', verify), { kind: 'url', url: 'https://zwfw.shanxi.gov.cn/a?b=1' });
  assert.deepEqual(routeScanText('HTTP://Example.ORG', verify), { kind: 'url', url: 'http://example.org/' });
  assert.equal(routeScanText('javascript:alert(1)', verify).kind, 'unknown');
  assert.equal(routeScanText('https://exa mple.org', verify).kind, 'unknown');
  assert.equal(routeScanText('weixin://dl/business', verify).kind, 'unknown');
  assert.equal(routeScanText('https://', verify).kind, 'unknown');
});

test('household card: a good signature opens the household; tampering, other keys, no key do not', () => {
  const token = signHouseholdCard(key.privateKeyPem, card);
  assert.match(token, /^VKH1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.ok(token.length < 400, 'fits a small QR code');
  assert.deepEqual(routeScanText(token, verify), { kind: 'household', card });
  assert.deepEqual(routeScanText(token, householdVerifier(other.publicKey)), { kind: 'invalid-card', reason: 'bad-signature' });
  assert.deepEqual(routeScanText(token, null), { kind: 'invalid-card', reason: 'no-key' });
  const [p, body, sig] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...card, village: '别的村' })).toString('base64url');
  assert.deepEqual(routeScanText(`${p}.${forged}.${sig}`, verify), { kind: 'invalid-card', reason: 'bad-signature' });
  assert.deepEqual(routeScanText(`${p}.${body}`, verify), { kind: 'invalid-card', reason: 'malformed' });
  assert.deepEqual(routeScanText(`${p}.${body}.${sig}.x`, verify), { kind: 'invalid-card', reason: 'malformed' });
  const extra = signHouseholdCard(key.privateKeyPem, { ...card, idNumber: '142301195001011234' } as typeof card);
  assert.deepEqual(routeScanText(extra, verify), { kind: 'invalid-card', reason: 'malformed' }, 'a card with extra personal data is refused');
  // an unmasked name is masked by the kiosk
  const unmasked = signHouseholdCard(key.privateKeyPem, { ...card, maskedName: '张三丰' });
  const r = routeScanText(unmasked, verify);
  assert.equal(r.kind === 'household' && r.card.maskedName, '张**');
});

test('control characters, empty and too-long are defined unknown results', () => {
  assert.deepEqual(routeScanText('VKR:ACDE-FGHJ\u0000', verify), { kind: 'receipt', code: 'ACDE-FGHJ' }, 'trailing NUL padding is trimmed');
  assert.deepEqual(routeScanText('VKR:\u0007ACDE-FGHJ', verify), { kind: 'unknown', reason: 'control-characters' });
  assert.deepEqual(routeScanText('https://a.example/\u202e', verify), { kind: 'unknown', reason: 'control-characters' });
  assert.deepEqual(routeScanText('', verify), { kind: 'unknown', reason: 'empty' });
  assert.deepEqual(routeDecoded(decodePayload(new Uint8Array(5000).fill(0x41)), verify), { kind: 'unknown', reason: 'too-long' });
  assert.deepEqual(routeScanText('6901234567892', verify), { kind: 'unknown', reason: 'unrecognised' }, 'a product barcode');
});

test('preview text is short and has no invisible or control characters', () => {
  assert.equal(previewText('a\u0000b\u202ec\nd'), 'a·b·c·d');
  const long = previewText('长'.repeat(500));
  assert.equal([...long].length, 121);
  assert.ok(long.endsWith('…'));
});
