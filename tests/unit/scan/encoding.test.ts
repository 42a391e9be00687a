// Encoding guess for scanned bytes valid both as UTF-8 and as GB18030 (issue 8 item 9), over
// the whole colliding set: 1,920 GB18030 two-byte codes are also valid UTF-8. Every common
// hanzi among them, alone and in every pair, and seeded samples of 3- and 4-character words,
// encoded as GB18030, must decode back; real UTF-8 text must stay UTF-8; a scanner profile or
// the config can pin the encoding.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { ConfigSchema } from '#src/config/schema.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import type { ScanRoutedEvent } from '#contract/devices.js';
import { openDatabase } from '#src/db/open.js';
import { createScannerModule } from '#src/devices/scanner/module.js';
import { createEmitter, type ScannerSource } from '#src/devices/scanner/source.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { decodePayload } from '#src/scan/decode.js';

const gbStrict = new TextDecoder('gb18030', { fatal: true });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const gbBytes = (s: string) => Uint8Array.from(iconv.encode(s, 'gb18030'));

/** Every GB18030 two-byte code that is also a valid UTF-8 sequence. */
function collidingCodes(): Array<{ bytes: Uint8Array; char: string }> {
  const out: Array<{ bytes: Uint8Array; char: string }> = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Uint8Array.of(lead, trail);
      let char: string;
      try {
        char = gbStrict.decode(bytes);
        utf8Strict.decode(bytes);
      } catch {
        continue;
      }
      out.push({ bytes, char });
    }
  }
  return out;
}

const COLLIDING = collidingCodes();
/** The common hanzi (GB2312, cell byte >= 0xA1) of the colliding set. */
const COMMON_CODES = COLLIDING.filter((c) => c.bytes[1]! >= 0xa1 && /^\p{Script=Han}$/u.test(c.char));
const COMMON = COMMON_CODES.map((c) => c.char);

test('the colliding set has 1,920 BMP characters, 930 of them common hanzi', () => {
  assert.equal(COLLIDING.length, 1920);
  assert.ok(COLLIDING.every((c) => c.char.codePointAt(0)! <= 0xffff));
  assert.equal(COMMON.length, 930);
});

test('the examples from the issue decode as meant', () => {
  for (const w of ['职业学校', '平顺', '南大里村', '龙泉村', '养老保险', '张三']) assert.deepEqual(decodePayload(gbBytes(w)), { ok: true, text: w, encoding: 'gb18030', byteLength: gbBytes(w).length }, w);
});

test('every common colliding hanzi, alone and in every ordered pair, encoded as GB18030 decodes back', () => {
  const wrong: string[] = [];
  const pair = new Uint8Array(4);
  for (const a of COMMON_CODES) {
    const one = decodePayload(a.bytes);
    if (!one.ok || one.text !== a.char) wrong.push(a.char);
    pair.set(a.bytes, 0);
    for (const b of COMMON_CODES) {
      pair.set(b.bytes, 2);
      const r = decodePayload(pair);
      if (!r.ok || r.text !== a.char + b.char) wrong.push(a.char + b.char);
    }
  }
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${COMMON.length * (COMMON.length + 1)} misread`);
});

test('3- and 4-character words of common colliding hanzi (seeded samples), also with ASCII and other hanzi around them', () => {
  let seed = 20261201;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const wrong: string[] = [];
  for (const len of [3, 4]) {
    for (let k = 0; k < 5_000; k++) {
      let w = '';
      for (let j = 0; j < len; j++) w += COMMON[Math.floor(rnd() * COMMON.length)];
      for (const text of [w, `${w}村`, `VKP:${w}`]) {
        const r = decodePayload(gbBytes(text));
        if (!r.ok || r.text !== text) wrong.push(text);
      }
    }
  }
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} misread`);
});

test('real UTF-8 stays UTF-8: Chinese, accented Latin, Cyrillic, Hebrew, Arabic, URLs', () => {
  for (const s of ['中文', '职业学校', '南大里村张三', 'café', 'Müller', 'naïve résumé', 'Łódź', 'Привет мир', 'Київ', 'שלום', 'مرحبا', 'Αθήνα', 'https://例子.cn/政策?id=1', 'VKR:ACDE-FGHJ']) {
    const r = decodePayload(new TextEncoder().encode(s));
    // eslint-disable-next-line no-control-regex -- an ASCII range check, NUL included on purpose
    assert.ok(r.ok && r.text === s && r.encoding === (/[^\x00-\x7f]/.test(s) ? 'utf-8' : 'utf-8'), s);
  }
});

test('a pinned encoding is used as is', () => {
  // GB18030 bytes of 茅 are UTF-8 é: pinned UTF-8 reads é, pinned GB18030 reads 茅.
  assert.equal((decodePayload(gbBytes('茅'), 'utf-8') as { text: string }).text, 'é');
  assert.equal((decodePayload(gbBytes('caf茅'), 'gb18030') as { text: string }).text, 'caf茅');
  assert.equal((decodePayload(new TextEncoder().encode('γεια'), 'utf-8') as { text: string }).text, 'γεια');
  assert.deepEqual(decodePayload(gbBytes('张三'), 'utf-8'), { ok: false, reason: 'invalid-encoding', byteLength: 4 });
});

test('the scanner module: a HID POS profile can pin the encoding, and the config overrides it', async () => {
  const run = async (configEncoding: string, profileEncoding: 'utf-8' | 'gb18030' | undefined, bytes: Uint8Array) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scan-enc-'));
    const bus = createEventBus();
    const seen: ScanRoutedEvent[] = [];
    bus.on('scanRouted', (e) => seen.push(e));
    const { emit, on } = createEmitter();
    const source: ScannerSource = { kind: 'test-hid', onEvent: on, start: async () => undefined, stop: async () => undefined };
    const ctx: RuntimeContext = { config: ConfigSchema.parse({ dataDir: dir, devices: { scanner: { encoding: configEncoding } } }), db: openDatabase(':memory:'), log: createMemoryLogger(), bus, now: () => new Date(), link: createLinkMonitor(bus, { configured: false }) };
    const mod = createScannerModule(ctx, { source, debounceMs: 0 });
    await mod.start!();
    emit({ type: 'scan', bytes, source: 'hid-pos', ...(profileEncoding ? { encoding: profileEncoding } : {}) });
    await mod.stop!();
    return seen[0]!.preview;
  };
  const cafeGb = gbBytes('caf茅'); // auto reads "café" (an accented Latin word)
  assert.equal(await run('auto', undefined, cafeGb), 'café');
  assert.equal(await run('auto', 'gb18030', cafeGb), 'caf茅', 'the profile pins GB18030');
  assert.equal(await run('utf-8', 'gb18030', cafeGb), 'café', 'the config overrides the profile');
  assert.equal(await run('gb18030', undefined, cafeGb), 'caf茅');
});
