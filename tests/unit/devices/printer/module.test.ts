import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import type { DeviceStatusEvent } from '#contract/core.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import { openDatabase } from '#src/db/open.js';
import { MemoryPrinter, printedJobsFile, readFakeState } from '#src/devices/printer/fakes.js';
import { createEventBus } from '#src/events/bus.js';
import type { Logger } from '#src/log/logger.js';
import { createPrinterModule, type PrinterModuleDeps } from '#src/devices/printer/module.js';
import { requestsReceiptSource, type ReceiptSource } from '#src/devices/printer/sources.js';
import { getReceiptData } from '#src/requests/receipt-data.js';
import { createRequestStore } from '#src/requests/store.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { sampleReceipt, sampleSlip } from '#tests/fixtures/printer/receipt-data.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet, close() {} };

function setup(printerCfg: Record<string, unknown>, deps: Partial<PrinterModuleDeps> = {}, ui: Record<string, unknown> = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'printer-module-'));
  const config = ConfigSchema.parse({ dataDir, ui, devices: { printer: { pollSeconds: 3600, disconnectDebounceMs: 0, ...printerCfg } } });
  const db = openDatabase(path.join(dataDir, 'kiosk.db'));
  const bus = createEventBus();
  const events: DeviceStatusEvent[] = [];
  bus.on('deviceStatus', (e) => events.push(e));
  const now = () => new Date('2025-03-14T01:30:00Z');
  const ctx: RuntimeContext = { config, db, log: quiet, bus, now, link: createLinkMonitor(bus, { configured: false, now }) };
  const receipts = new Map([[sampleReceipt().requestId, sampleReceipt()]]);
  const receiptSource: ReceiptSource = (id) => receipts.get(id) ?? null;
  const mod = createPrinterModule(ctx, { receiptSource, slipSource: (kind, id) => (id === 'pol-2025-017' ? sampleSlip({ kind }) : null), ...deps });
  return { mod, db, ctx, events, dataDir };
}

const RID = sampleReceipt().requestId;

test('a receipt prints on a connected printer and the job is recorded as printed', async () => {
  const m = new MemoryPrinter();
  const { mod, db } = setup({ sink: 'memory' }, { printer: m });
  await mod.start!();
  const r = await mod.handlers['printer.printReceipt']({ requestId: RID, lang: 'zh-CN' });
  assert.equal(r.ok, true);
  assert.equal(m.jobs.length, 1);
  const job = parseEscPos(m.jobs[0]!);
  assert.match(job.text, /7KQ3-MX4P/);
  assert.equal(job.qrs[0]!.payload, 'VKR:7KQ3-MX4P');
  const row = db.prepare('SELECT status, attempts, label FROM print_jobs').get() as { status: string; attempts: number; label: string };
  assert.deepEqual(row, { status: 'printed', attempts: 1, label: '7KQ3-MX4P' });
  assert.deepEqual((await mod.handlers['printer.pendingJobs']({})).jobs, []);
  await mod.stop!();
});

test('paper out: nothing lost, the receipt waits in "reprint pending" and reprints once paper is back', async () => {
  const m = new MemoryPrinter();
  m.state = { state: 'paper-out' };
  const { mod, events } = setup({ sink: 'memory' }, { printer: m });
  await mod.start!();
  assert.equal(events.at(-1)!.status.state, 'paper-out');
  const r = await mod.handlers['printer.printReceipt']({ requestId: RID, lang: 'zh-CN' });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.reason === 'paper-out' && r.reprintPending && r.jobId);
  assert.equal(m.jobs.length, 0);
  const pending = (await mod.handlers['printer.pendingJobs']({})).jobs;
  assert.equal(pending.length, 1);
  assert.deepEqual({ label: pending[0]!.label, reason: pending[0]!.reason, status: pending[0]!.status, kind: pending[0]!.kind }, { label: '7KQ3-MX4P', reason: 'paper-out', status: 'reprint-pending', kind: 'receipt' });
  assert.equal((await mod.handlers['printer.status']({})).pendingJobs, 1);

  // The villager taps "try again" while paper is still out: still one pending job, not two.
  await mod.handlers['printer.printReceipt']({ requestId: RID, lang: 'zh-CN' });
  assert.equal((await mod.handlers['printer.pendingJobs']({})).jobs.length, 1);

  m.state = { state: 'connected' };
  const again = await mod.handlers['printer.reprint']({ jobId: pending[0]!.id });
  assert.deepEqual(again, { ok: true, jobId: pending[0]!.id });
  assert.equal(m.jobs.length, 1);
  assert.match(parseEscPos(m.jobs[0]!).text, /7KQ3-MX4P/);
  assert.deepEqual((await mod.handlers['printer.pendingJobs']({})).jobs, []);
  await mod.stop!();
});

