// Issue 8 item 4: one lock per device. usblp allows one open of /dev/usb/lp0 at a time; the
// sink here is a real file opened through a guard that answers EBUSY when it is already open,
// exactly as usblp does, and status reads run against prints at the same time.
import assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import { openDatabase } from '#src/db/open.js';
import { createManagedPrinter } from '#src/devices/printer/driver.js';
import { encodeBlocks } from '#src/devices/printer/escpos.js';
import { PAPER } from '#src/devices/printer/layout.js';
import { createPrinterModule } from '#src/devices/printer/module.js';
import { receiptBlocks } from '#src/devices/printer/receipt.js';
import { createDevicePrinter, type OpenFile } from '#src/devices/printer/sink-device.js';
import { createEventBus } from '#src/events/bus.js';
import type { Logger } from '#src/log/logger.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { sampleReceipt, sampleSlip } from '#tests/fixtures/printer/receipt-data.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet, close() {} };
const dir = mkdtempSync(path.join(os.tmpdir(), 'printer-lock-'));
const receipt = encodeBlocks(receiptBlocks(sampleReceipt(), 'zh-CN'), PAPER[58]);

/** fs.promises.open with usblp's rule: a second open while one is held fails with EBUSY. */
function usblpOpen() {
  const g = { open: 0, maxOpen: 0, refused: 0, opens: 0 };
  const openFile: OpenFile = async (p, flags) => {
    if (g.open > 0) {
      g.refused++;
      throw Object.assign(new Error(`EBUSY: resource busy or locked, open '${p}'`), { code: 'EBUSY', errno: -16, syscall: 'open' });
    }
    g.open++;
    g.opens++;
    g.maxOpen = Math.max(g.maxOpen, g.open);
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(p, flags);
    } catch (e) {
      g.open--;
      throw e;
    }
    const close = fh.close.bind(fh);
    let closed = false;
    fh.close = async () => {
      if (!closed) (closed = true), g.open--;
      return close();
    };
    return fh;
  };
  /** Another program holding the device open until release() is called. */
  const holdElsewhere = () => {
    g.open++;
    return () => void g.open--;
  };
  return { g, openFile, holdElsewhere };
}

function countJobs(file: string): number {
  const all = readFileSync(file);
  let n = 0;
  for (let i = all.indexOf(receipt); i >= 0; i = all.indexOf(receipt, i + receipt.length)) n++;
  return n;
}

test('status reads and prints at the same time on a one-open device: every print succeeds, the kiosk never opens it twice', async () => {
  const file = path.join(dir, 'lp-concurrent');
  writeFileSync(file, '');
  const { g, openFile } = usblpOpen();
  const printer = createManagedPrinter(() => createDevicePrinter({ path: file, openFile }), { kind: 'device', reportsStatus: true, debounceMs: 0, log: quiet });
  const ops: Array<Promise<unknown>> = [];
  for (let i = 0; i < 12; i++) {
    ops.push(printer.print(receipt));
    ops.push(printer.status(), printer.status());
  }
  const results = await Promise.all(ops);
  const prints = results.filter((_, i) => i % 3 === 0);
  const statuses = results.filter((_, i) => i % 3 !== 0) as Array<{ state: string }>;
  assert.deepEqual(prints, Array(12).fill({ ok: true }));
  assert.deepEqual([...new Set(statuses.map((s) => s.state))], ['connected']);
  assert.equal(g.maxOpen, 1, 'one open at a time');
  assert.equal(g.refused, 0, 'the kiosk never collided with itself');
  assert.equal(g.opens, 36);
  assert.equal(countJobs(file), 12, 'every receipt arrived whole');
});

