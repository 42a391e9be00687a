// Scanning in Chromium, driven through the state-file fake scanner (another process writes
// the JSON file, exactly as a developer or the dev panel would): receipt code -> its status
// page, unknown code -> the friendly screen with Call staff, URL -> a QR code and no
// navigation, badge + PIN -> attendant screen, wrong PINs lock out, the keyboard wedge, and a
// few hundred hostile payloads (no crash, no markup injected, always a defined screen).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { updateScannerStateFile } from '../../src/devices/scanner/state-file-source.js';
import { generateSigningKey } from '../../src/protocol/signing.js';
import { signHouseholdCard } from '../../src/scan/household-card.js';
import { applySettings, checkScreen } from './support/checks.js';
import { expect, test } from './support/fixtures.js';

const STATE = path.join(os.tmpdir(), `kiosk-scan-e2e-${process.pid}-${randomUUID()}.json`);
writeFileSync(STATE, JSON.stringify({ connected: true, pendingScans: [] }));
const TOWNSHIP_KEY = generateSigningKey();

test.use({
  kioskOptions: {
    env: {
      KIOSK_SCANNER_MODE: 'state-file',
      KIOSK_SCANNER_STATE_FILE: STATE,
      KIOSK_DEV_PANEL: '1',
      KIOSK_ATTENDANT_DEMO_BADGE: 'att-007',
      KIOSK_ATTENDANT_DEMO_PIN: '4821',
      KIOSK_TOWNSHIP_PUBLIC_KEY: TOWNSHIP_KEY.publicKey,
    },
  },
});

const scan = (...payloads: string[]) => updateScannerStateFile(STATE, { connected: true, add: payloads.map((text) => ({ id: randomUUID(), text })) });
const hash = (page: Page) => page.evaluate(() => window.location.hash);

test('a receipt code lands on its status page, with sound-and-text confirmation', async ({ kioskPage: page }) => {
  await scan('VKR:ACDE-FGHJ');
  await expect(page.getByTestId('scan-overlay')).toContainText('ACDE-FGHJ');
  await expect.poll(() => hash(page)).toBe('#/status/ACDE-FGHJ');
  // the requests feature's status screen, looking the code up (unknown here: no such request)
  await expect(page.getByTestId('status-result').or(page.getByTestId('status-entry')).first()).toContainText('ACDE-FGHJ');
  await expect(page.getByTestId('scan-unknown')).toHaveCount(0);
});

test('an unknown code shows the friendly screen with Call staff; the text is shown as text', async ({ kioskPage: page }) => {
  await scan('6901234567892 <b>bold</b>');
  await expect(page.getByTestId('scan-unknown')).toBeVisible();
  await expect(page.getByTestId('scan-unknown-text')).toHaveText('6901234567892 <b>bold</b>');
  expect(await page.locator('main b').count()).toBe(0);
  await applySettings(page, 'zh-CN', 'normal', 'standard');
  await checkScreen(page, 'scan-unknown', { lang: 'zh-CN', size: 'normal', theme: 'standard' });
  await page.getByTestId('scan-call-staff').tap();
  await expect(page.getByTestId('scan-staff-result')).toBeVisible();
});

test('a payment code or an ID number scanned by mistake: a defined screen, masked, and never in the log', async ({ kioskPage: page, kiosk }) => {
  const payment = '134567890123456789';
  const idNumber = '11010519491231002X';
  await scan(payment);
  await expect(page.getByTestId('scan-payment-code')).toBeVisible();
  await expect(page.getByTestId('scan-payment-code')).toContainText('本机不收任何费用');
  await expect(page.getByTestId('scan-masked')).toHaveText('**************6789');
  await expect(page.getByTestId('scan-overlay')).toHaveAttribute('data-kind', 'payment-code');
  await checkScreen(page, 'scan-payment-code', { lang: 'zh-CN', size: 'normal', theme: 'standard' });
  await scan(idNumber);
  await expect(page.getByTestId('scan-id-number')).toBeVisible();
  await expect(page.getByTestId('scan-masked')).toHaveText('**************002X');
  await applySettings(page, 'en', 'largest', 'contrast');
  await expect(page.getByTestId('scan-id-number')).toContainText('does not need your ID number');
  const shown = await page.evaluate(() => document.body.innerText);
  expect(shown).not.toContain(payment.slice(0, 10));
  expect(shown).not.toContain(idNumber.slice(0, 10));
  // The runtime logged both scans (by kind), and neither number.
  const logDir = path.join(kiosk.dataDir, 'logs');
  const logText = () => readdirSync(logDir).map((f) => readFileSync(path.join(logDir, f), 'utf8')).join('\n');
  await expect.poll(() => (logText().match(/"kind":"(payment-code|id-number)"/g) ?? []).length).toBe(2);
  expect(logText()).not.toContain(payment.slice(0, 10));
  expect(logText()).not.toContain(idNumber.slice(0, 10));
  expect(kiosk.output()).not.toContain(payment.slice(0, 10));
});

