// Playwright fixtures: a fresh kiosk runtime per test, and a touch page on it.
import { test as base, type Page } from '@playwright/test';
import { startKiosk, type KioskProcess, type StartKioskOptions } from '../../support/kiosk-process.js';

export const test = base.extend<{ kioskOptions: StartKioskOptions; kiosk: KioskProcess; kioskPage: Page }>({
  kioskOptions: [{}, { option: true }],
  kiosk: async ({ kioskOptions }, use) => {
    const k = await startKiosk(kioskOptions);
    await use(k);
    await k.stop();
  },
  kioskPage: async ({ browser, kiosk }, use) => {
    // AxeBuilder needs pages from browser.newContext() (axe cannot analyse pages of the default context).
    const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(kiosk.url);
    await page.getByTestId('home').waitFor();
    await use(page);
    await context.close();
    if (problems.length) throw new Error(problems.join('\n'));
  },
});

export { expect } from '@playwright/test';
