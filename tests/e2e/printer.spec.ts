// Receipt printing with the state-file printer: paper runs out, the villager sees plain
// words with their code still on screen, the receipt waits in "reprint pending", and once
// paper is back "Try again" prints it. The state file is flipped the way another process
// (or a person with an editor) would.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.js';
import { applySettings, checkScreen, foreignText, type Lang, type Size, type Theme } from './support/checks.js';
import { parseEscPos } from '../support/escpos-parse.js';
import { rpc, signInAttendant } from './support/rpc.js';

const STAFF = { badge: 'att-print', pin: '864213' };
test.use({ kioskOptions: { env: { KIOSK_PRINTER_SINK: 'state-file', KIOSK_PRINTER_POLL_SECONDS: '0.3', KIOSK_ATTENDANT_DEMO_BADGE: STAFF.badge, KIOSK_ATTENDANT_DEMO_PIN: STAFF.pin } } });


function setPrinter(dataDir: string, state: { connected: boolean; paperOut: boolean; coverOpen: boolean }): void {
  writeFileSync(path.join(dataDir, 'printer-state.json'), JSON.stringify(state));
}

function printedJobs(dataDir: string): Buffer[] {
  const f = path.join(dataDir, 'printer-state.json.printed.jsonl');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => Buffer.from((JSON.parse(l) as { base64: string }).base64, 'base64'));
}

async function submitRequest(page: Page): Promise<{ id: string; code: string }> {
  const r = await rpc<{ ok: boolean; id: string; code: string }>(page, 'requests.submit', {
    contact: { phone: '13912340021', name: null, householdId: null },
    payload: { type: 'general-help', topic: 'pension' },
    relatedId: null,
  });
  expect(r.ok).toBe(true);
  return r;
}

test('paper out: plain words, the code stays on screen, reprint pending, then paper in and Try again prints it', async ({ kiosk, kioskPage: page }) => {
  const saved = await submitRequest(page);
  setPrinter(kiosk.dataDir, { connected: true, paperOut: true, coverOpen: false });
  await expect.poll(async () => (await rpc<{ status: { state: string } }>(page, 'printer.status', {})).status.state).toBe('paper-out');

  await page.evaluate((id) => (window.location.hash = `/receipt/${id}`), saved.id);
  const failure = page.getByTestId('print-failure');
  await expect(failure).toBeVisible();
  await expect(failure).toHaveAttribute('data-reason', 'paper-out');
  await expect(failure.locator('h2')).toContainText('打印机没有纸了');
  await expect(failure).toContainText('您的申请已经保存好了');
  await expect(page.getByTestId('print-failure-code')).toHaveText(saved.code);
  expect(printedJobs(kiosk.dataDir)).toHaveLength(0);

  // Attendants see it in "reprint pending", with the code.
  // Only a signed-in attendant may list them.
  await expect(rpc(page, 'printer.pendingJobs', {})).rejects.toThrow(/HTTP 403 .*attendant/);
  const staff = await signInAttendant(page, STAFF.badge, STAFF.pin);
  const pending = await rpc<{ jobs: Array<{ id: string; label: string; reason: string; status: string }> }>(page, 'printer.pendingJobs', {}, staff);
  expect(pending.jobs.map((j) => [j.label, j.reason, j.status])).toEqual([[saved.code, 'paper-out', 'reprint-pending']]);

  // Closing the message: the saved screen still shows the code, with a retry button.
  await page.getByTestId('print-failure-close').tap();
  await expect(failure).toHaveCount(0);
  await expect(page.getByTestId('receipt-code')).toHaveText(saved.code);
  await expect(page.getByTestId('receipt-print')).toHaveAttribute('data-phase', 'failed');

  // Paper back in: Try again prints the same job.
  setPrinter(kiosk.dataDir, { connected: true, paperOut: false, coverOpen: false });
  await expect.poll(async () => (await rpc<{ status: { state: string } }>(page, 'printer.status', {})).status.state).toBe('connected');
  await page.getByTestId('receipt-print-retry').tap();
  await expect(page.getByTestId('receipt-printed')).toBeVisible();
  const jobs = printedJobs(kiosk.dataDir);
  expect(jobs).toHaveLength(1);
  const parsed = parseEscPos(jobs[0]!);
  expect(parsed.text).toContain(saved.code);
  expect(parsed.text).toContain('村便民服务大厅');
  expect(parsed.qrs.map((q) => q.payload)).toEqual([`VKR:${saved.code}`]);
  expect((await rpc<{ jobs: unknown[] }>(page, 'printer.pendingJobs', {}, staff)).jobs).toEqual([]);
});

