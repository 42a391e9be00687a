// Settings the attendant saves reach the running screen at once, with no reload (issue 12):
// the hall name and the default text size show on the home screen in the same document; and
// the one default volume (ui.defaultVolume) set on the settings screen drives the read-aloud
// audio element, the volume control's starting step and the scan tones, for the next villager
// after the idle wipe too. Built runtime, real Chromium, scans through the state-file scanner.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startKiosk } from '../support/kiosk-process.js';
import { scanText, signInByBadge } from './support/badge.js';
import { expect, test } from './support/fixtures.js';

const BADGE = 'att-021';
const PIN = '4826';

function scannerFile(): string {
  const f = path.join(os.tmpdir(), `kiosk-settings-live-${process.pid}-${randomUUID()}.json`);
  writeFileSync(f, JSON.stringify({ connected: true, pendingScans: [] }));
  return f;
}

const kioskEnv = (stateFile: string): Record<string, string> => ({
  KIOSK_SCANNER_MODE: 'state-file',
  KIOSK_SCANNER_STATE_FILE: stateFile,
  KIOSK_ATTENDANT_DEMO_BADGE: BADGE,
  KIOSK_ATTENDANT_DEMO_PIN: PIN,
  KIOSK_SPEECH_ENGINE: 'memory',
});

/**
 * A page whose scan tones are recorded: every peak gain a tone ramps to (WebAudio), and a
 * marker on `window` that only a reload or a navigation to another document would remove.
 */
async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  await context.addInitScript(() => {
    const w = window as unknown as { __toneGains: number[] };
    w.__toneGains = [];
    const proto = AudioParam.prototype;
    const ramp = Object.getOwnPropertyDescriptor(proto, 'exponentialRampToValueAtTime')!.value as (this: AudioParam, value: number, endTime: number) => AudioParam;
    proto.exponentialRampToValueAtTime = function (this: AudioParam, value: number, endTime: number) {
      if (value > 0.00015) w.__toneGains.push(value); // the peak, not the fade to silence
      return ramp.call(this, value, endTime);
    };
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('home').waitFor();
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  return page;
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
const toneGains = (page: Page) => page.evaluate(() => (window as unknown as { __toneGains: number[] }).__toneGains.slice());

const scan = scanText;

async function signInToSettings(page: Page, stateFile: string): Promise<void> {
  await signInByBadge(page, stateFile, BADGE, PIN);
  await page.getByTestId('attendant-settings').tap();
  await expect(page.getByTestId('attendant-settings-screen')).toBeVisible();
}

async function lockToHome(page: Page): Promise<void> {
  await page.getByTestId('settings-back').tap();
  await expect(page.getByTestId('attendant')).toBeVisible();
  await page.getByTestId('attendant-lock').tap();
  await expect(page.getByTestId('home')).toBeVisible();
}

/** Taps Read aloud and resolves with the <audio> element's volume once it is playing. */
async function readAloudVolume(page: Page): Promise<number> {
  await expect(page.getByTestId('read-aloud-bar')).toHaveAttribute('data-engine', 'runtime');
  const playing = page.getByTestId('speech-audio').evaluate((a: HTMLAudioElement) => new Promise<number>((resolve) => a.addEventListener('playing', () => resolve(a.volume), { once: true })));
  await page.getByTestId('read-aloud').tap();
  const volume = await playing;
  // Stop it (the memory engine's short clips may already have ended and taken the button away).
  await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="read-aloud-stop"]')?.click());
  await expect(page.getByTestId('read-aloud')).toBeVisible();
  return volume;
}

test('a saved hall name and default text size show on the home screen at once, with no reload', async ({ browser }) => {
  const stateFile = scannerFile();
  const kiosk = await startKiosk({ env: kioskEnv(stateFile) });
  try {
    const page = await openPage(browser, kiosk.url);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-text-size', 'normal');
    await expect(page.locator('header')).not.toContainText('石桥镇便民服务大厅');
    await signInToSettings(page, stateFile);
    await expect(page.getByTestId('settings-reload'), 'no "reload the screen" button any more').toHaveCount(0);

    await page.getByTestId('settings-hall-zh').fill('石桥镇便民服务大厅');
    await page.getByTestId('settings-hall-en').fill('Shiqiao Service Hall');
    await page.getByTestId('settings-hall-save').tap();
    await expect(page.getByTestId('settings-note')).toHaveAttribute('data-kind', 'saved');
    await expect(page.getByTestId('settings-note')).toHaveText('已保存，屏幕已经用上新的设置。');
    // already in the header of the screen the attendant is on
    await expect(page.locator('header')).toContainText('石桥镇便民服务大厅');
    await page.getByTestId('settings-text-large').tap();
    await expect(page.getByTestId('settings-text-large')).toHaveAttribute('aria-pressed', 'true');
    await expect(html).toHaveAttribute('data-text-size', 'large');

    await lockToHome(page);
    await expect(page.locator('header')).toContainText('石桥镇便民服务大厅');
    await expect(html).toHaveAttribute('data-text-size', 'large');
    expect(await sameDocument(page), 'the page was not reloaded or navigated away').toBe(true);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);

    // a villager who picks their own size keeps it; the next one starts at the new default
    await page.getByTestId('open-settings').tap();
    await page.getByTestId('text-size-largest').tap();
    await expect(html).toHaveAttribute('data-text-size', 'largest');
    await page.getByTestId('settings-done').tap();
    await page.clock.install();
    await page.clock.runFor(130_000);
    await expect(html).toHaveAttribute('data-text-size', 'large');
    expect(await sameDocument(page)).toBe(true);
    await page.context().close();
  } finally {
    await kiosk.stop();
  }
});

