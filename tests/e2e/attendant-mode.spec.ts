// Attendant mode for real halls (issue 12), through the built runtime, real Chromium and a
// real township process: assisted filing reaches the officials' page marked assisted; the
// test scan and test print; settings survive a restart and a bad value is refused; the
// attendant stays signed in across a restart and is signed out after 2 minutes untouched;
// a villager who walks away mid-form leaves nothing for the next person.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { startTownshipProcess } from '../support/township-process.js';
import { checkScreen, closeSettings, openSettings } from './support/checks.js';
import { scanText, signInByBadge } from './support/badge.js';
import { expect, test } from './support/fixtures.js';

const BADGE = 'att-011';
const PIN = '2580';

function scannerFile(): string {
  const f = path.join(os.tmpdir(), `kiosk-attmode-${process.pid}-${randomUUID()}.json`);
  writeFileSync(f, JSON.stringify({ connected: true, pendingScans: [] }));
  return f;
}

function kioskEnv(stateFile: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KIOSK_SCANNER_MODE: 'state-file',
    KIOSK_SCANNER_STATE_FILE: stateFile,
    KIOSK_ATTENDANT_DEMO_BADGE: BADGE,
    KIOSK_ATTENDANT_DEMO_PIN: PIN,
    KIOSK_PRINTER_SINK: 'state-file',
    KIOSK_PRINTER_POLL_SECONDS: '0.3',
    ...extra,
  };
}

async function openPage(browser: Browser, url: string, clock = false): Promise<Page> {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  if (clock) await page.clock.install();
  // The screen's event stream is open (its response has started) before anything is scanned:
  // a scan made before that goes to the screens already connected (here: the villager's).
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/events');
  await page.goto(url);
  await page.getByTestId('home').waitFor();
  await stream;
  return page;
}

const scan = scanText;

async function signIn(page: Page, stateFile: string): Promise<void> {
  await signInByBadge(page, stateFile, BADGE, PIN);
}

async function typeDigits(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(`phone-keypad-key-${d}`).tap();
}

test('assisted filing: the attendant files for a walk-in; the township and the officials\' page show it was assisted, with the badge', async ({ browser }) => {
  const tw = await startTownshipProcess();
  const stateFile = scannerFile();
  let kiosk: KioskProcess | null = null;
  try {
    const token = await tw.issueToken('e2e-assist');
    await tw.addOfficial('official', 'official-password');
    kiosk = await startKiosk({ env: kioskEnv(stateFile, { KIOSK_ID: 'e2e-assist', KIOSK_TOWNSHIP_URL: tw.url, KIOSK_TOWNSHIP_TOKEN: token, KIOSK_TOWNSHIP_PUBLIC_KEY: tw.publicKey }) });
    const page = await openPage(browser, kiosk.url);
    await signIn(page, stateFile);
    await page.getByTestId('attendant-assist').tap();
    await expect(page.getByTestId('request-chooser')).toBeVisible();
    await page.getByTestId('request-type-general-help').tap();
    await expect(page.getByTestId('assisted-note')).toContainText('正在为来访村民代办');
    await page.getByTestId('choice-topic-pension').tap();
    await typeDigits(page, '13712345678');
    await page.getByTestId('phone-next').tap();
    await page.getByTestId('confirm-submit').tap();
    await expect(page.getByTestId('request-saved')).toBeVisible();
    const code = (await page.getByTestId('saved-code').textContent())!.trim();

    // the kiosk's own record, and the dashboard's "today"
    await page.evaluate(() => (window.location.hash = '/attendant'));
    await expect(page.getByTestId('attendant-township-url')).toHaveText(tw.url);
    await expect(page.getByTestId('attendant-content-version')).not.toBeEmpty();
    const today = page.getByTestId('attendant-today');
    await expect(today.locator(`li[data-code="${code}"]`)).toContainText(BADGE);
    await expect(today).toContainText('137****5678');
    await expect(today).not.toContainText('13712345678');

    // at the township
    await expect.poll(() => tw.requests().find((r) => r.code === code)?.id ?? null, { timeout: 30_000 }).not.toBeNull();
    const db = new Database(path.join(tw.dataDir, 'township.db'), { readonly: true });
    const row = db.prepare('SELECT id, assisted_by FROM requests WHERE code = ?').get(code) as { id: string; assisted_by: string };
    db.close();
    expect(row.assisted_by).toBe(BADGE);

    // on the officials' page
    const off = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await off.goto(tw.officialsUrl);
    await off.locator('#u').fill('official');
    await off.locator('#p').fill('official-password');
    await off.locator('form[action="/officials/login"] button[type=submit]').click();
    await expect(off.locator(`[data-assisted-by="${BADGE}"]`)).toBeVisible();
    await off.getByRole('link', { name: code }).click();
    await expect(off.getByTestId('filed-by')).toContainText('大厅工作人员代村民提交');
    await expect(off.getByTestId('filed-by')).toContainText(BADGE);
    await off.context().close();

    // the next request on this screen is the villager's own again
    const next = await page.evaluate(async () => {
      // The page's session cookie carries the kiosk session, as for every call the UI makes.
      const res = await fetch('/rpc/requests.submitAssisted', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'x', contact: { phone: '13712345678', name: null, householdId: null }, payload: { type: 'general-help', topic: 'pension' }, relatedId: null }),
      });
      return res.status;
    });
    expect(next, 'assisted filing needs a live attendant session').toBe(403);
    await page.context().close();
  } finally {
    await kiosk?.stop();
    await tw.stop();
  }
});

