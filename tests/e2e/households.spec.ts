// The township half of the QR loop, in Chromium, with the built township (npm run township)
// and a built kiosk (npm run serve) whose scanner is the simulator (a file the test appends
// lines to, as a developer does by hand):
//   an official registers a household and prints its card -> the QR is read from the PDF
//   (pdftoppm + zbarimg) -> scanned at the kiosk -> a request is filed with the card ->
//   the official sees it assigned and due, changes its status -> the household page and the
//   phone page show the new status. Also: a poster's QR opens the policy at the kiosk; a
//   reissued card's old QR is refused; CSV and XLSX exports match the filtered list; axe on
//   the phone pages at 360x640; a bulk import publishes exactly the good rows; a new request
//   appears on an open officials' page without a reload.
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { startTownshipProcess, type TownshipProcess } from '../support/township-process.js';
import { readPdf } from '../support/pdf-qr.js';
import { AXE_TAGS } from './support/checks.js';
import { canonicalRequestBytes, CODE_PATTERN, RELAY_PUT_PATH, type RelayRequest } from '../../src/protocol/relay.js';
import { createHash } from 'node:crypto';

const ADMIN = { user: 'admin', password: 'admin-password-1' };
const OFFICIAL = { user: 'wang', password: 'wang-password-1', name: '王建国', phone: '13800001111' };
const KIOSK_ID = 'hall-xipo';
const VILLAGE = '西坡村';
const POLICY = 'p-xiaxian-senior-injury-care';

const test = base.extend<{ kiosk: { k: KioskProcess; scan(text: string): void }; kioskPage: Page }, { township: { tw: TownshipProcess; token: string } }>({
  township: [
    async ({}, use) => {
      const tw = await startTownshipProcess();
      const token = await tw.issueToken(KIOSK_ID, { village: VILLAGE });
      await tw.addOfficial(ADMIN.user, ADMIN.password);
      await tw.seedSampleContent();
      await use({ tw, token });
      await tw.stop();
    },
    { scope: 'worker' },
  ],
  kiosk: async ({ township }, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-hh-'));
    const scans = path.join(dir, 'scans.txt');
    writeFileSync(scans, '');
    const k = await startKiosk({
      env: {
        KIOSK_ID,
        KIOSK_TOWNSHIP_URL: township.tw.url,
        KIOSK_TOWNSHIP_TOKEN: township.token,
        KIOSK_TOWNSHIP_PUBLIC_KEY: township.tw.publicKey,
        KIOSK_TOWNSHIP_PUBLIC_URL: township.tw.url,
        KIOSK_SYNC_INTERVAL_SECONDS: '5',
        KIOSK_SCANNER_MODE: 'simulator',
        KIOSK_SCANNER_SIMULATOR_PATH: scans,
      },
    });
    await use({ k, scan: (text) => appendFileSync(scans, text + '\n') });
    await k.stop();
  },
  kioskPage: async ({ browser, kiosk }, use) => {
    const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(kiosk.k.url);
    await page.getByTestId('home').waitFor();
    await use(page);
    await context.close();
  },
});

async function officialPage(browser: Browser, tw: TownshipProcess, who: { user: string; password: string }, viewport = { width: 1366, height: 900 }): Promise<Page> {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(tw.officialsUrl);
  await page.locator('#u').fill(who.user);
  await page.locator('#p').fill(who.password);
  await page.locator('form[action="/officials/login"] button[type=submit]').click();
  await expect(page.locator('h1')).toContainText('收到的请求');
  return page;
}

/** The admin adds the official who will be in charge (name and phone are printed on cards). */
async function ensureOfficial(browser: Browser, tw: TownshipProcess): Promise<void> {
  const admin = await officialPage(browser, tw, ADMIN);
  await admin.goto(new URL('/officials/accounts', tw.url).href);
  if ((await admin.locator(`td.mono:text-is("${OFFICIAL.user}")`).count()) === 0) {
    await admin.locator('#au').fill(OFFICIAL.user);
    await admin.locator('#an').fill(OFFICIAL.name);
    await admin.locator('#ap').fill(OFFICIAL.phone);
    await admin.locator('#ar').selectOption('official');
    await admin.locator('#apw').fill(OFFICIAL.password);
    await admin.locator('form[action="/officials/accounts"] button[type=submit]').click();
    await expect(admin.locator(`td.mono:text-is("${OFFICIAL.user}")`)).toBeVisible();
  }
  await admin.context().close();
}

