// Report decoding against recorded-layout fixtures (tests/fixtures/scanner/*.json): HID POS
// reassembly (generic and Newland-style profiles, multi-report Chinese in UTF-8 and GB18030)
// and boot-keyboard decoding.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { decodePayload } from '#src/scan/decode.js';
import { GENERIC_PROFILE, HidPosReassembler, NEWLAND_PROFILE, encodeHidPosReports, profileFor } from '#src/devices/scanner/hid-pos.js';
import { KeyboardReportDecoder, encodeKeyboardReports } from '#src/devices/scanner/keyboard.js';

interface Fixture {
  vendorId: number;
  productId: number;
  profile?: string;
  encoding?: string;
  expectedText: string;
  expectedAim?: string;
  reports: string[];
}
const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`../../../fixtures/scanner/${name}.json`, import.meta.url), 'utf8'));
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

function reassemble(f: Fixture) {
  const profile = profileFor(f.vendorId, f.productId);
  assert.equal(profile.name, f.profile);
  const re = new HidPosReassembler(profile, { maxBytes: 4096 });
  const out = f.reports.map((r) => re.push(bytes(r)));
  // only the last report completes the scan
  assert.ok(out.slice(0, -1).every((x) => x === null), 'no scan before the final report');
  const scan = out.at(-1);
  assert.ok(scan);
  return scan;
}

test('generic profile: one report, receipt code, AIM ]Q1 stripped, CR trimmed', () => {
  const f = fixture('hid-pos-generic-receipt');
  assert.equal(f.reports.length, 1);
  assert.equal(bytes(f.reports[0]!).length, 64);
  const scan = reassemble(f);
  assert.equal(scan.aim, ']Q1');
  const d = decodePayload(scan.bytes);
  assert.deepEqual(d.ok && [d.text, d.encoding], [f.expectedText, 'utf-8']);
});

for (const [name, encoding] of [
  ['hid-pos-generic-utf8-chinese', 'utf-8'],
  ['hid-pos-generic-gb18030-chinese', 'gb18030'],
  ['hid-pos-newland-gb18030', 'gb18030'],
] as const) {
  test(`${name}: multi-report Chinese payload decodes as ${encoding}`, () => {
    const f = fixture(name);
    assert.ok(f.reports.length >= 3, 'spans several reports');
    const scan = reassemble(f);
    assert.equal(scan.aim, f.expectedAim);
    const d = decodePayload(scan.bytes);
    assert.equal(d.ok, true);
    if (!d.ok) return;
    assert.equal(d.encoding, encoding);
    assert.equal(d.text, f.expectedText);
  });
}

test('GB18030 bytes are not valid UTF-8 (the fallback is really exercised)', () => {
  const gb = iconv.encode('高龄津贴', 'gb18030');
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(gb));
  const d = decodePayload(gb);
  assert.deepEqual(d.ok && [d.text, d.encoding], ['高龄津贴', 'gb18030']);
});

test('reports with another report id are ignored; a stalled sequence is dropped', () => {
  let now = 0;
  const re = new HidPosReassembler(GENERIC_PROFILE, { maxBytes: 4096, staleMs: 500, now: () => now });
  const reports = encodeHidPosReports(new TextEncoder().encode('A'.repeat(120)), GENERIC_PROFILE);
  assert.equal(reports.length, 3);
  const other = new Uint8Array(64);
  other[0] = 0x04;
  other[1] = 5;
  assert.equal(re.push(other), null);
  assert.equal(re.push(reports[0]!), null);
  now = 2000; // the rest never came in time; a new scan starts
  const single = encodeHidPosReports(new TextEncoder().encode('VKR:ACDE-FGHJ'))[0]!;
  const scan = re.push(single);
  assert.equal(new TextDecoder().decode(scan!.bytes), 'VKR:ACDE-FGHJ');
});

test('a declared length larger than the report is clamped; overflow is flagged', () => {
  const r = encodeHidPosReports(new TextEncoder().encode('HELLO'))[0]!;
  r[1] = 200;
  const scan = new HidPosReassembler(GENERIC_PROFILE, { maxBytes: 4096 }).push(r);
  assert.equal(scan!.bytes.length, 56);
  const big = encodeHidPosReports(new Uint8Array(3000).fill(0x41));
  const re = new HidPosReassembler(GENERIC_PROFILE, { maxBytes: 2048 });
  let last: ReturnType<HidPosReassembler['push']> = null;
  for (const rep of big) last = re.push(rep);
  assert.equal(last!.overflow, true);
  assert.equal(last!.bytes.length, 2049);
  assert.deepEqual(decodePayload(last!.bytes), { ok: false, reason: 'too-long', byteLength: 2049 });
});

test('Newland profile is chosen by vendor id; unknown vendors get the generic one', () => {
  assert.equal(profileFor(0x1eab, 0x1234), NEWLAND_PROFILE);
  assert.equal(profileFor(0x0c2e, 0x0b87), GENERIC_PROFILE);
});

test('keyboard fixture: US layout, shift, key-up reports, Enter terminates', () => {
  const f = fixture('keyboard-receipt');
  const dec = new KeyboardReportDecoder();
  const scans = f.reports.flatMap((r) => dec.push(bytes(r)));
  assert.deepEqual(scans.map((s) => s.text), [f.expectedText]);
});

test('keyboard: repeated characters need a key-up in between ("00" stays "00")', () => {
  const dec = new KeyboardReportDecoder();
  const z = Uint8Array.from([0, 0, 0x27, 0, 0, 0, 0, 0]);
  const up = new Uint8Array(8);
  const out = [z, up, z, up, z, z /* held: no repeat */, up, Uint8Array.from([0, 0, 0x28, 0, 0, 0, 0, 0])].flatMap((r) => dec.push(r));
  assert.deepEqual(out.map((s) => s.text), ['000']);
});

test('keyboard: rollover error reports are ignored; right shift works; Tab terminates; report id prefix', () => {
  const dec = new KeyboardReportDecoder();
  const reports = [
    Uint8Array.from([0x20, 0, 0x04, 0, 0, 0, 0, 0]), // RShift + a = A
    Uint8Array.from([0, 0, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01]), // rollover: ignored
    new Uint8Array(8),
    Uint8Array.from([0x02, 0, 0x1f, 0, 0, 0, 0, 0]), // LShift + 2 = @
    new Uint8Array(8),
    Uint8Array.from([0x01, 0, 0, 0x2d, 0, 0, 0, 0, 0]), // report id 1, then '-'
    new Uint8Array(8),
    Uint8Array.from([0, 0, 0x2b, 0, 0, 0, 0, 0]), // Tab
  ];
  assert.deepEqual(reports.flatMap((r) => dec.push(r)).map((s) => s.text), ['A@-']);
});

test('keyboard encoder and decoder agree on every printable ASCII character', () => {
  const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
  const dec = new KeyboardReportDecoder();
  const out = encodeKeyboardReports(ascii).flatMap((r) => dec.push(r));
  assert.equal(out.length, 1);
  assert.equal(out[0]!.text, ascii);
});
