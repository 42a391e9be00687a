// Service requests end to end: the built kiosk (npm run serve) pointed at a real township
// server (npm run township), in Chromium with touch. Each request type is filed in both
// languages; the code is shown; the request arrives at the township; an official changes
// its status on the officials' page; after the kiosk syncs, "Check my request" shows it.
import type { Page } from '@playwright/test';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { CODE_PATTERN } from '../../src/protocol/relay.js';
import { startTownshipProcess, type TownshipProcess } from '../support/township-process.js';
import { applySettings, checkScreen, foreignText, type Lang } from './support/checks.js';
import { test as base, expect } from './support/fixtures.js';

const KIOSK_ID = 'e2e-kiosk';
const OFFICIAL = { user: 'official', password: 'official-password' };
const JOB_ID = 'j-0001';

const test = base.extend<object, { township: { tw: TownshipProcess; token: string } }>({
  township: [
    async ({}, use) => {
      const tw = await startTownshipProcess();
      const token = await tw.issueToken(KIOSK_ID, { village: '龙泉村' });
      await tw.addOfficial(OFFICIAL.user, OFFICIAL.password);
      // The sample policies and job postings, as `npm run demo` seeds them (the job-interest form needs a real posting).
      await tw.seedSampleContent();
      await use({ tw, token });
      await tw.stop();
    },
    { scope: 'worker' },
  ],
  kioskOptions: async ({ township }, use) => {
    await use({
      env: {
        KIOSK_ID,
        KIOSK_TOWNSHIP_URL: township.tw.url,
        KIOSK_TOWNSHIP_TOKEN: township.token,
        KIOSK_TOWNSHIP_PUBLIC_KEY: township.tw.publicKey,
        KIOSK_SYNC_INTERVAL_SECONDS: '5',
      },
    });
  },
});

type Filing = { type: string; choices: string[]; path?: string };
const FILINGS: Filing[] = [
  { type: 'senior-subsidy', choices: ['choice-subsidy-injury-care', 'choice-forWhom-family', 'choice-homeVisitNeeded-true'] },
  { type: 'home-visit', choices: ['choice-reason-subsidy-application', 'choice-preferredDays-this-week', 'choice-timeWindow-morning'] },
  { type: 'legal-aid', choices: ['choice-matter-unpaid-wages', 'choice-amountYuan-1000'] },
  { type: 'agronomist-visit', choices: ['choice-crop-vegetables', 'choice-problem-pests', 'choice-village-龙泉村'] },
  { type: 'job-interest', choices: [], path: `/request/job-interest?jobId=${JOB_ID}` },
  { type: 'general-help', choices: ['choice-topic-pension'] },
];

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
}

async function typeDigits(page: Page, digits: string): Promise<void> {
  for (const d of digits) await page.getByTestId(`phone-keypad-key-${d}`).tap();
}