async function registerHousehold(off: Page, tw: TownshipProcess): Promise<{ id: string; cardText: string; pdf: Buffer }> {
  await off.goto(new URL('/officials/households', tw.url).href);
  await off.locator('#hv').fill(VILLAGE);
  await off.locator('#hn').fill('崔玉焕');
  await off.locator('input[name="tag.aged-80"]').check();
  await off.locator('#ho').selectOption(OFFICIAL.user);
  await off.locator('form[method="post"][action="/officials/households"] button[type=submit]').click();
  await expect(off.locator('.flash')).toContainText('户卡已生成');
  const id = /households\/(H-[A-Z0-9-]+)/.exec(off.url())![1]!;
  return { id, ...(await printCard(off, tw, id)) };
}

async function printCard(off: Page, tw: TownshipProcess, id: string): Promise<{ cardText: string; pdf: Buffer }> {
  const href = await off.locator('#card-a6').getAttribute('href');
  const res = await off.request.get(new URL(href!, tw.url).href);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const pdf = Buffer.from(await res.body());
  const read = readPdf(pdf);
  expect(read.codes[0], 'one QR on the card').toHaveLength(1);
  expect(read.text).toContain(VILLAGE);
  expect(read.text).toContain(id);
  expect(read.text).toMatch(new RegExp(`${OFFICIAL.name}\\s+${OFFICIAL.phone}`));
  expect(read.fonts).toMatch(/[A-Z]{6}\+NotoSansCJKsc-Regular/);
  return { cardText: read.codes[0]![0]!, pdf };
}

async function typeDigits(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(`phone-keypad-key-${d}`).tap();
}

test.describe.configure({ mode: 'serial' });

test('register a household, print its card, scan it, file a request with it, follow it up, and see the status on the household page and the phone page', async ({ browser, township, kiosk, kioskPage: page }) => {
  const { tw } = township;
  await ensureOfficial(browser, tw);
  const off = await officialPage(browser, tw, OFFICIAL);
  const { id, cardText } = await registerHousehold(off, tw);
  expect(cardText.startsWith('VKH2.')).toBe(true);

  // The card's QR, read back from the PDF, scanned at the kiosk.
  kiosk.scan(cardText);
  await expect(page.getByTestId('household')).toBeVisible();
  await expect(page.getByTestId('household-village')).toHaveText(VILLAGE);
  await expect(page.getByTestId('household-name')).toHaveText('崔**');
  await expect(page.getByTestId('household-in-charge')).toContainText(OFFICIAL.name);
  await expect(page.getByTestId('household-requests-none')).toBeVisible();

  // File a request with the card.
  await page.getByTestId('household-request').tap();
  await expect(page.getByTestId('household-prefill')).toContainText('崔**');
  await page.getByTestId('request-type-senior-subsidy').tap();
  for (const c of ['choice-subsidy-injury-care', 'choice-forWhom-self', 'choice-homeVisitNeeded-true']) await page.getByTestId(c).tap();
  await typeDigits(page, '13912345678');
  await page.getByTestId('phone-next').tap();
  await page.getByTestId('confirm-submit').tap();
  await expect(page.getByTestId('request-saved')).toBeVisible();
  const code = (await page.getByTestId('saved-code').textContent())!.trim();
  expect(code).toMatch(CODE_PATTERN);
  await expect.poll(() => tw.requests().some((r) => r.code === code), { timeout: 30_000, message: 'the request did not reach the township' }).toBe(true);

  // The officials' page: assigned to the household's official, due in 3 working days.
  await off.goto(tw.officialsUrl);
  const row = off.locator(`tr[data-code="${code}"]`);
  await expect(row.locator('td[data-assigned]')).toHaveAttribute('data-assigned', OFFICIAL.user);
  await expect(row.locator('td[data-due]')).toContainText(/\d{4}-\d{2}-\d{2} 23:59/);
  // Linked to the household.
  await off.goto(new URL(`/officials/households/${id}`, tw.url).href);
  await expect(off.getByRole('link', { name: code })).toBeVisible();
  await off.getByRole('link', { name: code }).click();
  await expect(off.locator('#followup')).toContainText(OFFICIAL.user);
  await off.locator('#show-phone').click();
  await expect(off.locator('#tel-link')).toHaveAttribute('href', 'tel:13912345678');
  await expect(off.locator('#audit tr[data-action="phone-viewed"]')).toHaveCount(1);
  await off.locator('#st').selectOption('visit-scheduled');
  await off.locator('#visit').fill('2026-12-08');
  await off.locator('#note').fill('周二上午上门');
  await off.locator('form[action$="/status"] button[type=submit]').click();
  await expect(off.locator('#visit-date')).toHaveText('2026-12-08');
  await expect(off.locator('#audit tr[data-action="status-changed"]')).toHaveCount(1);

  // The kiosk's household page shows the new status after its next sync.
  await expect
    .poll(
      async () => {
        await page.evaluate(() => (window.location.hash = '/'));
        await page.getByTestId('home').waitFor();
        kiosk.scan(cardText);
        await page.getByTestId('household').waitFor();
        await page.getByTestId('household-requests').or(page.getByTestId('household-requests-none')).waitFor();
        const item = page.locator(`[data-testid="household-requests"] li[data-code="${code}"]`);
        return (await item.count()) ? item.getAttribute('data-status') : null;
      },
      { timeout: 40_000, intervals: [2000, 3000] },
    )
    .toBe('visit-scheduled');

  // The phone page (no login) shows status and timeline only.
  const phone = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN' });
  const p = await phone.newPage();
  await p.goto(new URL(`/status/${code}`, tw.url).href);
  await expect(p.locator('.status')).toHaveAttribute('data-status', 'visit-scheduled');
  await expect(p.locator('main')).toContainText('2026-12-08');
  await expect(p.locator('main')).toContainText('周二上午上门');
  expect(await p.content()).not.toContain('13912345678');
  await phone.close();
  await off.context().close();
});

