// What every screen must pass, in every language, text size and theme:
// axe with the WCAG 2.2 AA tags, no horizontal overflow, no clipped text, every control at
// least 64x64 CSS px. Each check also saves a screenshot.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/kiosk-process.js';

export const LANGS = ['zh-CN', 'en'] as const;
export const SIZES = ['normal', 'large', 'largest'] as const;
export const THEMES = ['standard', 'contrast'] as const;
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];
export const MIN_TARGET_PX = 64;
export const SCREENSHOT_DIR = path.join(repoRoot, 'test-results', 'screenshots');

export type Lang = (typeof LANGS)[number];
export type Size = (typeof SIZES)[number];
export type Theme = (typeof THEMES)[number];

/** Opens the header's 看不清 / 听不清 panel (language, text size, contrast, volume). */
export async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('open-settings').tap();
  await expect(page.getByTestId('settings-panel')).toBeVisible();
}

/** Closes it again with its big "done" button. */
export async function closeSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-done').tap();
  await expect(page.getByTestId('settings-panel')).toHaveCount(0);
}

/** Sets language, text size and theme through the header's settings panel, as a villager would. */
export async function applySettings(page: Page, lang: Lang, size: Size, theme: Theme): Promise<void> {
  const html = page.locator('html');
  const actual = await page.evaluate(() => ({ lang: document.documentElement.lang, size: document.documentElement.dataset.textSize, theme: document.documentElement.dataset.theme }));
  if (actual.lang === lang && actual.size === size && actual.theme === theme) return;
  await openSettings(page);
  if (actual.lang !== lang) await page.getByTestId('switch-language').tap();
  await expect(html).toHaveAttribute('lang', lang);
  if (actual.size !== size) await page.getByTestId(`text-size-${size}`).tap();
  await expect(html).toHaveAttribute('data-text-size', size);
  if (actual.theme !== theme) await page.getByTestId('toggle-contrast').tap();
  await expect(html).toHaveAttribute('data-theme', theme);
  await closeSettings(page);
}

export interface LayoutProblem {
  kind: 'overflow' | 'small-target' | 'clipped';
  detail: string;
}

export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate((min) => {
    const problems: Array<{ kind: 'overflow' | 'small-target' | 'clipped'; detail: string }> = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push({ kind: 'overflow', detail: `page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window` });
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const controls = document.querySelectorAll('button, a[href], input, select, textarea, [role="button"], [role="link"], [role="tab"], [role="checkbox"], [role="radio"], [role="switch"], [tabindex]:not([tabindex="-1"])');
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || r.width === 0) continue;
      if (r.width < min - 0.5 || r.height < min - 0.5) problems.push({ kind: 'small-target', detail: `${describe(el)} is ${Math.round(r.width)}x${Math.round(r.height)}px` });
    }
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el);
      if (!el.childNodes.length || style.display === 'none') continue;
      const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!hasText) continue;
      const clipsX = style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
      const clipsY = (style.overflowY === 'hidden' || style.overflowY === 'clip') && el.scrollHeight > el.clientHeight + 1;
      if (clipsX || clipsY || style.textOverflow === 'ellipsis') problems.push({ kind: 'clipped', detail: `${describe(el)} clips its text` });
    }
    return problems;
  }, MIN_TARGET_PX);
}

/** Runs every check on the current screen and saves its screenshot as NAME-lang-size-theme.png. */
export async function checkScreen(page: Page, name: string, combo: { lang: Lang; size: Size; theme: Theme }): Promise<void> {
  const actual = await page.evaluate(() => ({ lang: document.documentElement.lang, size: document.documentElement.dataset.textSize, theme: document.documentElement.dataset.theme }));
  expect(actual, `${name}: the screen is in the combination this check is named for (call applySettings first)`).toEqual(combo);
  await page.evaluate(() => document.fonts.ready);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${combo.lang}-${combo.size}-${combo.theme}.png`), fullPage: true });
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const violations = axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(violations, `axe violations on ${name} ${JSON.stringify(combo)}`).toEqual([]);
  const problems = await layoutProblems(page);
  expect(problems, `layout problems on ${name} ${JSON.stringify(combo)}`).toEqual([]);
}

/** Text a catalogue string would never produce in this language: hard-coded strings show up here. */
export async function foreignText(page: Page, lang: Lang): Promise<string[]> {
  return page.evaluate((l) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent!.trim();
      const el = n.parentElement!;
      if (!text || el.closest('[lang]')?.getAttribute('lang') !== l || el.closest('[data-i18n-exempt]')) continue;
      if (l === 'zh-CN' && /[A-Za-z]{4,}/.test(text.replace(/https?:\/\/\S+/g, ''))) out.push(text);
      if (l === 'en' && /[\u4e00-\u9fff]/.test(text)) out.push(text);
    }
    return out;
  }, lang);
}