test('a scan made while the screen reconnects is not lost, and the screen keeps one event stream', async ({ kioskPage: page }) => {
  // Hold the new page's event stream until the runtime has taken the scan: the scan is routed
  // while no screen is connected (the "first scan after a page load" case).
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const streams: string[] = [];
  // The stream is /events (the session cookie authenticates it; no query string any more).
  await page.route((url) => url.pathname === '/events', async (route) => {
    streams.push(route.request().url());
    await released;
    await route.continue();
  });
  await page.reload();
  await page.getByTestId('home').waitFor();
  await scan('VKR:ACDE-FGHJ');
  // The state-file fake empties the file once the runtime has taken the scan.
  await expect.poll(() => (JSON.parse(readFileSync(STATE, 'utf8')) as { pendingScans: unknown[] }).pendingScans.length).toBe(0);
  expect(await hash(page)).not.toBe('#/status/ACDE-FGHJ');
  release();
  await expect.poll(() => hash(page)).toBe('#/status/ACDE-FGHJ');
  await expect(page.getByTestId('scan-overlay')).toContainText('ACDE-FGHJ');
  expect(streams).toHaveLength(1);
});

test('a URL is shown as a QR code and never navigated to', async ({ kioskPage: page, kiosk }) => {
  await scan('https://zwfw.example.gov.cn/apply?id=42');
  await expect(page.getByTestId('scan-link-qr')).toBeVisible();
  await expect(page.getByTestId('scan-link-host')).toHaveText('zwfw.example.gov.cn');
  expect(page.url().startsWith(`${kiosk.origin}/`)).toBe(true);
  expect(await hash(page)).toBe('#/scan/link');
  await applySettings(page, 'en', 'largest', 'contrast');
  await checkScreen(page, 'scan-link', { lang: 'en', size: 'largest', theme: 'contrast' });
});

async function enterPin(page: Page, pin: string) {
  for (const d of pin) await page.getByTestId(`pin-key-${d}`).tap();
  await page.getByTestId('pin-ok').tap();
}

test('badge + right PIN opens the attendant screen; lock returns home', async ({ kioskPage: page }) => {
  await scan('VKB:att-007');
  await expect(page.getByTestId('attendant-pin')).toBeVisible();
  await applySettings(page, 'zh-CN', 'largest', 'standard');
  await checkScreen(page, 'attendant-pin', { lang: 'zh-CN', size: 'largest', theme: 'standard' });
  await enterPin(page, '4821');
  await expect(page.getByTestId('attendant')).toBeVisible();
  await expect(page.getByTestId('attendant-device-scanner')).toHaveAttribute('data-state', 'connected');
  await applySettings(page, 'zh-CN', 'normal', 'contrast');
  await checkScreen(page, 'attendant', { lang: 'zh-CN', size: 'normal', theme: 'contrast' });
  await page.getByTestId('attendant-lock').tap();
  await expect(page.getByTestId('home')).toBeVisible();
  await page.evaluate(() => (window.location.hash = '/attendant'));
  await expect(page.getByTestId('attendant-locked')).toBeVisible();
});

test('five wrong PINs lock the badge; the right PIN is then refused too', async ({ kioskPage: page }) => {
  await scan('VKB:att-007');
  await expect(page.getByTestId('attendant-pin')).toBeVisible();
  for (let i = 0; i < 4; i++) {
    await enterPin(page, '1111');
    // wait for this try's answer (the previous one already said "wrong")
    await expect(page.getByTestId('pin-problem')).toHaveAttribute('data-tries-left', String(4 - i));
    await expect(page.getByTestId('pin-problem')).toHaveAttribute('data-kind', 'wrong');
  }
  await enterPin(page, '1111');
  await expect(page.getByTestId('pin-problem')).toHaveAttribute('data-kind', 'locked');
  await expect(page.getByTestId('pin-ok')).toBeDisabled();
  // scanning the badge again still says locked, and the runtime refuses the right PIN
  await page.getByTestId('nav-home').tap();
  await scan('VKB:att-007');
  await expect(page.getByTestId('pin-problem')).toHaveAttribute('data-kind', 'locked');
});

test('keyboard wedge: a fast burst + Enter is a scan and never reaches the field; slow typing does', async ({ kioskPage: page }) => {
  await page.evaluate(() => (window.location.hash = '/dev'));
  const field = page.getByTestId('devpanel-payload');
  await field.tap();
  // A keyboard-mode scanner: trusted key events stamped 4 ms apart (as the OS stamps a
  // scanner's keys), then Enter, sent through CDP with those time stamps: how fast Playwright
  // can send keys on a loaded machine must not decide what a scan is. (All sent at once; CDP
  // keeps their order.)
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now() / 1000;
  const keys = [...'VKP:job:j-001'];
  const end = t0 + keys.length * 0.004;
  await Promise.all([
    ...keys.flatMap((ch, i) => [
      cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch, timestamp: t0 + i * 0.004 }),
      cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: t0 + i * 0.004 + 0.001 }),
    ]),
    cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', timestamp: end }),
    cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, timestamp: end + 0.001 }),
  ]);
  await cdp.detach();
  await expect.poll(() => hash(page)).toBe('#/jobs/j-001');
  await page.evaluate(() => (window.location.hash = '/dev'));
  await expect(page.getByTestId('devpanel-payload')).toHaveValue('');
  await page.getByTestId('devpanel-payload').tap();
  await page.keyboard.type('hello', { delay: 90 });
  await expect(page.getByTestId('devpanel-payload')).toHaveValue('hello');
  expect(await hash(page)).toBe('#/dev');
});

