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
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { updateScannerStateFile } from '../../src/devices/scanner/state-file-source.js';
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
    // #/dev is served in production too: with ui.devPanel off it says so in plain words.
    byPath('devpanel-off', '/dev', 'devpanel-off'),
    {
      // "Are you still there?": a villager walked away mid-form. The page's clock is Playwright's
      // (installed before the page loaded), so the 90 s of stillness pass in one jump.
      name: 'idle-warning',
      open: async (p) => {
        await go(p, '/request/senior-subsidy', 'request-form');
        await p.getByTestId('choice-subsidy-injury-care').tap();
        const info = await rpc<{ idle: { warnAfterSeconds: number } }>(p, 'app.info', {});
        await p.clock.fastForward(info.idle.warnAfterSeconds * 1000 + 1000);
        await expect(p.getByTestId('idle-warning')).toBeVisible();
      },
      close: async (p) => {
        await p.getByTestId('idle-keep-using').tap();
        await expect(p.getByTestId('idle-warning')).toHaveCount(0);
      },
    },
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

const BADGE = 'att-sweep';
const PIN = '2580';

/** The attendant's screens, signed in once (badge scan + PIN taps) for the whole group. */
function attendantScreens(): ScreenDef[] {
  return [
    // A badge scanned again while signed in: the PIN prompt, two digits in.
    {
      name: 'attendant-pin-entry',
      open: async (p) => {
        await go(p, '/attendant/pin', 'attendant-pin');
        await p.getByTestId('pin-key-2').tap();
        await p.getByTestId('pin-key-5').tap();
        await expect(p.getByTestId('pin-dots')).toHaveText('●●');
      },
      close: async (p) => {
        await p.getByTestId('pin-delete').tap();
        await p.getByTestId('pin-delete').tap();
      },
    },
    {
      // The dashboard with what an attendant deals with: a villager's staff call, the queue
      // of requests waiting for the township, a receipt waiting for a reprint (its preview open).
      name: 'attendant-dashboard',
      open: async (p) => {
        await go(p, '/attendant', 'attendant');
        await expect(p.getByTestId('attendant-call-alert')).toBeVisible();
        await expect(p.getByTestId('attendant-sync')).toBeVisible();
        const preview = p.locator('[data-testid^="attendant-preview-"]').first();
        await preview.tap();
        await expect(preview).toHaveAttribute('aria-pressed', 'true');
        await expect(p.locator('[data-testid="attendant-reprints"] img, [data-testid="attendant-reprints"] svg').first()).toBeVisible();
      },
    },
    {
      name: 'attendant-settings',
      open: async (p) => {
        await go(p, '/attendant/settings', 'attendant-settings-screen');
        await expect(p.getByTestId('settings-enrolment')).toBeVisible();
      },
    },
    {
      // The hall name in Chinese on the on-screen keyboard: pinyin, with the candidate bar.
      name: 'attendant-settings-keyboard',
      open: async (p) => {
        await go(p, '/attendant/settings', 'attendant-settings-screen');
        await p.getByTestId('settings-hall-zh-keyboard-open').tap();
        if (await p.getByTestId('settings-hall-zh').inputValue()) await p.getByTestId('settings-hall-zh-keyboard-clear').tap();
        await p.getByTestId('settings-hall-zh-keyboard-key-x').tap();
        await p.getByTestId('settings-hall-zh-keyboard-key-x').tap();
        await expect(p.getByTestId('settings-hall-zh')).toHaveValue('xx');
        await expect(p.getByTestId('settings-hall-zh-candidate').first()).toBeVisible();
      },
      close: async (p) => {
        await p.getByTestId('settings-hall-zh-keyboard-done').tap();
        await expect(p.getByTestId('settings-hall-zh-keyboard')).toHaveCount(0);
      },
    },
    {
      name: 'assisted-chooser',
      open: async (p) => {
        await go(p, '/attendant', 'attendant');
        await p.getByTestId('attendant-assist').tap();
        await expect(p.getByTestId('request-chooser')).toBeVisible();
      },
    },
    {
      name: 'assisted-form',
      open: async (p) => {
        await go(p, '/request/general-help', 'request-form');
        await expect(p.getByTestId('assisted-note')).toBeVisible();
      },
      close: async (p) => {
        await p.getByTestId('assisted-stop').tap();
        await expect(p.getByTestId('attendant')).toBeVisible();
      },
    },
    // The developer panel with ui.devPanel on (the simulated scanner and printer).
    {
      name: 'devpanel',
      open: async (p) => {
        await go(p, '/dev', 'devpanel');
        await expect(p.getByTestId('devpanel-paper-out')).toBeVisible();
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

test('sweep: scan results, household, attendant PIN, the staff dialog, #/dev (off) and the idle warning on every panel, language, size and theme', async ({ kioskPage: page }, info) => {
  // Playwright's clock (it runs at normal speed), so the idle warning can be reached in one jump.
  await page.clock.install();
  await page.reload();
  await expect(page.getByTestId('home')).toBeVisible();
  const t0 = Date.now();
  const n = await sweep(page, otherScreens());
  info.annotations.push({ type: 'sweep', description: `${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s` });
  console.log(`sweep other: ${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});

test.describe('attendant signed in', () => {
  test.use({
    kioskOptions: async ({}, use) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-sweep-scanner-'));
      const stateFile = path.join(dir, 'scanner.json');
      writeFileSync(stateFile, JSON.stringify({ connected: true, pendingScans: [] }));
      await use({
        env: {
          KIOSK_SCANNER_MODE: 'state-file',
          KIOSK_SCANNER_STATE_FILE: stateFile,
          KIOSK_ATTENDANT_DEMO_BADGE: BADGE,
          KIOSK_ATTENDANT_DEMO_PIN: PIN,
          // The group takes longer than the 2-minute sign-out; taps only come between combinations.
          KIOSK_ATTENDANT_IDLE_SECONDS: '3600',
          KIOSK_DEV_PANEL: '1',
          KIOSK_PRINTER_SINK: 'state-file',
        },
      });
      rmSync(dir, { recursive: true, force: true });
    },
  });

  test('sweep: attendant PIN entry, dashboard (staff call, queue, reprint), kiosk settings, assisted filing and #/dev on every panel, language, size and theme', async ({ kioskOptions, kioskPage: page }, info) => {
    const stateFile = kioskOptions.env!.KIOSK_SCANNER_STATE_FILE!;
    const scan = (text: string) => updateScannerStateFile(stateFile, { connected: true, add: [{ id: randomUUID(), text }] });
    // What the dashboard lists: a request in the township queue (no township is set up, so it
    // waits), its receipt failed for want of paper (a reprint waits), and a villager's staff call.
    const saved = await rpc<{ ok: boolean; id: string }>(page, 'requests.submit', {
      contact: { phone: '13912340021', name: null, householdId: null },
      payload: { type: 'general-help', topic: 'pension' },
      relatedId: null,
    });
    expect(saved.ok).toBe(true);
    await rpc(page, 'dev.printer.setState', { paperOut: true });
    const printed = await rpc<{ ok: boolean }>(page, 'printer.printReceipt', { requestId: saved.id });
    expect(printed.ok).toBe(false);
    await go(page, '/jobs', 'job-list');
    await page.getByTestId('call-staff').tap();
    await expect(page.getByTestId('staff-dialog')).toBeVisible();
    await page.getByTestId('staff-dialog').getByRole('button').tap();
    // Sign in as an attendant does: badge scan, PIN on the on-screen keypad.
    await scan(`VKB:${BADGE}`);
    await expect(page.getByTestId('attendant-pin')).toBeVisible();
    for (const d of PIN) await page.getByTestId(`pin-key-${d}`).tap();
    await page.getByTestId('pin-ok').tap();
    await expect(page.getByTestId('attendant')).toBeVisible();
    // The badge scanned again while signed in: the PIN prompt stays reachable for its check.
    await scan(`VKB:${BADGE}`);
    await expect(page.getByTestId('attendant-pin')).toBeVisible();
    const t0 = Date.now();
    const n = await sweep(page, attendantScreens());
    info.annotations.push({ type: 'sweep', description: `${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s` });
    console.log(`sweep attendant: ${n} checks in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  });
});