test('test scan shows the payload as text without opening it; test print prints a page with the printer status and paper width', async ({ browser }) => {
  const stateFile = scannerFile();
  const kiosk = await startKiosk({ env: kioskEnv(stateFile, { KIOSK_PRINTER_PAPER_WIDTH: '80' }) });
  try {
    const page = await openPage(browser, kiosk.url);
    await signIn(page, stateFile);
    await page.getByTestId('attendant-test-scan').tap();
    await expect(page.getByTestId('attendant-test-scan-result')).toContainText('请扫一个码');
    await scan(stateFile, 'https://example.com/not-opened?x=<b>1</b>');
    await expect(page.getByTestId('attendant-test-scan-text')).toHaveText('https://example.com/not-opened?x=<b>1</b>');
    await expect(page.getByTestId('attendant')).toBeVisible(); // not routed to the link screen
    // one scan per tap: the next one is routed as usual unless the test is started again
    await page.getByTestId('attendant-test-scan').tap();
    await scan(stateFile, 'VKR:ABCD-EFGH');
    await expect(page.getByTestId('attendant-test-scan-text')).toHaveText('VKR:ABCD-EFGH');
    await expect(page.getByTestId('attendant')).toBeVisible();

    const jobsFile = path.join(kiosk.dataDir, 'printer-state.json.printed.jsonl');
    const before = existsSync(jobsFile) ? readFileSync(jobsFile, 'utf8').split('\n').filter(Boolean).length : 0;
    await page.getByTestId('attendant-test-print').tap();
    const result = page.getByTestId('attendant-test-print-result');
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toContainText('纸宽 80 毫米');
    await expect(result).toContainText('正常');
    const lines = readFileSync(jobsFile, 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBe(before + 1);
    const bytes = Buffer.from((JSON.parse(lines.at(-1)!) as { base64: string }).base64, 'base64');
    expect(bytes.includes(Buffer.from('80 mm, 576 dots, 48 columns'))).toBe(true);
    expect(bytes.includes(Buffer.from('123456789012345678901234567890123456789012345678'))).toBe(true);

    // paper out: the attendant is told, in the printer's words
    writeFileSync(path.join(kiosk.dataDir, 'printer-state.json'), JSON.stringify({ connected: true, paperOut: true, coverOpen: false }));
    await expect.poll(async () => (await page.getByTestId('attendant-device-printer').getAttribute('data-state')) ?? '').toBe('paper-out');
    await page.getByTestId('attendant-test-print').tap();
    await expect(result).toHaveAttribute('data-ok', 'false');
    await expect(result).toContainText('没有打印出来');
    await checkScreen(page, 'attendant-dashboard', { lang: 'zh-CN', size: 'normal', theme: 'standard' });
    await page.context().close();
  } finally {
    await kiosk.stop();
  }
});

test('settings: a bad value is refused with the config message and changes nothing; a saved one survives a restart; so does the sign-in', async ({ browser }) => {
  const stateFile = scannerFile();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-settings-'));
  let kiosk = await startKiosk({ dataDir, env: kioskEnv(stateFile) });
  try {
    const page = await openPage(browser, kiosk.url);
    await signIn(page, stateFile);
    await page.getByTestId('attendant-settings').tap();
    await expect(page.getByTestId('attendant-settings-screen')).toBeVisible();
    await checkScreen(page, 'attendant-settings', { lang: 'zh-CN', size: 'normal', theme: 'standard' });

    await page.getByTestId('settings-township-url').fill('township dot example');
    await page.getByTestId('settings-township-save').tap();
    const note = page.getByTestId('settings-note');
    await expect(note).toHaveAttribute('data-kind', 'refused');
    await expect(note).toContainText('config error: township.url = "township dot example" (from the kiosk settings screen): expected an http(s) URL');

    await page.getByTestId('settings-hall-zh').fill('龙泉村便民服务大厅');
    await page.getByTestId('settings-hall-en').fill('Longquan Service Hall');
    await page.getByTestId('settings-hall-save').tap();
    await expect(note).toHaveAttribute('data-kind', 'saved');
    await page.getByTestId('settings-text-large').tap();
    await expect(page.getByTestId('settings-text-large')).toHaveAttribute('aria-pressed', 'true');

    // restart on the same port and data directory
    const port = kiosk.port;
    await kiosk.stop();
    kiosk = await startKiosk({ dataDir, env: kioskEnv(stateFile, { KIOSK_HTTP_PORT: String(port) }) });
    await page.reload();
    await expect(page.getByTestId('attendant-settings-screen')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('settings-hall-zh')).toHaveValue('龙泉村便民服务大厅');
    await expect(page.getByTestId('settings-township-url')).toHaveValue('', { timeout: 5000 });
    await expect(page.locator('header')).toContainText('龙泉村便民服务大厅');
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'large');
    const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true });
    const keys = (db.prepare('SELECT key FROM kiosk_settings ORDER BY key').all() as Array<{ key: string }>).map((r) => r.key);
    db.close();
    expect(keys).toEqual(['hallName', 'ui.defaultTextSize']);

    // still signed in after the restart
    await page.getByTestId('settings-back').tap();
    await expect(page.getByTestId('attendant')).toBeVisible();
    await expect(page.getByTestId('attendant-today-none')).toBeVisible();
    await page.context().close();
  } finally {
    await kiosk.stop();
  }
});