test('dev panel: unplugging the scanner shows it disconnected', async ({ kioskPage: page }) => {
  await page.evaluate(() => (window.location.hash = '/dev'));
  await page.getByTestId('devpanel-unplug').tap();
  await expect(page.getByTestId('devpanel')).toContainText(/没有连接|not connected/, { timeout: 5000 });
  await page.getByTestId('devpanel-replug').tap();
  await expect(page.getByTestId('devpanel')).toContainText(/正常|working/, { timeout: 5000 });
});

const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '"><svg onload="window.__pwned=1">',
  "'; DROP TABLE requests; --",
  'title:* OR NEAR(a b)',
  'javascript:window.__pwned=1',
  'VKP:policy:<img src=x onerror=alert(1)>',
  'VKR:<script>x</script>',
  'https://example.org/"><script>window.__pwned=1</script>',
  '\u202e<script>',
  '\u0000\u0007\u001b[31m',
  '张三<iframe src=javascript:alert(1)>',
];

test('hostile payloads: a few hundred scans, no crash, no markup injected, always a defined screen', async ({ kioskPage: page }) => {
  test.setTimeout(180_000);
  let n = 0;
  for (let batch = 0; batch < 30; batch++) {
    const payloads = Array.from({ length: 10 }, (_, i) => {
      const h = HOSTILE[(batch * 10 + i) % HOSTILE.length]!;
      return i % 3 === 0 ? h.repeat(1 + (batch % 5)) : `${h}${batch}-${i}`;
    });
    if (batch % 10 === 9) payloads.push('A'.repeat(5000)); // too long
    n += payloads.length;
    // A sentinel scan last: scans are routed in order, so once its page is open, every hostile
    // scan of this batch has been handled by the screen (a positive signal, not a fixed sleep).
    const sentinel = `hostile-batch-${batch}`;
    await scan(...payloads, `VKP:policy:${sentinel}`);
    await expect.poll(() => page.evaluate(() => window.__kioskLastScan?.route)).toBe(`/policies/${sentinel}`);
    await expect(page.getByTestId('scan-overlay')).toBeVisible();
    const state = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      injected: document.querySelectorAll('img[src="x"], iframe, svg[onload], [onerror], [onload]').length,
      main: document.querySelectorAll('main[data-testid]').length,
    }));
    expect(state).toEqual({ pwned: 0, scripts: 0, injected: 0, main: 1 });
  }
  expect(n).toBeGreaterThanOrEqual(300);
  // The last batch's hostile scans were all handled before its sentinel; show the last of them.
  await scan('<img src=x onerror=alert(1)>');
  await expect(page.getByTestId('scan-unknown')).toBeVisible();
  await expect(page.getByTestId('scan-unknown-text')).toHaveText('<img src=x onerror=alert(1)>');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});

test('a household card opens its page with the policies it may get and their officials, and pre-fills a request', async ({ kioskPage: page }) => {
  const card = signHouseholdCard(TOWNSHIP_KEY.privateKeyPem, { householdId: 'HH-0420-17', village: '西坡村', maskedName: '崔**', tags: ['senior'], issuedAt: '2026-07-08' });
  await scan(card);
  await expect(page.getByTestId('household')).toBeVisible();
  await expect(page.getByTestId('household-name')).toHaveText('崔**');
  await expect(page.getByTestId('household-village')).toHaveText('西坡村');
  const policies = page.getByTestId('household-policies-list').getByRole('button');
  await expect(policies.first()).toBeVisible();
  expect(await policies.count()).toBeGreaterThan(0);
  await expect(page.getByTestId('household-officials').getByRole('button').first()).toBeVisible();
  await applySettings(page, 'zh-CN', 'largest', 'standard');
  await checkScreen(page, 'household', { lang: 'zh-CN', size: 'largest', theme: 'standard' });

  // A forged card (signed by another key) is refused, and the page stays on the real one.
  const forged = signHouseholdCard(generateSigningKey().privateKeyPem, { householdId: 'HH-9999-99', village: '别的村', maskedName: '假**', tags: ['senior'], issuedAt: '2026-07-08' });
  await scan(forged);
  await expect(page.getByTestId('scan-overlay')).toBeVisible();
  await expect(page.getByTestId('household-name')).toHaveCount(0);

  // Back to the real card: the request form is pre-filled from it.
  await scan(card);
  await expect(page.getByTestId('household-name')).toHaveText('崔**');
  await page.getByTestId('household-request').tap();
  await expect(page.getByTestId('household-prefill')).toContainText('崔**');

  // Going back to the start forgets the card.
  await page.getByTestId('nav-home').tap();
  await page.getByTestId('tile-request').tap();
  await expect(page.getByTestId('request-type-home-visit')).toBeVisible();
  await expect(page.getByTestId('household-prefill')).toHaveCount(0);
});
