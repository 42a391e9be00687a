// The township officials' page is a screen too: axe with the WCAG 2.2 AA tags on every page
// an official uses, on a PC and on a phone, with no sideways scrolling on the phone.
import { test, expect, type Browser, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { canonicalRequestBytes, RELAY_PUT_PATH, type RelayRequest } from '../../src/protocol/relay.js';
import { startTownshipProcess, type TownshipProcess } from '../support/township-process.js';
import { AXE_TAGS } from './support/checks.js';

const OFFICIAL = { user: 'clerk', password: 'clerk-password-1' };
const KIOSK = 'hall-officials-e2e';
const REQUEST_ID = '0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b';

let tw: TownshipProcess;

test.beforeAll(async () => {
  tw = await startTownshipProcess();
  await tw.addOfficial(OFFICIAL.user, OFFICIAL.password);
  await tw.seedSampleContent();
  // One request from a kiosk, relayed exactly as the kiosk's relay worker sends it.
  const token = await tw.issueToken(KIOSK, { village: '西坡村' });
  const unsigned: Omit<RelayRequest, 'sha256'> = {
    id: REQUEST_ID,
    code: 'ACDE-FGHJ',
    kioskId: KIOSK,
    kioskSeq: 1,
    createdAt: new Date().toISOString(),
    contact: { phone: '13912345678', name: null, householdId: 'HH-0420-17' },
    payload: { type: 'home-visit', reason: 'subsidy-application', preferredDays: 'this-week', timeWindow: 'morning' },
  };
  const body = { ...unsigned, sha256: createHash('sha256').update(canonicalRequestBytes(unsigned)).digest('hex') };
  const res = await fetch(tw.url.replace(/\/$/, '') + RELAY_PUT_PATH(KIOSK, REQUEST_ID), {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
});

test.afterAll(async () => {
  await tw?.stop();
});

async function axe(page: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(
    r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`),
    `axe on the officials' ${what}`,
  ).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `the officials' ${what} scrolls sideways`).toBeLessThanOrEqual(0);
}

async function signedIn(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(tw.officialsUrl);
  await axe(page, 'login page');
  await page.locator('#u').fill(OFFICIAL.user);
  await page.locator('#p').fill(OFFICIAL.password);
  await page.locator('form[action="/officials/login"] button[type=submit]').click();
  await expect(page.getByRole('link', { name: 'ACDE-FGHJ' })).toBeVisible();
  return page;
}

for (const [device, viewport] of [
  ['PC', { width: 1366, height: 768 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test(`every officials' page passes axe on a ${device}`, async ({ browser }) => {
    const page = await signedIn(browser, viewport);
    await axe(page, 'request list');
    await page.getByRole('link', { name: 'ACDE-FGHJ' }).click();
    await expect(page.locator('#st')).toBeVisible();
    await axe(page, 'request page');
    await page.goto(new URL('/officials/content', tw.url).href);
    await axe(page, 'content list');
    await page.goto(new URL('/officials/content/policy/new', tw.url).href);
    await axe(page, 'new policy form');
    await page.goto(new URL('/officials/content/job/new', tw.url).href);
    await axe(page, 'new job form');
    await page.goto(new URL('/officials/kiosks', tw.url).href);
    await axe(page, 'kiosks page');
    await page.context().close();
  });
}