test('the request saved screen prints the receipt by itself; paper out there shows the same plain words', async ({ kiosk, kioskPage: page }) => {
  const first = await submitRequest(page);
  await page.evaluate((id) => (window.location.hash = `/request/saved/${id}`), first.id);
  await expect(page.getByTestId('receipt-printed')).toBeVisible();
  expect(parseEscPos(printedJobs(kiosk.dataDir)[0]!).text).toContain(first.code);

  const second = await submitRequest(page);
  setPrinter(kiosk.dataDir, { connected: true, paperOut: true, coverOpen: false });
  await expect.poll(async () => (await rpc<{ status: { state: string } }>(page, 'printer.status', {})).status.state).toBe('paper-out');
  await page.evaluate((id) => (window.location.hash = `/request/saved/${id}`), second.id);
  await expect(page.getByTestId('print-failure')).toHaveAttribute('data-reason', 'paper-out');
  await expect(page.getByTestId('print-failure-code')).toHaveText(second.code);
  await page.getByTestId('print-failure-close').tap();
  await expect(page.getByTestId('saved-code')).toHaveText(second.code);
  expect(printedJobs(kiosk.dataDir)).toHaveLength(1);
});

test('cover open during the automatic print, then fixed by an attendant reprint', async ({ kiosk, kioskPage: page }) => {
  const saved = await submitRequest(page);
  setPrinter(kiosk.dataDir, { connected: true, paperOut: false, coverOpen: true });
  await page.evaluate((id) => (window.location.hash = `/receipt/${id}`), saved.id);
  await expect(page.getByTestId('print-failure')).toHaveAttribute('data-reason', 'cover-open');
  await expect(page.getByTestId('print-failure-code')).toHaveText(saved.code);
  setPrinter(kiosk.dataDir, { connected: true, paperOut: false, coverOpen: false });
  const staff = await signInAttendant(page, STAFF.badge, STAFF.pin);
  const [job] = (await rpc<{ jobs: Array<{ id: string }> }>(page, 'printer.pendingJobs', {}, staff)).jobs;
  const r = await rpc<{ ok: boolean }>(page, 'printer.reprint', { jobId: job!.id }, staff);
  expect(r.ok).toBe(true);
  expect(printedJobs(kiosk.dataDir)).toHaveLength(1);
});

test('no printer configured: the receipt screen shows the code and nothing about printing', async ({ browser }) => {
  // A kiosk of its own, without the printer env.
  const { startKiosk } = await import('../support/kiosk-process.js');
  const k = await startKiosk();
  try {
    const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(k.url);
    await page.getByTestId('home').waitFor();
    const saved = await submitRequest(page);
    await page.evaluate((id) => (window.location.hash = `/receipt/${id}`), saved.id);
    await expect(page.getByTestId('receipt-code')).toHaveText(saved.code);
    await expect(page.getByTestId('receipt-print')).toHaveCount(0);
    await context.close();
  } finally {
    await k.stop();
  }
});

const COMBOS: Array<{ lang: Lang; size: Size; theme: Theme }> = [
  { lang: 'zh-CN', size: 'normal', theme: 'standard' },
  { lang: 'zh-CN', size: 'largest', theme: 'contrast' },
  { lang: 'en', size: 'largest', theme: 'standard' },
  { lang: 'en', size: 'normal', theme: 'contrast' },
];

for (const combo of COMBOS) {
  test(`printer error screen passes the checks: ${combo.lang}, ${combo.size}, ${combo.theme}`, async ({ kiosk, kioskPage: page }) => {
    const saved = await submitRequest(page);
    setPrinter(kiosk.dataDir, { connected: true, paperOut: true, coverOpen: false });
    await applySettings(page, combo.lang, combo.size, combo.theme);
    await expect.poll(async () => (await rpc<{ status: { state: string } }>(page, 'printer.status', {})).status.state).toBe('paper-out');
    await page.evaluate((id) => (window.location.hash = `/receipt/${id}`), saved.id);
    await expect(page.getByTestId('print-failure')).toBeVisible();
    await expect(page.getByTestId('print-failure-code')).toHaveText(saved.code);
    await checkScreen(page, 'printer-paper-out', combo);
    expect(await foreignText(page, combo.lang)).toEqual([]);
    await page.getByTestId('print-failure-close').tap();
    await checkScreen(page, 'printer-receipt-failed', combo);
  });
}
