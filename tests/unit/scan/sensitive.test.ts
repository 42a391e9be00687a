// Payment codes and resident ID numbers scanned by mistake (issue 8 item 12): recognised,
// routed to a defined screen with only a masked form, and never put in full into an event or
// a log line.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import { openDatabase } from '#src/db/open.js';
import { createMemoryScannerSource } from '#src/devices/scanner/memory-source.js';
import { createScannerModule } from '#src/devices/scanner/module.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { routeScanText } from '#src/scan/route.js';
import { isResidentIdNumber, recogniseSensitive } from '#src/scan/sensitive.js';

/** ISO 7064 MOD 11-2, written out independently of the implementation. */
function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

const WECHAT = ['134567890123456789', '101234567890123456', '150000000000004321'];
const ALIPAY = ['2512345678901234', '28123456789012345678', '301234567890123456789012', '281234567890123456'];
const IDS = ['11010519491231002X', withCheck('14042319800101123'), withCheck('14058119651231456')];

test('recognises WeChat (18 digits, 10-15) and Alipay (16-24 digits, 25-30) payment codes, masked to the last 4', () => {
  for (const c of WECHAT) assert.deepEqual(recogniseSensitive(c), { kind: 'payment-code', provider: 'wechat', masked: '*'.repeat(14) + c.slice(-4) }, c);
  for (const c of ALIPAY) assert.deepEqual(recogniseSensitive(c), { kind: 'payment-code', provider: 'alipay', masked: '*'.repeat(c.length - 4) + c.slice(-4) }, c);
});

test('recognises resident ID numbers by their check character (X included), masked to the last 4', () => {
  for (const id of IDS) {
    assert.ok(isResidentIdNumber(id), id);
    assert.deepEqual(routeScanText(id, null), { kind: 'id-number', masked: '*'.repeat(14) + id.slice(-4) });
  }
  assert.ok(isResidentIdNumber('11010519491231002x'), 'a lower-case x is the same number');
  // A wrong check character is not an ID number (an 18-digit 11..15 number is then a WeChat code).
  const wrong = IDS[1]!.slice(0, 17) + (IDS[1]!.endsWith('0') ? '1' : '0');
  assert.equal(isResidentIdNumber(wrong), false);
});

test('other numbers are not sensitive: EAN-13, 17 or 25 digits, other prefixes, letters', () => {
  for (const t of ['6901234567892', '13456789012345678', '1345678901234567890123456', '201234567890123456', '991234567890123456', 'AB1234567890123456', '3412345678901234'])
    assert.equal(recogniseSensitive(t), null, t);
  assert.equal(routeScanText('6901234567892', null).kind, 'unknown');
});

test('the scanner module shows only the masked form and never logs the code (every mode, incl. the keyboard wedge)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scan-sensitive-'));
  const bus = createEventBus();
  const log = createMemoryLogger();
  const pushed: string[] = [];
  bus.onAny((name, payload) => pushed.push(`${name} ${JSON.stringify(payload)}`));
  const ctx: RuntimeContext = { config: ConfigSchema.parse({ dataDir: dir }), db: openDatabase(':memory:'), log, bus, now: () => new Date(), link: createLinkMonitor(bus, { configured: false }) };
  const source = createMemoryScannerSource();
  const mod = createScannerModule(ctx, { source, debounceMs: 0 });
  await mod.start!();
  const all = [...WECHAT, ...ALIPAY, ...IDS];
  try {
    for (const c of all) {
      await source.control.inject(new TextEncoder().encode(`${c}\r\n`));
      await mod.handlers['scan.submitWedge']({ text: c });
    }
    const routed = pushed.filter((p) => p.startsWith('scanRouted '));
    assert.equal(routed.length, all.length * 2);
    for (const r of routed) assert.match(r, /"kind":"(payment-code|id-number)"/);
    const logText = JSON.stringify(log.records);
    assert.ok(log.records.some((r) => r.event === 'scan'), 'scans are logged (by kind)');
    for (const c of all) {
      assert.ok(!logText.includes(c), `the log holds ${c}`);
      assert.ok(!logText.includes(c.slice(0, 12)), `the log holds the start of ${c}`);
      for (const p of pushed) assert.ok(!p.includes(c.slice(0, 12)), `an event carries ${c}: ${p}`);
    }
  } finally {
    await mod.stop!();
  }
});