test('a device held open by another program is "busy, retry", not offline: the print waits and goes through', async () => {
  const file = path.join(dir, 'lp-held');
  writeFileSync(file, '');
  const { g, openFile, holdElsewhere } = usblpOpen();
  const printer = createManagedPrinter(() => createDevicePrinter({ path: file, openFile }), { kind: 'device', reportsStatus: true, debounceMs: 0, log: quiet, busyStatusMs: 100 });
  assert.equal((await printer.status()).state, 'connected');
  const release = holdElsewhere();
  // A status read while it is held keeps the last reading.
  assert.equal((await printer.status()).state, 'connected');
  const refusedBefore = g.refused;
  const printing = printer.print(receipt);
  // Release only once the print has been refused at least once (a positive signal, no sleep).
  while (g.refused === refusedBefore) await new Promise((r) => setImmediate(r));
  release();
  assert.deepEqual(await printing, { ok: true });
  assert.equal(countJobs(file), 1);
});

test('a device that stays busy fails the print with a reason an attendant can act on, still not "offline"', async () => {
  const file = path.join(dir, 'lp-stuck');
  writeFileSync(file, '');
  const { openFile, holdElsewhere } = usblpOpen();
  const printer = createManagedPrinter(() => createDevicePrinter({ path: file, openFile }), { kind: 'device', reportsStatus: true, debounceMs: 0, log: quiet, busyPrintMs: 150 });
  const release = holdElsewhere();
  const r = await printer.print(receipt);
  release();
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.reason === 'error' && /busy.*EBUSY.*another program/.test(r.message), JSON.stringify(r));
});

test('printer module: the status poll and printer.status never make a receipt or slip fail on a one-open device', async () => {
  const dataDir = mkdtempSync(path.join(dir, 'module-'));
  const file = path.join(dir, 'lp-module');
  writeFileSync(file, '');
  const { g, openFile } = usblpOpen();
  const config = ConfigSchema.parse({ dataDir, devices: { printer: { sink: 'device', path: file, pollSeconds: 1, disconnectDebounceMs: 0 } } });
  const db = openDatabase(path.join(dataDir, 'kiosk.db'));
  const bus = createEventBus();
  const states: string[] = [];
  bus.on('deviceStatus', (e) => states.push(e.status.state));
  const now = () => new Date('2025-03-14T01:30:00Z');
  const ctx: RuntimeContext = { config, db, log: quiet, bus, now, link: createLinkMonitor(bus, { configured: false, now }) };
  const receipts = new Map(
    Array.from({ length: 8 }, (_, i) => {
      const d = sampleReceipt({ requestId: `req-${i}`, code: `7KQ3-MX${'ABCDEFGH'[i]}P` });
      return [d.requestId, d] as const;
    }),
  );
  const mod = createPrinterModule(ctx, {
    receiptSource: (id) => receipts.get(id) ?? null,
    slipSource: (kind, id) => (id === 'pol-2025-017' ? sampleSlip({ kind }) : null),
    printer: createDevicePrinter({ path: file, openFile }),
  });
  await mod.start!();
  const calls: Array<unknown> = [];
  for (const id of receipts.keys()) {
    calls.push(mod.handlers['printer.printReceipt']({ requestId: id, lang: 'zh-CN' }));
    calls.push(mod.handlers['printer.status']({}), mod.refresh());
    calls.push(mod.handlers['printer.printSlip']({ kind: 'policy', id: 'pol-2025-017', lang: 'en' }));
  }
  const results = await Promise.all(calls);
  await mod.idle();
  const outcomes = results.filter((r): r is { ok: boolean } => typeof r === 'object' && r !== null && 'ok' in r);
  assert.equal(outcomes.length, 16);
  assert.deepEqual(outcomes.filter((o) => !o.ok), [], 'no print failed');
  assert.deepEqual((await mod.handlers['printer.pendingJobs']({})).jobs, [], 'nothing waits for a reprint');
  assert.ok(!states.includes('offline'), `status never said offline: ${states.join(',')}`);
  assert.equal(g.refused, 0);
  const printed = parseEscPos(readFileSync(file));
  assert.equal(printed.cuts, 16);
  await mod.stop!();
  db.close();
});
