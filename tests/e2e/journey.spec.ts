// Done-when of issue 10 (search part): a villager finds the subsidy for an injured parent by
// pinyin on the on-screen keyboard and files the request, by taps only, never touching a
// physical keyboard: in both languages, on all three panels. Every key press below is a tap
// on the kiosk's own keyboard; page.keyboard is never used, and the test fails if anything
// in the page receives a physical key event.
import type { Page } from '@playwright/test';
import { CODE_PATTERN } from '../../src/protocol/relay.js';
import { applySettings } from './support/checks.js';
import { test, expect } from './support/fixtures.js';
import { PANELS } from './support/sweep.js';


async function tapKeys(page: Page, box: string, letters: string): Promise<void> {
  for (const k of letters) await page.getByTestId(`${box}-keyboard-key-${k === ' ' ? 'space' : k}`).tap();
}

for (const panel of PANELS) {
  for (const lang of ['zh-CN', 'en'] as const) {
    test(`${panel.name} ${panel.width}x${panel.height}, ${lang}: find the injury-care subsidy by pinyin and file the request by taps only`, async ({ kioskPage: page }) => {
      await page.setViewportSize({ width: panel.width, height: panel.height });
      await page.evaluate(() => {
        (window as unknown as { __keys: number }).__keys = 0;
        window.addEventListener('keydown', () => ((window as unknown as { __keys: number }).__keys += 1), true);
      });
      await applySettings(page, lang, 'largest', 'standard');
      await page.getByTestId('tile-policies').tap();
      await expect(page.getByTestId('policy-list')).toBeVisible();

      // The field opens the on-screen keyboard; the system's own touch keyboard stays away.
      await expect(page.getByTestId('policy-search-input')).toHaveAttribute('inputmode', 'none');
      await page.getByTestId('policy-search-input').tap();
      await expect(page.getByTestId('policy-search-keyboard')).toBeVisible();
      // 护理补贴 by its initials, then the word from the candidate bar.
      await tapKeys(page, 'policy-search', 'hlbt');
      await expect(page.getByTestId('policy-search-input')).toHaveValue('hlbt');
      const candidate = page.getByTestId('policy-search-candidate').filter({ hasText: '护理补贴' }).first();
      await expect(candidate).toBeVisible();
      await candidate.tap();
      await expect(page.getByTestId('policy-search-input')).toHaveValue('护理补贴');
      // Narrow it with full pinyin of 伤害 (injury), typed after a space.
      await page.getByTestId('policy-search-keyboard-space').tap();
      await tapKeys(page, 'policy-search', 'shanghai');
      await expect(page.getByTestId('policy-search-input')).toHaveValue('护理补贴 shanghai');
      await page.getByTestId('policy-search-keyboard-done').tap();
      await expect(page.getByTestId('policy-search-keyboard')).toHaveCount(0);
      const hit = page.getByTestId('policy-item').filter({ hasText: lang === 'en' ? 'Xia County: injury-care subsidy for seniors' : '夏县老年人意外伤害护理补贴' });
      await expect(hit).toHaveCount(1);
      await hit.tap();
      await expect(page.getByTestId('policy-detail')).toBeVisible();
      await expect(page.locator('main h1')).toContainText(lang === 'en' ? 'injury-care subsidy' : '意外伤害护理补贴');

      // File the request from the policy, with the on-screen phone keypad.
      await page.getByTestId('policy-book-visit').or(page.getByTestId('policy-request')).first().tap();
      await expect(page.getByTestId('request-form')).toBeVisible();
      for (const c of ['choice-subsidy-injury-care', 'choice-forWhom-family', 'choice-homeVisitNeeded-true']) await page.getByTestId(c).tap();
      for (const d of '13912345678') await page.getByTestId(`phone-keypad-key-${d}`).tap();
      await expect(page.getByTestId('phone-readout')).toHaveText('139 1234 5678');
      await page.getByTestId('phone-next').tap();
      await expect(page.getByTestId('request-confirm')).toBeVisible();
      await page.getByTestId('confirm-submit').tap();
      await expect(page.getByTestId('request-saved')).toBeVisible({ timeout: 20_000 });
      expect((await page.getByTestId('saved-code').textContent())!.trim()).toMatch(CODE_PATTERN);
      // Home, Back and Call staff stayed in view all along; nothing was typed on a keyboard.
      for (const id of ['nav-home', 'nav-back', 'call-staff', 'open-settings']) await expect(page.getByTestId(id)).toBeInViewport();
      expect(await page.evaluate(() => (window as unknown as { __keys: number }).__keys), 'physical key events').toBe(0);
    });
  }
}