test('paper running out mid-job also leaves a reprint-pending job', async () => {
  const m = new MemoryPrinter();
  m.failDuringNextJob = { state: 'paper-out' };
  const { mod } = setup({ sink: 'memory' }, { printer: m });
  const r = await mod.handlers['printer.printReceipt']({ requestId: RID, lang: 'zh-CN' });
  assert.ok(!r.ok && r.reason === 'paper-out' && r.reprintPending);
  assert.equal((await mod.handlers['printer.pendingJobs']({})).jobs[0]!.reason, 'paper-out');
});

test('two taps at once print one receipt', async () => {
  const m = new MemoryPrinter();
  const { mod } = setup({ sink: 'memory' }, { printer: m });
  const [a, b] = await Promise.all([mod.handlers['printer.printReceipt']({ requestId: RID, lang: 'zh-CN' }), mod.handlers['printer.printReceipt']({ requestId: RID, lang: 'zh-CN' })]);
  assert.deepEqual(a, b);
  assert.equal(m.jobs.length, 1);
});

test('no printer configured: printing answers not-configured, status says so, nothing is queued', async () => {
  const { mod, events } = setup({ sink: 'none' });
  await mod.start!();
  assert.equal(events.at(-1)?.status.state ?? 'not-configured', 'not-configured');
  const r = await mod.handlers['printer.printReceipt']({ requestId: RID, lang: 'zh-CN' });
  assert.ok(!r.ok && r.reason === 'not-configured' && r.jobId === null && !r.reprintPending);
  const st = await mod.handlers['printer.status']({});
  assert.deepEqual({ configured: st.configured, state: st.status.state, pending: st.pendingJobs }, { configured: false, state: 'not-configured', pending: 0 });
  await mod.stop!();
});

test('unknown request, unknown job, a slip that fails is not left pending', async () => {
  const m = new MemoryPrinter();
  const { mod } = setup({ sink: 'memory' }, { printer: m });
  const r = await mod.handlers['printer.printReceipt']({ requestId: 'nope', lang: 'zh-CN' });
  assert.ok(!r.ok && r.reason === 'not-found');
  const j = await mod.handlers['printer.reprint']({ jobId: 'nope' });
  assert.ok(!j.ok && j.reason === 'no-such-job');
  m.state = { state: 'cover-open' };
  const s = await mod.handlers['printer.printSlip']({ kind: 'policy', id: 'pol-2025-017', lang: 'zh-CN' });
  assert.ok(!s.ok && s.reason === 'cover-open' && !s.reprintPending);
  assert.deepEqual((await mod.handlers['printer.pendingJobs']({})).jobs, []);
  m.state = { state: 'connected' };
  const ok = await mod.handlers['printer.printSlip']({ kind: 'policy', id: 'pol-2025-017', lang: 'zh-CN' });
  assert.equal(ok.ok, true);
  assert.deepEqual(parseEscPos(m.jobs[0]!).qrs.map((q) => q.payload), ['VKP:policy:pol-2025-017']);
});

test('a receipt that was printing when the kiosk stopped comes back as reprint pending', async () => {
  const m = new MemoryPrinter();
  const { mod, db } = setup({ sink: 'memory' }, { printer: m });
  db.prepare(
    "INSERT INTO print_jobs (id, kind, target_id, label, lang, paper_width, bytes, status, attempts, created_at, updated_at) VALUES ('j1', 'receipt', ?, '7KQ3-MX4P', 'zh-CN', 58, x'1b40', 'printing', 1, 't', 't')",
  ).run(RID);
  await mod.start!();
  const p = (await mod.handlers['printer.pendingJobs']({})).jobs;
  assert.deepEqual(p.map((j) => [j.id, j.reason]), [['j1', 'interrupted']]);
  await mod.stop!();
});