test("a poster's QR, scanned at the kiosk, opens the policy; the phone opens the same URL", async ({ browser, township, kiosk, kioskPage: page }) => {
  const { tw } = township;
  const off = await officialPage(browser, tw, ADMIN);
  await off.goto(new URL('/officials/content', tw.url).href);
  const href = await off.locator(`a[data-poster="policy-${POLICY}"]`).getAttribute('href');
  const pdf = Buffer.from(await (await off.request.get(new URL(href!, tw.url).href)).body());
  const read = readPdf(pdf);
  const qr = read.codes[0]![0]!;
  expect(qr).toBe(`${tw.url}policies/${POLICY}?vk=VKP:policy:${POLICY}`);
  kiosk.scan(qr);
  await expect(page.getByTestId('policy-detail')).toBeVisible();
  expect(await page.evaluate(() => window.location.hash)).toBe(`#/policies/${POLICY}`);
  const phone = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const p = await phone.newPage();
  const res = await p.goto(qr);
  expect(res!.status()).toBe(200);
  await expect(p.locator('h1')).toBeVisible();
  await phone.close();
  await off.context().close();
});

test('a reissued card: the old card is refused at the kiosk with a clear message, the new one opens', async ({ browser, township, kiosk, kioskPage: page }) => {
  const { tw } = township;
  await ensureOfficial(browser, tw);
  const off = await officialPage(browser, tw, OFFICIAL);
  const { id, cardText: oldCard } = await registerHousehold(off, tw);
  await off.locator(`form[action="/officials/households/${id}/card"] button`).click();
  await expect(off.locator('.flash')).toContainText('新户卡已生成');
  const { cardText: newCard } = await printCard(off, tw, id);
  expect(newCard).not.toBe(oldCard);
  // The revocation travels in the signed feed; the kiosk syncs every 5 s.
  await expect
    .poll(
      async () => {
        await page.evaluate(() => (window.location.hash = '/'));
        kiosk.scan(oldCard);
        await expect(page.getByTestId('scan-overlay')).toBeVisible();
        return page.getByTestId('scan-overlay').getAttribute('data-kind');
      },
      { timeout: 40_000, intervals: [2000, 3000] },
    )
    .toBe('invalid-card');
  await expect(page.getByTestId('scan-unknown')).toBeVisible();
  await expect(page.getByTestId('scan-unknown')).toContainText('这张户卡已经换发了新卡');
  kiosk.scan(newCard);
  await expect(page.getByTestId('household')).toBeVisible();
  await off.context().close();
});

