// What the hall attendant sees after badge + PIN, with the kiosk's township unreachable and
// its printer out of paper: the request waiting to be sent, the receipt waiting for a
// reprint (in plain words, with a picture of it), and "send everything now".
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { updateScannerStateFile } from '../../src/devices/scanner/state-file-source.js';
import { applySettings, checkScreen } from './support/checks.js';
import { expect, test } from './support/fixtures.js';
import { rpc, signInAttendant } from './support/rpc.js';

const STATE = path.join(os.tmpdir(), `kiosk-attendant-e2e-${process.pid}-${randomUUID()}.json`);
writeFileSync(STATE, JSON.stringify({ connected: true, pendingScans: [] }));

/** A loopback port with nothing listening: the township is "down". */
const deadPort = await new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(port));
  });
});

test.use({
  kioskOptions: {
    env: {
      KIOSK_SCANNER_MODE: 'state-file',
      KIOSK_SCANNER_STATE_FILE: STATE,
      KIOSK_ATTENDANT_DEMO_BADGE: 'att-011',
      KIOSK_ATTENDANT_DEMO_PIN: '2580',
      KIOSK_PRINTER_SINK: 'state-file',
      KIOSK_PRINTER_POLL_SECONDS: '0.3',
      KIOSK_TOWNSHIP_URL: `http://127.0.0.1:${deadPort}`,
      KIOSK_TOWNSHIP_TOKEN: 'kiosk-token-for-a-township-that-is-down',
      // Retry fast, so the request is soon "stuck" (3+ tries) and listed for a person.
      KIOSK_RELAY_BACKOFF_BASE_SECONDS: '0.05',
      KIOSK_RELAY_BACKOFF_CAP_SECONDS: '0.2',
    },
  },
});

test('attendant: queued request, reprint pending with its picture, send-now', async ({ kiosk, kioskPage: page }) => {
  const saved = await rpc<{ ok: boolean; id: string; code: string }>(page, 'requests.submit', {
    contact: { phone: '13912340021', name: null, householdId: null },
    payload: { type: 'legal-aid', matter: 'unpaid-wages', amountYuan: 8600 },
    relatedId: null,
  });
  expect(saved.ok).toBe(true);
  writeFileSync(path.join(kiosk.dataDir, 'printer-state.json'), JSON.stringify({ connected: true, paperOut: true, coverOpen: false }));
  await expect.poll(async () => (await rpc<{ status: { state: string } }>(page, 'printer.status', {})).status.state).toBe('paper-out');
  const printed = await rpc<{ ok: boolean }>(page, 'printer.printReceipt', { requestId: saved.id });
  expect(printed.ok).toBe(false);

  await updateScannerStateFile(STATE, { connected: true, add: [{ id: randomUUID(), text: 'VKB:att-011' }] });
  await expect(page.getByTestId('attendant-pin')).toBeVisible();
  for (const d of '2580') await page.getByTestId(`pin-key-${d}`).tap();
  await page.getByTestId('pin-ok').tap();
  await expect(page.getByTestId('attendant')).toBeVisible();

  // The request cannot be sent (township down); after 3 tries it is listed for a person,
  // still waiting in the queue, with its code and a masked phone.
  const waiting = page.getByTestId('attendant-attention');
  await expect(async () => {
    await page.getByTestId('attendant-retry').tap();
    await expect(waiting).toContainText(saved.code, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(waiting.locator('li')).toHaveAttribute('data-state', 'queued');
  await expect(waiting).toContainText('139****0021');
  await expect(waiting).not.toContainText('13912340021');

  // The receipt waits for a reprint, in plain words, and the attendant can see what prints.
  const reprints = page.getByTestId('attendant-reprints');
  await expect(reprints).toContainText(saved.code);
  await expect(reprints).toContainText('打印机没有纸了');
  const jobs = await rpc<{ jobs: Array<{ id: string }> }>(page, 'printer.pendingJobs', {}, await signInAttendant(page, 'att-011', '2580'));
  await page.getByTestId(`attendant-preview-${jobs.jobs[0]!.id}`).tap();
  await expect(page.getByTestId('print-preview')).toBeVisible();
  expect(await page.getByTestId('print-preview').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);

  await expect(page.getByTestId('attendant-sync')).toBeVisible();
  await page.getByTestId('attendant-retry').tap();
  await expect(page.getByRole('status').filter({ hasText: '正在重新发送，排队 1 件' })).toBeVisible();
  await expect(waiting).toContainText(saved.code); // still listed while it is being tried again

  await checkScreen(page, 'attendant-full', { lang: 'zh-CN', size: 'normal', theme: 'standard' });
  await applySettings(page, 'en', 'largest', 'contrast');
  await expect(reprints).toContainText('out of paper');
  await expect(page.getByRole('status').filter({ hasText: 'Sending again now. Waiting: 1.' })).toBeVisible();
  await checkScreen(page, 'attendant-full', { lang: 'en', size: 'largest', theme: 'contrast' });
});