test('preview: an SVG with the Chinese text and the QR code, for 58 and 80 mm', async () => {
  const { mod } = setup({ sink: 'none' });
  for (const w of [58, 80] as const) {
    const p = await mod.handlers['printer.preview']({ target: { kind: 'receipt', requestId: RID }, lang: 'zh-CN', paperWidth: w });
    assert.ok(p.ok);
    assert.equal(p.paperWidth, w);
    assert.equal(p.widthDots, (w === 58 ? 384 : 576) + 16);
    assert.match(p.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(p.svg, />石家庄村便民服务大厅</);
    assert.match(p.svg, />7KQ3-MX4P</);
    assert.match(p.svg, /<path class="qr" data-payload="VKR:7KQ3-MX4P" d="M/);
  }
  const missing = await mod.handlers['printer.preview']({ target: { kind: 'receipt', requestId: 'x' }, lang: 'zh-CN' });
  assert.deepEqual(missing, { ok: false, reason: 'not-found' });
  const slip = await mod.handlers['printer.preview']({ target: { kind: 'slip', slip: 'policy', id: 'pol-2025-017' }, lang: 'en' });
  assert.ok(slip.ok && slip.svg.includes('Winter heating subsidy 2025') && slip.svg.includes('VKP:policy:pol-2025-017'));
});

test('preview escapes markup in content', async () => {
  const evil = sampleReceipt({ hallName: { 'zh-CN': '<script>alert(1)</script>&"', en: 'x' } });
  const { mod } = setup({ sink: 'none' }, { receiptSource: () => evil });
  const p = await mod.handlers['printer.preview']({ target: { kind: 'receipt', requestId: RID }, lang: 'zh-CN' });
  assert.ok(p.ok);
  assert.ok(!p.svg.includes('<script>'));
  assert.match(p.svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&amp;&quot;/);
});

test('state-file printer: dev calls refused without the dev panel; with it they flip the file', async () => {
  const off = setup({ sink: 'state-file' });
  const refused = await off.mod.handlers['dev.printer.setState']({ paperOut: true });
  assert.deepEqual(refused.ok, false);
  assert.equal(!refused.ok && refused.reason, 'dev-panel-disabled');

  const { mod, dataDir, events } = setup({ sink: 'state-file' }, {}, { devPanel: true });
  await mod.start!();
  const set = await mod.handlers['dev.printer.setState']({ paperOut: true });
  assert.ok(set.ok && set.state.paperOut && set.state.connected);
  const file = path.join(dataDir, 'printer-state.json');
  assert.equal(readFakeState(file).ok && (readFakeState(file) as { state: { paperOut: boolean } }).state.paperOut, true);
  assert.equal(events.at(-1)!.status.state, 'paper-out');
  const r = await mod.handlers['printer.printReceipt']({ requestId: RID, lang: 'zh-CN' });
  assert.ok(!r.ok && r.reason === 'paper-out');
  await mod.handlers['dev.printer.setState']({ paperOut: false });
  const again = await mod.handlers['printer.reprint']({ jobId: (r as { jobId: string }).jobId });
  assert.equal(again.ok, true);
  const st = await mod.handlers['dev.printer.state']({});
  assert.ok(st.ok && st.printedJobs === 1);
  const printed = JSON.parse(readFileSync(printedJobsFile(file), 'utf8').trim()) as { base64: string };
  assert.match(parseEscPos(Buffer.from(printed.base64, 'base64')).text, /7KQ3-MX4P/);
  await mod.stop!();

  const mem = setup({ sink: 'memory' }, {}, { devPanel: true });
  const notFile = await mem.mod.handlers['dev.printer.state']({});
  assert.equal(!notFile.ok && notFile.reason, 'not-state-file');
});

test('receipts from the requests store: a real saved request prints its code, type and QR', async () => {
  const m = new MemoryPrinter();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'printer-requests-'));
  const config = ConfigSchema.parse({ dataDir, devices: { printer: { sink: 'memory', pollSeconds: 3600 } } });
  const db = openDatabase(path.join(dataDir, 'kiosk.db'));
  const store = createRequestStore(db, { kioskId: 'k1' });
  const saved = store.submit({ contact: { phone: '13912340021', name: null, householdId: null }, payload: { type: 'legal-aid', matter: 'unpaid-wages', amountYuan: 3000 } });
  assert.ok(saved.ok);
  const bus = createEventBus();
  const ctx: RuntimeContext = { config, db, log: quiet, bus, now: () => new Date(), link: createLinkMonitor(bus, { configured: false }) };
  const mod = createPrinterModule(ctx, { receiptSource: requestsReceiptSource((id) => getReceiptData(db, id, config)), slipSource: () => null, printer: m });
  const r = await mod.handlers['printer.printReceipt']({ requestId: saved.id, lang: 'zh-CN' });
  assert.equal(r.ok, true);
  const job = parseEscPos(m.jobs[0]!);
  assert.match(job.text, new RegExp(saved.code));
  assert.match(job.text, /村便民服务大厅/);
  assert.match(job.text, /法律援助/);
  assert.equal(job.qrs[0]!.payload, `VKR:${saved.code}`);
  assert.ok(!job.text.includes('13912340021'), 'the villager phone is printed masked only');
});
