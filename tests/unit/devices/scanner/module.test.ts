// The scanner module end to end inside the runtime process: sources -> decode -> route ->
// `scanRouted` events and debounced `deviceStatus`; state-file fake, simulator FIFO, the
// keyboard wedge (and its duplicate with HID keyboard mode), and dev-panel refusals.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, openSync, writeSync, closeSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import type { DeviceStatusEvent } from '#contract/core.js';
import type { ScanRoutedEvent } from '#contract/devices.js';
import type { RuntimeContext } from '#src/core/module.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import { openDatabase } from '#src/db/open.js';
import { createMemoryScannerSource } from '#src/devices/scanner/memory-source.js';
import { createScannerModule } from '#src/devices/scanner/module.js';
import { updateScannerStateFile } from '#src/devices/scanner/state-file-source.js';
import { createEmitter, type ScannerSource } from '#src/devices/scanner/source.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await tick(10);
  }
}

function context(overrides: Record<string, unknown> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scanner-mod-'));
  const config = ConfigSchema.parse({ dataDir: dir, ...overrides });
  const bus = createEventBus();
  const scans: ScanRoutedEvent[] = [];
  const statuses: DeviceStatusEvent[] = [];
  bus.on('scanRouted', (e) => scans.push(e));
  bus.on('deviceStatus', (e) => statuses.push(e));
  const ctx: RuntimeContext = { config, db: openDatabase(':memory:'), log: createMemoryLogger(), bus, now: () => new Date(), link: createLinkMonitor(bus, { configured: false }) };
  return { ctx, dir, scans, statuses };
}

test('memory fake: scans are routed and pushed; unplug is debounced, replug is immediate', async () => {
  const { ctx, scans, statuses } = context({ ui: { devPanel: true } });
  const source = createMemoryScannerSource();
  const mod = createScannerModule(ctx, { source, debounceMs: 80 });
  await mod.start!();
  assert.equal(statuses.at(-1)?.status.state, 'connected');
  await source.control.inject(new TextEncoder().encode('VKR:ACDE-FGHJ\r\n'));
  assert.deepEqual(scans.at(-1)?.route, { kind: 'receipt', code: 'ACDE-FGHJ' });
  assert.equal(scans.at(-1)?.preview, 'VKR:ACDE-FGHJ');
  assert.ok(Math.abs(scans.at(-1)!.atMs - Date.now()) < 1000);
  // a blip shorter than the debounce is never shown
  await source.control.setConnected(false);
  await source.control.setConnected(true);
  await tick(120);
  assert.deepEqual(statuses.map((s) => s.status.state), ['connected']);
  await source.control.setConnected(false);
  assert.equal(statuses.length, 1, 'not yet');
  await until(() => statuses.length === 2);
  assert.equal(statuses.at(-1)?.status.state, 'disconnected');
  await mod.stop!();
});

test('keyboard wedge is routed like a scan; the same scan from HID keyboard mode is dropped once', async () => {
  const { ctx, scans } = context();
  const source = createMemoryScannerSource();
  const mod = createScannerModule(ctx, { source });
  await mod.start!();
  const r = await mod.handlers['scan.submitWedge']({ text: 'VKP:job:j-001' });
  assert.equal(r.accepted, true);
  assert.deepEqual(scans.at(-1)?.route, { kind: 'job', id: 'j-001' });
  assert.equal(scans.at(-1)?.source, 'keyboard-wedge');
  await mod.stop!();

  // hidraw backend: the HID driver reads the scan AND the kernel types it into the page,
  // where the wedge catches it. One scan, not two; the next real scan still counts.
  const { ctx: c2, scans: s2 } = context();
  const { emit, on } = createEmitter();
  const hidLike: ScannerSource = { kind: 'hid', onEvent: on, start: async () => undefined, stop: async () => undefined };
  const mod2 = createScannerModule(c2, { source: hidLike });
  await mod2.start!();
  emit({ type: 'scan', bytes: new TextEncoder().encode('VKR:ACDE-FGHJ'), source: 'hid-keyboard' });
  assert.equal((await mod2.handlers['scan.submitWedge']({ text: 'VKR:ACDE-FGHJ' })).accepted, false);
  assert.equal(s2.length, 1);
  emit({ type: 'scan', bytes: new TextEncoder().encode('VKR:ACDE-FGHJ'), source: 'hid-keyboard' });
  assert.equal(s2.length, 2, 'scanning the same code again is a new scan');
  assert.equal((await mod2.handlers['scan.submitWedge']({ text: 'VKB:att-007' })).accepted, true);
  assert.equal(s2.length, 3);
  await mod2.stop!();
});