/** Files one request through the screens; returns its code. */
async function file(page: Page, f: Filing, phone: string, opts: { check?: { lang: Lang; size: 'normal' | 'largest'; theme: 'standard' | 'contrast' } } = {}): Promise<string> {
  if (f.path) await go(page, f.path);
  else {
    await go(page, '/');
    await page.getByTestId('tile-request').tap();
    await expect(page.getByTestId('request-chooser')).toBeVisible();
    if (opts.check) await checkScreen(page, 'request-chooser', opts.check);
    await page.getByTestId(`request-type-${f.type}`).tap();
  }
  await expect(page.getByTestId('request-form')).toBeVisible();
  for (const [i, c] of f.choices.entries()) {
    if (opts.check && i === 0) await checkScreen(page, `request-form-${f.type}`, opts.check);
    await page.getByTestId(c).tap();
  }
  if (f.type === 'job-interest') await expect(page.getByTestId('request-job-title')).not.toContainText(JOB_ID);
  // A wrong start is refused, then the real number.
  await typeDigits(page, '12');
  await expect(page.getByTestId('phone-problem')).toBeVisible();
  await page.getByTestId('phone-keypad-clear').tap();
  await typeDigits(page, phone);
  await expect(page.getByTestId('phone-readout')).toHaveText(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
  if (opts.check) await checkScreen(page, 'request-phone', opts.check);
  await page.getByTestId('phone-next').tap();
  await expect(page.getByTestId('request-confirm')).toBeVisible();
  if (opts.check) await checkScreen(page, 'request-confirm', opts.check);
  await page.getByTestId('confirm-submit').tap();
  await expect(page.getByTestId('request-saved')).toBeVisible();
  const code = (await page.getByTestId('saved-code').textContent())!.trim();
  expect(code).toMatch(CODE_PATTERN);
  if (opts.check) await checkScreen(page, 'request-saved', opts.check);
  return code;
}

async function waitForTownship(tw: TownshipProcess, codes: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await expect
    .poll(
      () => {
        for (const r of tw.requests()) if (codes.includes(r.code)) found.set(r.code, r.id);
        return found.size;
      },
      { timeout: 30_000, message: 'requests did not arrive at the township' },
    )
    .toBe(codes.length);
  return found;
}

async function officialSetsStatus(page: Page, tw: TownshipProcess, code: string, steps: Array<{ status: string; note?: string }>): Promise<void> {
  const ctx = await page.context().browser()!.newContext({ locale: 'zh-CN' });
  const off = await ctx.newPage();
  await off.goto(tw.officialsUrl);
  if (await off.locator('#u').isVisible()) {
    await off.locator('#u').fill(OFFICIAL.user);
    await off.locator('#p').fill(OFFICIAL.password);
    await off.locator('form[action="/officials/login"] button[type=submit]').click();
  }
  await off.getByRole('link', { name: code }).click();
  for (const s of steps) {
    await off.locator('#st').selectOption(s.status);
    if (s.note) await off.locator('#note').fill(s.note);
    await off.locator('form[action$="/status"] button[type=submit]').click();
    await off.waitForLoadState();
  }
  await ctx.close();
}

async function checkStatus(page: Page, code: string, expected: string, note?: string): Promise<void> {
  await go(page, '/status');
  await expect(page.getByTestId('status-entry')).toBeVisible();
  for (const ch of code.replace('-', '')) await page.getByTestId(`code-keypad-key-${ch}`).tap();
  await expect(page.getByTestId('code-readout')).toHaveText(code);
  await page.getByTestId('status-check').tap();
  await expect(page.getByTestId('status-result')).toBeVisible();
  // The kiosk pulls the feed every 5 s; look again until the official's change has arrived.
  await expect
    .poll(
      async () => {
        await go(page, `/status/${code}`);
        await page.getByTestId('status-result').waitFor();
        return page.getByTestId('status-current').getAttribute('data-status');
      },
      { timeout: 40_000, intervals: [1000, 2000, 3000] },
    )
    .toBe(expected);
  await expect(page.getByTestId('status-as-of')).toBeVisible();
  if (note) await expect(page.getByTestId('status-timeline')).toContainText(note);
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`${lang}: every request type is filed, reaches the township, and its status comes back`, async ({ kioskPage: page, township }) => {
    test.setTimeout(240_000);
    if (lang === 'en') await applySettings(page, 'en', 'normal', 'standard');
    const codes: Record<string, string> = {};
    for (const [i, f] of FILINGS.entries()) {
      codes[f.type] = await file(page, f, `1380000${String(1000 + i + (lang === 'en' ? 10 : 0))}`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      expect(await foreignText(page, lang)).toEqual([]);
    }
    const ids = await waitForTownship(township.tw, Object.values(codes));
    const held = township.tw.requests().filter((r) => ids.has(r.code));
    expect(new Set(held.map((r) => r.type))).toEqual(new Set(FILINGS.map((f) => f.type)));
    expect(held.every((r) => r.kioskId === KIOSK_ID)).toBe(true);
    // Sent: the saved screen of the last one says so.
    await expect(page.getByTestId('saved-sending')).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });

    const note = lang === 'en' ? 'Visit on Friday morning' : '周五上午上门';
    await officialSetsStatus(page, township.tw, codes['home-visit']!, [{ status: 'in-review' }, { status: 'visit-scheduled', note }]);
    const reason = lang === 'en' ? 'Not eligible: under 80' : '不符合条件：未满80岁';
    await officialSetsStatus(page, township.tw, codes['senior-subsidy']!, [{ status: 'rejected', note: reason }]);

    await checkStatus(page, codes['home-visit']!, 'visit-scheduled', note);
    await expect(page.getByTestId('status-timeline').locator('[data-status]')).toHaveCount(5); // queued, sent, received, in review, visit scheduled
    await checkStatus(page, codes['senior-subsidy']!, 'rejected', reason);
    await checkStatus(page, codes['legal-aid']!, 'received');
    expect(await foreignText(page, lang)).toEqual([]);
  });
}

test('accessibility of the request screens (zh-CN normal standard, en largest contrast, zh-CN largest standard)', async ({ kioskPage: page }) => {
  test.setTimeout(240_000);
  const combos = [
    { lang: 'zh-CN', size: 'normal', theme: 'standard' },
    { lang: 'en', size: 'largest', theme: 'contrast' },
    { lang: 'zh-CN', size: 'largest', theme: 'standard' },
  ] as const;
  for (const [i, combo] of combos.entries()) {
    await applySettings(page, combo.lang, combo.size, combo.theme);
    const f = FILINGS[[3, 1, 0][i]!]!;
    const code = await file(page, f, '13912345678', { check: combo });
    await go(page, '/status');
    await expect(page.getByTestId('status-entry')).toBeVisible();
    await checkScreen(page, 'status-entry', combo);
    await go(page, `/status/${code}`);
    await expect(page.getByTestId('status-result')).toBeVisible();
    await checkScreen(page, 'status-result', combo);
    await go(page, '/status/ACDE-FGHJ');
    await expect(page.getByTestId('status-not-found')).toBeVisible();
    await checkScreen(page, 'status-not-found', combo);
  }
});

