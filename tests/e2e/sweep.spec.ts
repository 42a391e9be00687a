// The layout sweep (issue 10 §3): every screen x zh-CN/en x 3 text sizes x 2 themes x the three
// real panels (1920x1080, 1080x1920 portrait, 1366x768). Each combination runs axe with the
// wcag22aa tags, overflow / clipped text / 64 px checks, line spacing >= 1.3, "colour is never
// the only cue", the header's share of the height (<= 20%), per-element text contrast >= 7:1
// in the high-contrast theme, and saves a screenshot (test-results/screenshots/sweep/).
//
// Run time on 2 cores: one kiosk process per screen group (a test each, so the groups share
// the two workers), one page per group reused across all 36 combinations; screens are reached
// by their hash path where they have one, so a combination costs the checks, not the taps.
// Settings change only when the combination does (panel outermost, theme innermost).
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures.js';
import { rpc } from './support/rpc.js';
import { applySettings, closeSettings, LANGS, openSettings, SIZES, THEMES } from './support/checks.js';
import { PANELS, sweepCheck, sweepTimes, type Combo } from './support/sweep.js';

interface ScreenDef {
  name: string;
  /** Brings the screen up from anywhere. */
  open: (page: Page) => Promise<void>;
  /** Leaves it in a state the next screen can start from (dialogs closed). */
  close?: (page: Page) => Promise<void>;
}

async function go(page: Page, hash: string, testId: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await expect(page.getByTestId(testId)).toBeVisible();
}

const byPath = (name: string, hash: string, testId: string): ScreenDef => ({ name, open: (p) => go(p, hash, testId) });

const POLICY = 'p-xiaxian-senior-injury-care';

async function fillSeniorSubsidy(page: Page): Promise<void> {
  // Via the chooser, so the form starts afresh even when it is already on screen.
  await go(page, '/request', 'request-chooser');
  await go(page, '/request/senior-subsidy', 'request-form');
  for (const c of ['choice-subsidy-injury-care', 'choice-forWhom-family', 'choice-homeVisitNeeded-true']) await page.getByTestId(c).tap();
  await expect(page.getByTestId('phone-readout')).toBeVisible();
}

async function typePhone(page: Page, phone: string): Promise<void> {
  for (const d of phone) await page.getByTestId(`phone-keypad-key-${d}`).tap();
}

function browseScreens(jobId: () => string): ScreenDef[] {
  return [
    byPath('home', '/', 'home'),
    {
      name: 'settings',
      open: async (p) => {
        await go(p, '/', 'home');
        await openSettings(p);
      },
      close: closeSettings,
    },
    byPath('policy-list', '/policies', 'policy-list'),
    {
      name: 'policy-keyboard',
      open: async (p) => {
        await go(p, '/policies', 'policy-list');
        await p.getByTestId('policy-search-keyboard-open').tap();
        await p.getByTestId('policy-search-keyboard-key-b').tap();
        await p.getByTestId('policy-search-keyboard-key-t').tap();
        await expect(p.getByTestId('policy-search-candidate').first()).toBeVisible();
      },
      close: async (p) => {
        await p.getByTestId('policy-search-keyboard-clear').tap();
        await p.getByTestId('policy-search-keyboard-done').tap();
      },
    },
    byPath('policy-detail', `/policies/${POLICY}`, 'policy-detail'),
    byPath('job-list', '/jobs', 'job-list'),
    { name: 'job-detail', open: (p) => go(p, `/jobs/${jobId()}`, 'job-detail') },
    byPath('not-found', '/no/such/screen', 'not-found'),
  ];
}

function requestScreens(saved: () => { id: string; code: string }): ScreenDef[] {
  return [
    byPath('request-chooser', '/request', 'request-chooser'),
    byPath('request-form', '/request/senior-subsidy', 'request-form'),
    { name: 'request-phone', open: fillSeniorSubsidy },
    {
      name: 'request-confirm',
      open: async (p) => {
        await fillSeniorSubsidy(p);
        await typePhone(p, '13800138000');
        await p.getByTestId('phone-next').tap();
        await expect(p.getByTestId('request-confirm')).toBeVisible();
      },
    },
    { name: 'request-saved', open: (p) => go(p, `/request/saved/${saved().id}`, 'request-saved') },
    byPath('status-entry', '/status', 'status-entry'),
    { name: 'status-result', open: (p) => go(p, `/status/${saved().code}`, 'status-result') },
    { name: 'receipt', open: (p) => go(p, `/receipt/${saved().id}`, 'receipt-screen') },
  ];
}

