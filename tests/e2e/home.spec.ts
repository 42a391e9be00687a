// The home screen and the header: tiles, the bundled font, call staff, the idle wipe, an
// unknown screen. Every screen x language x size x theme x panel is checked in sweep.spec.ts.
import Database from 'better-sqlite3';
import path from 'node:path';
import { test, expect } from './support/fixtures.js';
import { applySettings, checkScreen, closeSettings, openSettings } from './support/checks.js';

// Home and the four tiles' screens in every language, text size, theme and panel: the layout
// sweep (sweep.spec.ts) checks them, with axe, overflow, clipping, 64 px and screenshots.

test('each home tile opens its screen, with Home and Call staff in the header', async ({ kioskPage: page }) => {
  for (const tile of ['policies', 'jobs', 'request', 'status'] as const) {
    await page.getByTestId(`tile-${tile}`).tap();
    await expect(page.getByTestId('home')).toHaveCount(0);
    await expect(page.locator('main h1')).toBeVisible();
    await expect(page.getByTestId('nav-home')).toBeVisible();
    await expect(page.getByTestId('call-staff')).toBeVisible();
    await page.getByTestId('nav-home').tap();
    await expect(page.getByTestId('home')).toBeVisible();
  }
});

test('the largest text size gives body text of at least 32 px', async ({ kioskPage: page }) => {
  await applySettings(page, 'zh-CN', 'largest', 'standard');
  const px = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.tile__hint')!).fontSize));
  expect(px).toBeGreaterThanOrEqual(32);
  const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(rootPx).toBeGreaterThanOrEqual(32);
});

test('Chinese and English text render with the bundled Noto Sans SC, loaded from the kiosk itself, not a system font', async ({ browser, kiosk }) => {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  const fontFiles: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.woff2') && r.ok()) fontFiles.push(r.url());
  });
  await page.goto(kiosk.url);
  await page.getByTestId('home').waitFor();
  await page.evaluate(() => document.fonts.ready);
  // What Chromium actually drew each piece of text with (CDP), not what CSS asked for.
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const fontsOf = async (selector: string) => {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  };
  for (const selector of ['.screen__title', '.tile__label', '.tile__hint', '[data-testid="call-staff"] .big-button__label']) {
    const fonts = await fontsOf(selector);
    expect(fonts.length, selector).toBeGreaterThan(0);
    for (const f of fonts) {
      // The bundled files name themselves "Noto Sans SC" (+ " Thin", the variable font's default
      // instance); the system package would be "Noto Sans CJK SC".
      expect(f.familyName, `${selector} is drawn with the bundled font`).toMatch(/^Noto Sans SC\b/);
      expect(f.isCustomFont, `${selector}: a web font from the renderer bundle, not a system font`).toBe(true);
    }
  }
  expect(fontFiles.length, 'font files were loaded').toBeGreaterThan(0);
  for (const url of fontFiles) expect(new URL(url).origin, "font-src 'self': from the kiosk's own server").toBe(new URL(kiosk.url).origin);
  // English too (the same family covers Latin).
  await openSettings(page);
  await page.getByTestId('switch-language').tap();
  await closeSettings(page);
  await page.evaluate(() => document.fonts.ready);
  const { root: root2 } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root2.nodeId, selector: '.tile__label' });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f.isCustomFont && /^Noto Sans SC\b/.test(f.familyName), `English is drawn with the bundled font, not ${f.familyName}`).toBe(true);
  await context.close();
});

test('call staff: one tap alerts the attendant and says so in plain words', async ({ kioskPage: page, kiosk }) => {
  await page.getByTestId('tile-jobs').tap();
  await page.getByTestId('call-staff').tap();
  const dialog = page.getByTestId('staff-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('已通知工作人员');
  await checkScreen(page, 'staff-called', { lang: 'zh-CN', size: 'normal', theme: 'standard' });
  await dialog.getByRole('button').tap();
  await expect(dialog).toHaveCount(0);
  const db = new Database(path.join(kiosk.dataDir, 'kiosk.db'), { readonly: true });
  const calls = db.prepare('SELECT screen FROM staff_calls').all() as Array<{ screen: string }>;
  db.close();
  expect(calls).toEqual([{ screen: '/jobs' }]);
});

test('a villager who walks away: warning with "keep using", then everything is wiped', async ({ browser, kiosk }) => {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(kiosk.url);
  await page.getByTestId('home').waitFor();
  await openSettings(page);
  await page.getByTestId('switch-language').tap();
  await page.getByTestId('text-size-largest').tap();
  await page.getByTestId('toggle-contrast').tap();
  await closeSettings(page);
  await page.getByTestId('tile-policies').tap();

  await page.clock.runFor(89_000);
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
  await page.clock.runFor(2_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await checkScreen(page, 'idle-warning', { lang: 'en', size: 'largest', theme: 'contrast' });
  await page.getByTestId('idle-keep-using').tap();
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'largest');

  await page.clock.runFor(91_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await page.clock.runFor(31_000);
  await expect(page.getByTestId('home')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('html')).toHaveAttribute('data-text-size', 'normal');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'standard');
  await context.close();
});

test('an unknown screen is a defined page, not a blank one', async ({ kioskPage: page }) => {
  await page.evaluate(() => (window.location.hash = '/no/such/screen'));
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.getByTestId('nav-home')).toBeVisible();
});
