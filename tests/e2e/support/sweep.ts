// The layout sweep's checks (tests/e2e/sweep.spec.ts), on top of checks.ts: per combination
// of screen x language x text size x theme x panel. Beyond axe, overflow, clipping and the
// 64 px floor: the header's share of the height, line spacing >= 1.3 (MIIT), colour never the
// only cue for a chosen state, and in the high-contrast theme text contrast >= 7:1 per element.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AXE_TAGS, foreignText, layoutProblems, SCREENSHOT_DIR, type Lang, type Size, type Theme } from './checks.js';

export const PANELS = [
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'small', width: 1366, height: 768 },
] as const;
export type Panel = (typeof PANELS)[number];

/** The header may take at most this share of the panel's height (issue 10 §3). */
export const MAX_HEADER_SHARE = 0.2;
export const MIN_LINE_SPACING = 1.3;
export const MIN_CONTRAST_HIGH = 7;

export interface Combo {
  lang: Lang;
  size: Size;
  theme: Theme;
  panel: Panel;
}

/** Everything about the text on screen that axe does not check. */
export async function textProblems(page: Page, opts: { minContrast: number | null; minLineSpacing: number }): Promise<string[]> {
  return page.evaluate(({ minContrast, minLineSpacing }) => {
    const out: string[] = [];
    const parse = (c: string): [number, number, number, number] => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
      return [p[0]!, p[1]!, p[2]!, p.length > 3 ? p[3]! : 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const over = (top: number[], bottom: number[]) => [0, 1, 2].map((i) => top[i]! * top[3]! + bottom[i]! * (1 - top[3]!));
    /** The colour behind an element: its own and its ancestors' backgrounds, composited. */
    const backgroundOf = (el: Element): number[] | null => {
      const layers: number[][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== 'none') return null;
        const c = parse(s.backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let bg = [255, 255, 255];
      for (const layer of layers.reverse()) bg = over(layer, bg);
      return bg;
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    for (const el of document.querySelectorAll('body *')) {
      const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!hasText) continue;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (s.display === 'none' || s.visibility === 'hidden' || r.width === 0 || r.height === 0) continue;
      const fontPx = parseFloat(s.fontSize);
      const lh = s.lineHeight === 'normal' ? NaN : parseFloat(s.lineHeight);
      if (!(lh / fontPx >= minLineSpacing - 0.005)) out.push(`line spacing ${s.lineHeight} for ${s.fontSize} text (< ${minLineSpacing}): ${describe(el)}`);
      // Inactive controls are exempt from contrast (WCAG 1.4.3), as axe treats them.
      if (minContrast === null || el.closest(':disabled, [aria-disabled="true"]')) continue;
      const fg = parse(s.color);
      const bg = backgroundOf(el);
      if (!bg) continue;
      const text = over(fg, bg);
      const [a, b] = [lum(text), lum(bg)].sort((x, y) => y - x);
      const ratio = (a! + 0.05) / (b! + 0.05);
      if (ratio < minContrast - 0.005) out.push(`contrast ${ratio.toFixed(2)}:1 (< ${minContrast}:1): ${describe(el)} ${s.color} on rgb(${bg.map(Math.round).join(',')})`);
    }
    // No physical keyboard: every text field is filled with an on-screen keyboard or keypad,
    // and says so to the system (inputmode=none), so no system touch keyboard pops up.
    for (const el of document.querySelectorAll('input:not([type=button]):not([type=checkbox]):not([type=radio]), textarea, [contenteditable="true"]')) {
      if (el.getAttribute('inputmode') !== 'none') out.push(`a field that needs a physical keyboard: ${describe(el)}`);
    }
    // Colour is never the only cue: whatever is chosen also shows a check mark.
    for (const el of document.querySelectorAll('[aria-pressed="true"], [aria-checked="true"], [aria-selected="true"]')) {
      if (!el.querySelector('[data-icon="check"]')) out.push(`chosen state shown by colour only: ${describe(el)}`);
    }
    for (const el of document.querySelectorAll('[aria-pressed="false"]')) {
      if (el.querySelector('[data-icon="check"]')) out.push(`an unchosen control shows a check mark: ${describe(el)}`);
    }
    return out;
  }, opts);
}

/** The header's height against the panel's. */
export async function headerShare(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelector('header.header')!.getBoundingClientRect().height / window.innerHeight);
}

/** Runs every check on the current screen for one combination; a screenshot each time. */
export const sweepTimes = { screenshot: 0, axe: 0, checks: 0 };

export async function sweepCheck(page: Page, name: string, c: Combo): Promise<void> {
  const label = `${name} ${c.panel.name} ${c.lang} ${c.size} ${c.theme}`;
  const actual = await page.evaluate(() => ({ lang: document.documentElement.lang, size: document.documentElement.dataset.textSize, theme: document.documentElement.dataset.theme, w: window.innerWidth, h: window.innerHeight }));
  expect(actual, `${label}: the screen is in the combination this check is named for`).toEqual({ lang: c.lang, size: c.size, theme: c.theme, w: c.panel.width, h: c.panel.height });
  await page.evaluate(() => document.fonts.ready);
  const dir = path.join(SCREENSHOT_DIR, 'sweep', c.panel.name);
  mkdirSync(dir, { recursive: true });
  let t = performance.now();
  // What the villager sees on the panel (the checks above cover what is scrolled to).
  await page.screenshot({ path: path.join(dir, `${name}-${c.lang}-${c.size}-${c.theme}.png`) });
  sweepTimes.screenshot += performance.now() - t;
  t = performance.now();
  // Violations only (no selectors computed for passes); the kiosk page has no frames, so the
  // in-page axe.run (legacy mode) does the same work as the frame-by-frame runPartial, faster.
  const axe = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  sweepTimes.axe += performance.now() - t;
  t = performance.now();
  const violations = axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  const problems = [
    ...violations.map((v) => `axe ${v}`),
    ...(await layoutProblems(page)).map((p) => `${p.kind}: ${p.detail}`),
    ...(await textProblems(page, { minContrast: c.theme === 'contrast' ? MIN_CONTRAST_HIGH : null, minLineSpacing: MIN_LINE_SPACING })),
    ...(await foreignText(page, c.lang)).map((t) => `text not in ${c.lang} (hard-coded?): ${t}`),
  ];
  const share = await headerShare(page);
  if (share > MAX_HEADER_SHARE) problems.push(`header takes ${(share * 100).toFixed(1)}% of the height (max ${MAX_HEADER_SHARE * 100}%)`);
  sweepTimes.checks += performance.now() - t;
  expect.soft(problems, label).toEqual([]);
}