test('dev calls are refused unless ui.devPanel is on', async () => {
  const { ctx, scans } = context({ ui: { devPanel: false } });
  const mod = createScannerModule(ctx, { source: createMemoryScannerSource() });
  await mod.start!();
  const r = await mod.handlers['dev.scanner.inject']({ text: 'VKR:ACDE-FGHJ' });
  assert.equal(r.ok, false);
  assert.equal((await mod.handlers['dev.scanner.setConnected']({ connected: false })).ok, false);
  assert.equal(scans.length, 0);
  await mod.stop!();
});

test('state-file fake: another process flips connected and queues scans (ids delivered once)', async () => {
  const { ctx, dir, scans, statuses } = context({ ui: { devPanel: true }, devices: { scanner: { mode: 'state-file' } } });
  const file = path.join(dir, 'scanner-state.json');
  await updateScannerStateFile(file, { connected: true });
  const mod = createScannerModule(ctx, { debounceMs: 0 });
  await mod.start!();
  assert.equal(statuses.at(-1)?.status.state, 'connected');
  await updateScannerStateFile(file, { add: ['VKB:att-007', { id: 'gb', hex: Buffer.from('e5bca0e4b889', 'hex').toString('hex') }] });
  await until(() => scans.length === 2);
  assert.deepEqual(scans.map((s) => s.route.kind), ['badge', 'unknown']);
  assert.equal(scans[1]!.preview, '张三');
  await updateScannerStateFile(file, { connected: false });
  await until(() => statuses.at(-1)?.status.state === 'disconnected');
  // scans wait while unplugged, then arrive on replug
  await updateScannerStateFile(file, { add: ['VKR:ACDE-FGHJ'] });
  await tick(150);
  assert.equal(scans.length, 2);
  const r = await mod.handlers['dev.scanner.setConnected']({ connected: true });
  assert.deepEqual(r, { ok: true });
  await until(() => scans.length === 3);
  assert.deepEqual(scans[2]!.route, { kind: 'receipt', code: 'ACDE-FGHJ' });
  // the dev panel injects through the file, so it takes the same path
  await mod.handlers['dev.scanner.inject']({ text: 'https://example.org/x' });
  await until(() => scans.length === 4);
  assert.equal(scans[3]!.source, 'state-file');
  await tick(150);
  assert.equal(scans.length, 4, 'nothing delivered twice');
  await mod.stop!();
});

test('simulator: a FIFO is read line by line without blocking; a regular file is followed', async () => {
  const { ctx, dir, scans } = context({ devices: { scanner: { mode: 'simulator', simulatorPath: 'set-below' } } });
  const fifo = path.join(dir, 'scans.fifo');
  execFileSync('mkfifo', [fifo]);
  ctx.config.devices.scanner.simulatorPath = fifo;
  const mod = createScannerModule(ctx, { debounceMs: 0 });
  await mod.start!();
  const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  writeSync(fd, 'VKR:ACDE-FGHJ\nVKP:policy:p-001\r\nhex:');
  writeSync(fd, 'b8dfc1e4\n');
  closeSync(fd); // a writer closing (like `echo > fifo`) does not end the source
  await until(() => scans.length === 3);
  assert.deepEqual(scans.map((s) => s.route.kind), ['receipt', 'policy', 'unknown']);
  assert.equal(scans[2]!.preview, '高龄', 'hex line decoded as GB18030');
  const fd2 = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  writeSync(fd2, 'VKB:att-007\n');
  closeSync(fd2);
  await until(() => scans.length === 4);
  await mod.stop!();

  const { ctx: ctx2, dir: dir2, scans: scans2 } = context({ devices: { scanner: { mode: 'simulator' } } });
  const file = path.join(dir2, 'scanner-simulator.txt');
  appendFileSync(file, 'VKR:ACDE-FGHJ\n'); // before start: not replayed
  const mod2 = createScannerModule(ctx2, { debounceMs: 0 });
  await mod2.start!();
  appendFileSync(file, 'VKP:job:j-9\n');
  await until(() => scans2.length === 1);
  assert.deepEqual(scans2[0]!.route, { kind: 'job', id: 'j-9' });
  await mod2.stop!();
});

test('mode none reports not-configured; a failing source start is an error status, not a crash', async () => {
  const { ctx, statuses } = context({ devices: { scanner: { mode: 'none' } } });
  const mod = createScannerModule(ctx);
  await mod.start!();
  assert.equal(statuses.at(-1)?.status.state, 'not-configured');
  const { ctx: c2, statuses: s2 } = context();
  const broken = { ...createMemoryScannerSource(), start: async () => Promise.reject(new Error('boom')) };
  const mod2 = createScannerModule(c2, { source: broken });
  await mod2.start!();
  assert.deepEqual(s2.at(-1)?.status, { state: 'error', message: 'The scanner could not start: boom' });
});