test('the one default volume set on the settings screen drives read-aloud, the volume control and the tones, also after the idle wipe', async ({ browser }) => {
  const stateFile = scannerFile();
  const kiosk = await startKiosk({ env: kioskEnv(stateFile) });
  try {
    const page = await openPage(browser, kiosk.url);
    // the hall default before: step 3 (read-aloud 0.5), and the badge's tone at that level
    await expect(page.getByTestId('volume-control')).toHaveAttribute('data-step', '3');
    await signInToSettings(page, stateFile);
    await expect.poll(() => toneGains(page)).toContain(0.35 * 0.5);
    await expect(page.getByTestId('settings-volume')).toHaveAttribute('data-step', '3');
    await expect(page.getByTestId('settings-volume-3')).toHaveAttribute('aria-pressed', 'true');

    await page.getByTestId('settings-volume-1').tap();
    await expect(page.getByTestId('settings-note')).toHaveAttribute('data-kind', 'saved');
    await expect(page.getByTestId('settings-volume')).toHaveAttribute('data-step', '1');
    await expect(page.getByTestId('settings-volume-1')).toHaveAttribute('aria-pressed', 'true');
    await lockToHome(page);

    // the villager at the screen now: starts at step 1, read aloud at 0.125, tones at that level
    await expect(page.getByTestId('volume-control')).toHaveAttribute('data-step', '1');
    expect(await readAloudVolume(page)).toBe(0.125);
    const before = (await toneGains(page)).length;
    await scan(stateFile, 'not-a-kiosk-code-1');
    await expect.poll(async () => (await toneGains(page)).slice(before)).toEqual([0.35 * 0.125, 0.35 * 0.125]);
    await page.evaluate(() => (window.location.hash = '/'));
    await expect(page.getByTestId('home')).toBeVisible();

    // they turn it up, then walk away: the idle wipe puts the one default back
    await page.getByTestId('volume-4').tap();
    await expect(page.getByTestId('volume-control')).toHaveAttribute('data-step', '4');
    expect(await readAloudVolume(page)).toBe(1);
    await page.clock.install();
    await page.clock.runFor(130_000);
    await expect(page.getByTestId('home')).toBeVisible();
    await expect(page.getByTestId('volume-control')).toHaveAttribute('data-step', '1');
    // the next villager's read-aloud element (a new one: the wipe remounts the session) is set to it
    await expect.poll(() => page.getByTestId('speech-audio').evaluate((a: HTMLAudioElement) => a.volume)).toBe(0.125);
    const after = (await toneGains(page)).length;
    await scan(stateFile, 'not-a-kiosk-code-2');
    await expect.poll(async () => (await toneGains(page)).slice(after)).toEqual([0.35 * 0.125, 0.35 * 0.125]);
    expect(await sameDocument(page)).toBe(true);
    await page.context().close();
  } finally {
    await kiosk.stop();
  }
});