test('CSV and XLSX exports, parsed back, match the filtered list', async ({ browser, township }) => {
  const { tw } = township;
  const off = await officialPage(browser, tw, ADMIN);
  await off.locator('#fs').selectOption('visit-scheduled');
  await off.locator('form.filters button[type=submit]').first().click();
  await expect(off).toHaveURL(/status=visit-scheduled/);
  const listed = await off.locator('#request-rows tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
  expect(listed.length).toBeGreaterThan(0);
  const [csvDl] = await Promise.all([off.waitForEvent('download'), off.locator('#export-csv').click()]);
  const csv = readFileSync((await csvDl.path()), 'utf8').replace(/^\ufeff/, '');
  const csvRows = csv.trim().split('\r\n').slice(1).map((l) => l.slice(1, -1).split('","'));
  expect(csvRows.map((r) => r[0])).toEqual(listed);
  expect(csvRows.every((r) => r[5] === 'visit-scheduled')).toBe(true);
  const [xlsxDl] = await Promise.all([off.waitForEvent('download'), off.locator('#export-xlsx').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile((await xlsxDl.path()));
  const sheet: string[][] = [];
  wb.getWorksheet('requests')!.eachRow((r) => sheet.push((r.values as ExcelJS.CellValue[]).slice(1).map((v) => (v instanceof Date || typeof v !== 'object' || v === null ? String(v ?? '') : JSON.stringify(v)))));
  expect(sheet.slice(1).map((r) => r[0])).toEqual(listed);
  // Same cells as the CSV (Beijing time in both).
  expect(sheet.slice(1).map((r) => r.slice(0, 8))).toEqual(csvRows.map((r) => r.slice(0, 8)));
  await off.context().close();
});

test('a bulk import with good and bad rows publishes exactly the good ones', async ({ browser, township }) => {
  const { tw } = township;
  const off = await officialPage(browser, tw, ADMIN);
  const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const base = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../resources/content/policies.json'), 'utf8')).items[0].body;
  const items = [
    { type: 'policy', id: 'imp-good-1', body: { ...base, title: l('导入一', 'Import one') } },
    { type: 'policy', id: 'imp-bad-1', body: { ...base, official: { ...base.official, phone: '123' } } },
    { type: 'policy', id: 'imp-good-2', body: { ...base, title: l('导入二', 'Import two') } },
    { type: 'policy', id: 'imp-bad-2', body: { ...base, benefit: { 'zh-CN': '' } } },
  ];
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'imp-')), 'items.json');
  writeFileSync(file, JSON.stringify(items));
  await off.goto(new URL('/officials/import', tw.url).href);
  await off.locator('#file').setInputFiles(file);
  await off.locator('form[action="/officials/import"] button[type=submit]').click();
  await expect(off.locator('#import-report')).toContainText('Published 2, unchanged 0, refused 2');
  await expect(off.locator('ul.refused li')).toHaveText([/^row 2 \(id imp-bad-1\): field official\.phone: /, /^row 4 \(id imp-bad-2\): field benefit\./]);
  for (const [id, status] of [['imp-good-1', 200], ['imp-good-2', 200], ['imp-bad-1', 404], ['imp-bad-2', 404]] as const) {
    expect((await fetch(new URL(`/policies/${id}`, tw.url))).status, id).toBe(status);
  }
  await off.context().close();
});