test('the attendant is signed out after 2 minutes untouched; a villager who walks away mid-form leaves nothing for the next person', async ({ browser }) => {
  const stateFile = scannerFile();
  // The villagers' idle wipe comes later (300 + 30 s), so the 2-minute sign-out is the attendant screen's own.
  const kiosk = await startKiosk({ env: kioskEnv(stateFile, { KIOSK_IDLE_WARN_SECONDS: '300', KIOSK_IDLE_RESET_SECONDS: '30' }) });
  try {
    const page = await openPage(browser, kiosk.url, true);
    await signIn(page, stateFile);
    await page.clock.runFor(100_000);
    await expect(page.getByTestId('attendant')).toBeVisible();
    await expect(page.getByTestId('idle-warning')).toHaveCount(0);
    await expect(page.getByTestId('attendant-idle-soon')).toBeVisible();
    await page.clock.runFor(21_000);
    await expect(page.getByTestId('home')).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('kiosk.attendant'))).toBeNull();
    await page.evaluate(() => (window.location.hash = '/attendant'));
    await expect(page.getByTestId('attendant-locked')).toBeVisible();

    // a villager starts a request, types half a phone number and walks away
    await page.evaluate(() => (window.location.hash = '/'));
    await openSettings(page);
    await page.getByTestId('text-size-largest').tap();
    await closeSettings(page);
    await page.getByTestId('tile-request').tap();
    await page.getByTestId('request-type-legal-aid').tap();
    await page.getByTestId('choice-matter-unpaid-wages').tap();
    await page.getByTestId('choice-amountYuan-1000').tap();
    await typeDigits(page, '139123');
    await expect(page.getByTestId('phone-readout')).toContainText('139 123');
    await page.clock.runFor(299_000);
    await expect(page.getByTestId('request-form')).toBeVisible();
    await page.clock.runFor(35_000);
    await expect(page.getByTestId('home')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-text-size', 'normal');

    // the next person opens the same form: no answers, no digits, nothing stored in the page
    await page.getByTestId('tile-request').tap();
    await page.getByTestId('request-type-legal-aid').tap();
    await expect(page.getByTestId('request-step')).toContainText('1');
    await expect(page.getByTestId('choice-matter-unpaid-wages')).not.toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('choice-matter-unpaid-wages').tap();
    await page.getByTestId('choice-amountYuan-1000').tap();
    await expect(page.getByTestId('phone-readout')).not.toContainText('139');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain('139123');
    expect(await page.locator('body').innerText()).not.toContain('139 123');
    await page.context().close();
  } finally {
    await kiosk.stop();
  }
});

test('call staff: the alert names the villager\'s screen; the attendant acknowledges it and the villager sees that help is coming', async ({ browser }) => {
  const stateFile = scannerFile();
  const kiosk = await startKiosk({ env: kioskEnv(stateFile) });
  try {
    const villager = await openPage(browser, kiosk.url);
    await villager.getByTestId('tile-jobs').tap();
    await villager.getByTestId('call-staff').tap();
    const dialog = villager.getByTestId('staff-dialog-state');
    await expect(dialog).toHaveAttribute('data-state', 'called');

    // the attendant's dashboard (a second screen on the same kiosk runtime)
    const staff = await openPage(browser, kiosk.url);
    await signIn(staff, stateFile);
    await expect(staff.getByTestId('attendant-call-alert')).toContainText('/jobs');
    const calls = staff.getByTestId('attendant-calls');
    await expect(calls.locator('li[data-acknowledged="no"]')).toContainText('/jobs');
    await calls.getByRole('button').first().tap();
    await expect(calls.locator('li[data-acknowledged="yes"]')).toHaveCount(1);
    await expect(staff.getByTestId('attendant-call-alert')).toHaveCount(0);

    await expect(dialog).toHaveAttribute('data-state', 'coming', { timeout: 10_000 });
    await expect(villager.getByTestId('staff-dialog')).toContainText('工作人员马上就来');
    await checkScreen(villager, 'staff-coming', { lang: 'zh-CN', size: 'normal', theme: 'standard' });
    await villager.context().close();
    await staff.context().close();
  } finally {
    await kiosk.stop();
  }
});