function otherScreens(): ScreenDef[] {
  return [
    byPath('scan-unknown', '/scan/unknown', 'scan-unknown'),
    byPath('scan-link', '/scan/link', 'scan-link'),
    byPath('household', '/household', 'household-none'),
    byPath('attendant-pin', '/attendant/pin', 'attendant-pin-none'),
    {
      name: 'staff-called',
      open: async (p) => {
        await go(p, '/jobs', 'job-list');
        await p.getByTestId('call-staff').tap();
        await expect(p.getByTestId('staff-dialog')).toBeVisible();
      },
      close: async (p) => {
        await p.getByTestId('staff-dialog').getByRole('button').tap();
        await expect(p.getByTestId('staff-dialog')).toHaveCount(0);
      },
    },
  ];
}

/** Runs every combination over a group's screens on one page; returns how many checks ran. */
async function sweep(page: Page, screens: ScreenDef[]): Promise<number> {
  const only = process.env.SWEEP_ONLY; // e.g. "small:en:largest:contrast" while working on one layout
  const panels = process.env.SWEEP_PANELS?.split(',') ?? null; // e.g. "small,portrait"
  let n = 0;
  for (const panel of PANELS) {
    if (panels && !panels.includes(panel.name)) continue;
    await page.setViewportSize({ width: panel.width, height: panel.height });
    for (const lang of LANGS) {
      for (const size of SIZES) {
        for (const theme of THEMES) {
          const combo: Combo = { lang, size, theme, panel };
          if (only && only !== `${panel.name}:${lang}:${size}:${theme}`) continue;
          await go(page, '/', 'home');
          await applySettings(page, lang, size, theme);
          for (const s of screens) {
            await s.open(page);
            await sweepCheck(page, s.name, combo);
            await s.close?.(page);
          }
          n += screens.length;
        }
      }
    }
  }
  const ms = (x: number) => `${(x / 1000).toFixed(0)} s`;
  console.log(`sweep time so far in this worker: screenshots ${ms(sweepTimes.screenshot)}, axe ${ms(sweepTimes.axe)}, other checks ${ms(sweepTimes.checks)}`);
  return n;
}

// A sweep group runs 36 combinations of 5-8 screens; give it room on a busy CI machine.
test.describe.configure({ timeout: 40 * 60_000 });
// ... but a tap that cannot happen fails in seconds, not at the end of the group's time.
test.use({ actionTimeout: 15_000 });

test('sweep: home, settings, policies (search keyboard) and jobs on every panel, language, size and theme', async ({ kioskPage: page }, info) => {
  const jobs = await rpc<{ items: Array<{ id: string }> }>(page, 'content.searchJobs', { query: '' });
  const jobId = jobs.items[0]!.id;
  const t0 = Date.now();
  const n = await sweep(page, browseScreens(() => jobId));
  info.annotations.push({ type: 'sweep', description: `${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s` });
  console.log(`sweep browse: ${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});

test('sweep: request forms, saved, status and receipt on every panel, language, size and theme', async ({ kioskPage: page }, info) => {
  // One real request, filed by taps, for the saved, status and receipt screens.
  await fillSeniorSubsidy(page);
  await typePhone(page, '13800138000');
  await page.getByTestId('phone-next').tap();
  await page.getByTestId('confirm-submit').tap();
  await expect(page.getByTestId('request-saved')).toBeVisible();
  const code = (await page.getByTestId('saved-code').textContent())!.trim();
  const id = decodeURIComponent(/#\/request\/saved\/([^?]+)/.exec(page.url())![1]!);
  const t0 = Date.now();
  const n = await sweep(page, requestScreens(() => ({ id, code })));
  info.annotations.push({ type: 'sweep', description: `${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s` });
  console.log(`sweep requests: ${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});

test('sweep: scan results, household, attendant PIN and the staff dialog on every panel, language, size and theme', async ({ kioskPage: page }, info) => {
  const t0 = Date.now();
  const n = await sweep(page, otherScreens());
  info.annotations.push({ type: 'sweep', description: `${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s` });
  console.log(`sweep other: ${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});