test('a new request appears on the open officials\' page without a reload', async ({ browser, township, kioskPage: page }) => {
  const { tw } = township;
  const off = await officialPage(browser, tw, ADMIN);
  await expect(off.locator('#live')).toBeAttached();
  const before = await off.evaluate(() => performance.getEntriesByType('navigation').length);
  await page.getByTestId('tile-request').tap();
  await page.getByTestId('request-type-general-help').tap();
  await page.getByTestId('choice-topic-pension').tap();
  await typeDigits(page, '13700001234');
  await page.getByTestId('phone-next').tap();
  await page.getByTestId('confirm-submit').tap();
  const code = (await page.getByTestId('saved-code').textContent())!.trim();
  await expect(off.locator(`#live [data-new-code="${code}"]`)).toBeVisible({ timeout: 30_000 });
  expect(await off.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(before);
  await expect(off.locator('#live')).toHaveAttribute('data-sound', /played|blocked/);
  await off.context().close();
});

test('phone pages pass axe (WCAG 2.2 AA) at 360x640 in both languages and stay under 50 KB', async ({ browser, township }) => {
  const { tw } = township;
  const jobs = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../resources/content/jobs.json'), 'utf8')).items as Array<{ id: string }>;
  let code = tw.requests()[0]?.code;
  if (!code) {
    // A request relayed exactly as a kiosk sends it, so the status page has something to show.
    const unsigned: Omit<RelayRequest, 'sha256'> = {
      id: '0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a77',
      code: 'ACDE-FGHK',
      kioskId: KIOSK_ID,
      kioskSeq: 99,
      createdAt: new Date().toISOString(),
      contact: { phone: '13912345678', name: null, householdId: null },
      payload: { type: 'general-help', topic: 'pension' },
    };
    const res = await fetch(tw.url.replace(/\/$/, '') + RELAY_PUT_PATH(KIOSK_ID, unsigned.id), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${township.token}` },
      body: JSON.stringify({ ...unsigned, sha256: createHash('sha256').update(canonicalRequestBytes(unsigned)).digest('hex') }),
    });
    expect(res.status).toBe(201);
    code = unsigned.code;
  }
  const pages = [`/policies/${POLICY}`, '/policies', `/jobs/${jobs[0]!.id}`, `/villages/${encodeURIComponent(VILLAGE)}`, '/status', `/status/${code}`];
  const sizes: Record<string, number> = {};
  for (const lang of ['zh-CN', 'en'] as const) {
    // axe runs as a script in the page, so this context has JavaScript; the pages have none
    // of their own (asserted below: no <script>, and the text is in the served HTML).
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: lang });
    const p = await ctx.newPage();
    for (const pth of pages) {
      const url = new URL(pth + (lang === 'en' ? (pth.includes('?') ? '&' : '?') + 'lang=en' : ''), tw.url).href;
      const res = await p.goto(url);
      expect(res!.status(), url).toBe(200);
      const served = await res!.body();
      const bytes = served.length;
      expect(served.toString('utf8')).not.toMatch(/<script/i);
      expect(served.toString('utf8')).toMatch(/<h1>[^<]+/);
      sizes[`${lang} ${pth}`] = bytes;
      expect(bytes, `${url} is ${bytes} bytes`).toBeLessThanOrEqual(50 * 1024);
      await expect(p.locator('html')).toHaveAttribute('lang', lang);
      const r = await new AxeBuilder({ page: p }).withTags(AXE_TAGS).analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), `axe on ${url}`).toEqual([]);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${url} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await ctx.close();
  }
  console.log(`phone page sizes (bytes): ${JSON.stringify(sizes)}`);
});

test("the new officials' pages (households, a household, accounts, dashboard, import, a followed-up request) pass axe on a PC and a phone", async ({ browser, township }) => {
  const { tw } = township;
  for (const viewport of [{ width: 1366, height: 900 }, { width: 390, height: 844 }]) {
    const off = await officialPage(browser, tw, ADMIN, viewport);
    const household = await off.evaluate(async () => {
      const r = await fetch('/officials/households');
      return /\/officials\/households\/(H-[A-Z0-9-]+)/.exec(await r.text())?.[1] ?? null;
    });
    const request = (await off.locator('#request-rows a').count()) ? await off.locator('#request-rows a').first().getAttribute('href') : null;
    const pages = ['/officials/households', ...(household ? [`/officials/households/${household}`] : []), '/officials/accounts', '/officials/dashboard', '/officials/import', ...(request ? [request] : [])];
    for (const pth of pages) {
      await off.goto(new URL(pth, tw.url).href);
      const r = await new AxeBuilder({ page: off }).withTags(AXE_TAGS).analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), `axe on ${pth} at ${viewport.width}px`).toEqual([]);
      const overflow = await off.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${pth} scrolls sideways at ${viewport.width}px`).toBeLessThanOrEqual(0);
    }
    await off.context().close();
  }
});
