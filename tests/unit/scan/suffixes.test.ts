// Scanner suffixes (issue 8 item 10): CR, LF, Tab and NUL after the data, in any mix, are
// trimmed the same way in every scanner mode: HID POS reports, keyboard-mode reports, the
// simulator's lines and the keyboard wedge. A HID POS scan ending in Tab used to be refused
// as "control characters".
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import type { ScanRoutedEvent } from '#contract/devices.js';
import { openDatabase } from '#src/db/open.js';
import { GENERIC_PROFILE, HidPosReassembler, encodeHidPosReports } from '#src/devices/scanner/hid-pos.js';
import { KeyboardReportDecoder, encodeKeyboardReports } from '#src/devices/scanner/keyboard.js';
import { createMemoryScannerSource } from '#src/devices/scanner/memory-source.js';
import { createScannerModule } from '#src/devices/scanner/module.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { decodePayload } from '#src/scan/decode.js';
import { routeDecoded } from '#src/scan/route.js';

const CODE = 'VKR:ACDE-FGHJ';
const SUFFIXES = ['', '\t', '\r', '\n', '\r\n', '\0', '\t\r\n', '\r\n\0', '\0\0', '\t\t', '\n\t\0'];
const enc = (s: string) => new TextEncoder().encode(s);

test('decodePayload trims every mix of CR, LF, Tab and NUL, and nothing else', () => {
  for (const suffix of SUFFIXES) {
    const d = decodePayload(enc(CODE + suffix));
    assert.ok(d.ok, JSON.stringify(suffix));
    assert.equal(d.text, CODE, JSON.stringify(suffix));
    assert.deepEqual(routeDecoded(d, null), { kind: 'receipt', code: 'ACDE-FGHJ' }, JSON.stringify(suffix));
  }
  // A Tab inside the data is data (refused as a control character), and a space is not trimmed.
  assert.deepEqual(routeDecoded(decodePayload(enc('VKR:ACDE\tFGHJ')), null), { kind: 'unknown', reason: 'control-characters' });
  assert.equal((decodePayload(enc(`${CODE} `)) as { text: string }).text, `${CODE} `);
});

test('HID POS reports with a Tab (or any) suffix give the receipt route', () => {
  for (const suffix of SUFFIXES) {
    const re = new HidPosReassembler(GENERIC_PROFILE, { maxBytes: 4096 });
    const scans = encodeHidPosReports(enc(CODE + suffix), GENERIC_PROFILE).map((r) => re.push(r));
    const scan = scans.at(-1);
    assert.ok(scan, JSON.stringify(suffix));
    assert.deepEqual(routeDecoded(decodePayload(scan.bytes), null), { kind: 'receipt', code: 'ACDE-FGHJ' }, `HID POS ${JSON.stringify(suffix)}`);
  }
});

test('keyboard-mode reports ended by Tab or Enter give the same text', () => {
  for (const terminator of ['tab', 'enter'] as const) {
    const dec = new KeyboardReportDecoder({ maxChars: 4096 });
    const out = encodeKeyboardReports(CODE, terminator).flatMap((r) => dec.push(r));
    assert.equal(out.length, 1);
    assert.deepEqual(routeDecoded(decodePayload(enc(out[0]!.text)), null), { kind: 'receipt', code: 'ACDE-FGHJ' });
  }
});

test('through the scanner module: source bytes (HID POS, simulator) and the keyboard wedge all route alike', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scan-suffix-'));
  const bus = createEventBus();
  const routed: ScanRoutedEvent[] = [];
  bus.on('scanRouted', (e) => routed.push(e));
  const ctx: RuntimeContext = { config: ConfigSchema.parse({ dataDir: dir }), db: openDatabase(':memory:'), log: createMemoryLogger(), bus, now: () => new Date(), link: createLinkMonitor(bus, { configured: false }) };
  const source = createMemoryScannerSource();
  const mod = createScannerModule(ctx, { source, debounceMs: 0 });
  await mod.start!();
  try {
    for (const suffix of SUFFIXES) {
      await source.control.inject(enc(CODE + suffix));
      await mod.handlers['scan.submitWedge']({ text: `VKR:CDEF-GHJK${suffix}` });
    }
    assert.equal(routed.length, SUFFIXES.length * 2);
    for (const [i, e] of routed.entries()) assert.equal(e.route.kind, 'receipt', `${e.source} ${JSON.stringify(SUFFIXES[Math.floor(i / 2)])}`);
  } finally {
    await mod.stop!();
  }
});