/** Files a general-help request about housing from the home screen, up to the saved screen. */
async function fileHousingHelp(page: Page): Promise<void> {
    await page.getByTestId('tile-request').tap();
    await page.getByTestId('request-type-general-help').tap();
    await page.getByTestId('choice-topic-housing').tap();
    await typeDigits(page, '13700001234');
    await page.getByTestId('phone-next').tap();
    await page.getByTestId('confirm-submit').tap();
    await expect(page.getByTestId('request-saved')).toBeVisible();
}

test.describe('township unreachable', () => {
  // Connection refused: nothing can have reached the township, so cancelling stays possible.
  test.use({
    kioskOptions: async ({}, use) => {
      // A port that was free a moment ago: connections to it are refused.
      const srv = createServer();
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as AddressInfo).port;
      await new Promise<void>((r) => srv.close(() => r()));
      await use({ env: { KIOSK_ID, KIOSK_TOWNSHIP_URL: `http://127.0.0.1:${port}/`, KIOSK_TOWNSHIP_TOKEN: 'unreachable-token-0123456789' } });
    },
  });

  test('saved offline says so honestly; cancel within the window; the status screen shows it cancelled', async ({ kioskPage: page }) => {
    await fileHousingHelp(page);
    await expect(page.getByTestId('saved-sending')).toHaveAttribute('data-state', 'offline');
    const code = (await page.getByTestId('saved-code').textContent())!.trim();
    await page.getByTestId('request-cancel').tap();
    await page.getByTestId('cancel-yes').tap();
    await expect(page.getByTestId('saved-sending')).toHaveAttribute('data-state', 'cancelled');
    await expect(page.getByTestId('request-cancel')).toHaveCount(0);
    await go(page, `/status/${code}`);
    await expect(page.getByTestId('status-current')).toHaveAttribute('data-status', 'cancelled');
  });
});

test.describe('township busy while the saved screen opens', () => {
  // A township that holds the kiosk's first PUT until the test lets it go, then answers 429
  // (too many requests: nothing was stored), so the request is back in the queue, unsent.
  let held: { release: () => void } | null = null;
  let putSeen: () => void = () => undefined;
  const putArrived = new Promise<void>((r) => (putSeen = r));
  test.use({
    kioskOptions: async ({}, use) => {
      const srv = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
        req.resume();
        const busy = () => void (!res.headersSent && res.writeHead(429, { 'retry-after': '300', 'content-type': 'application/json' }).end('{"error":{"code":"busy","message":"busy"}}'));
        if (req.method === 'PUT' && !held) {
          held = { release: busy };
          putSeen();
          return;
        }
        busy();
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const port = (srv.address() as AddressInfo).port;
      await use({ env: { KIOSK_ID, KIOSK_TOWNSHIP_URL: `http://127.0.0.1:${port}/`, KIOSK_TOWNSHIP_TOKEN: 'busy-township-token-0123456789' } });
      held?.release();
      srv.closeAllConnections();
      await new Promise<void>((r) => srv.close(() => r()));
    },
  });

  test('a view read while the send was in flight gets its Cancel button when the send ends unsent', async ({ kioskPage: page }) => {
    await fileHousingHelp(page);
    await putArrived;
    // Read the view afresh while the PUT is held: sending has started, so no Cancel.
    const hash = await page.evaluate(() => window.location.hash);
    expect(hash).toMatch(/^#\/request\/saved\//);
    await page.evaluate(() => (window.location.hash = '#/'));
    await expect(page.getByTestId('home')).toBeVisible();
    await page.evaluate((h) => (window.location.hash = h), hash);
    await expect(page.getByTestId('request-saved')).toBeVisible();
    await expect(page.getByTestId('saved-code')).toBeVisible();
    await expect(page.getByTestId('request-cancel')).toHaveCount(0);
    // The township answers 429: nothing reached it, the queue count is unchanged (1), and the
    // screen must offer Cancel again without the villager leaving it.
    held!.release();
    await expect(page.getByTestId('request-cancel')).toBeVisible();
    await page.getByTestId('request-cancel').tap();
    await page.getByTestId('cancel-yes').tap();
    await expect(page.getByTestId('saved-sending')).toHaveAttribute('data-state', 'cancelled');
  });
});
