// Done-when of issue 10: a villager finds the subsidy for an injured parent by pinyin on the
// on-screen keyboard, hears it read aloud with the official's phone number in single digits,
// and files the request, by taps only, never touching a physical keyboard: in both
// languages, on all three panels. Every key press below is a tap on the kiosk's own keyboard;
// page.keyboard is never used, and the test fails if anything in the page receives a
// physical key event. Read-aloud is Debian's espeak-ng through the runtime: the audio played
// is a real WAV with sound in it, the part being read is highlighted while it plays, and the
// runtime's answer for the phone says what the audio says (spoken: the text handed to espeak-ng).
import type { Page, Response } from '@playwright/test';
import { CODE_PATTERN } from '../../src/protocol/relay.js';
import { parseWav, wavRms } from '../../src/speech/wav.js';
import { applySettings } from './support/checks.js';
import { test, expect } from './support/fixtures.js';
import { rpc } from './support/rpc.js';
import { PANELS } from './support/sweep.js';

test.use({ kioskOptions: { env: { KIOSK_SPEECH_ENGINE: 'espeak-ng' } } });

const RMS_FLOOR = 0.03;
/** Each digit as the Chinese voice is handed it (pinyin with the tone number): 1 is yao1. */
const PINYIN_DIGITS: Record<string, string> = { '0': 'ling2', '1': 'yao1', '2': 'er4', '3': 'san1', '4': 'si4', '5': 'wu3', '6': 'liu4', '7': 'qi1', '8': 'ba1', '9': 'jiu3' };

interface Spoken {
  text: string;
  lang: string;
  ok: boolean;
  audio: string;
  spoken: string;
}

/** Every speech.speak answer from now on: the text asked for and what the runtime says it read. */
function catchSpeech(page: Page): Spoken[] {
  const list: Spoken[] = [];
  page.on('response', (res: Response) => {
    if (!res.url().endsWith('/rpc/speech.speak')) return;
    const { text, lang } = JSON.parse(res.request().postData() ?? '{}') as { text: string; lang: string };
    void res.json().then(
      (b: { ok: boolean; audio?: string; spoken?: string }) => list.push({ text, lang, ok: b.ok, audio: b.audio ?? '', spoken: b.spoken ?? '' }),
      () => {},
    );
  });
  return list;
}

/** A real WAV with sound in it, at least this long. */
function checkWav(dataUrl: string, minMs: number): number {
  expect(dataUrl.startsWith('data:audio/wav;base64,')).toBe(true);
  const wav = Buffer.from(dataUrl.replace(/^data:audio\/wav;base64,/, ''), 'base64');
  expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
  const p = parseWav(wav);
  expect(p.ok).toBe(true);
  if (!p.ok) throw new Error('not a WAV');
  expect(p.info.durationMs).toBeGreaterThan(minMs);
  expect(wavRms(wav, p.info)).toBeGreaterThan(RMS_FLOOR);
  return p.info.durationMs;
}


async function tapKeys(page: Page, box: string, letters: string): Promise<void> {
  for (const k of letters) await page.getByTestId(`${box}-keyboard-key-${k === ' ' ? 'space' : k}`).tap();
}

for (const panel of PANELS) {
  for (const lang of ['zh-CN', 'en'] as const) {
    test(`${panel.name} ${panel.width}x${panel.height}, ${lang}: find the injury-care subsidy by pinyin and file the request by taps only`, async ({ kioskPage: page }) => {
      await page.setViewportSize({ width: panel.width, height: panel.height });
      // From the start: a screen asks for its first sentence as it opens, before any tap.
      const heard = catchSpeech(page);
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

      // Read aloud, by a tap. The first clip plays at normal speed: it is a runtime answer (a
      // WAV with sound) and the part being read is highlighted while it plays.
      const id = decodeURIComponent(/#\/policies\/([^?]+)/.exec(page.url())![1]!);
      const { policy } = await rpc<{ policy: { official: { phone: string } } }>(page, 'content.policy', { id });
      const phone = policy.official.phone;
      const grouped = (await page.getByTestId('policy-official-phone').locator('[data-speak]').innerText()).trim();
      expect(grouped.replace(/\s/g, '')).toBe(phone);
      await expect(page.getByTestId('read-aloud-bar')).toHaveAttribute('data-engine', 'runtime');
      const audio = page.getByTestId('speech-audio');
      const firstPlaying = audio.evaluate(
        (a: HTMLAudioElement) =>
          new Promise<string>((resolve) => {
            a.addEventListener('playing', () => resolve(a.src), { once: true });
            // After the first clip, the rest play at 16x: the order and the phone are what is checked.
            a.addEventListener('ended', () => a.addEventListener('play', () => (a.playbackRate = 16)), { once: true });
          }),
      );
      await page.getByTestId('read-aloud').tap();
      const src = await firstPlaying;
      await expect(page.locator('main [data-speech-reading]')).toHaveCount(1);
      await expect(page.locator('main [data-speech-reading]')).toBeVisible();
      await expect(page.getByTestId('read-aloud-stop')).toBeVisible();
      await expect.poll(() => heard.some((h) => h.audio === src), { message: 'the audio played is a speech.speak answer' }).toBe(true);
      const first = heard.find((h) => h.audio === src)!;
      expect(first.lang).toBe(lang);
      checkWav(src, 150);

      // Read on to the official: the phone is highlighted while it plays, and the runtime read
      // it digit by digit (Chinese: 1 as yao1, the voice's 幺; English: one digit at a time).
      await expect(page.getByTestId('policy-official').locator('[data-speech-reading]')).toBeVisible({ timeout: 90_000 });
      await expect.poll(() => heard.some((h) => h.text.includes(grouped)), { timeout: 30_000, message: 'the phone was read' }).toBe(true);
      const said = heard.find((h) => h.text.includes(grouped))!;
      expect(said.ok).toBe(true);
      expect(said.lang).toBe(lang);
      const digits = [...phone];
      console.log(`${panel.name} ${lang}: "${said.text}" was read as "${said.spoken}"`);
      if (lang === 'zh-CN') {
        const asDigits = new RegExp(digits.map((d) => PINYIN_DIGITS[d]).join('[\\s,，.。]*'));
        expect(said.spoken, `"${said.text}" read as`).toMatch(asDigits);
        if (phone.includes('1')) expect(said.spoken).toContain('yao1');
        const words = await rpc<{ text: string }>(page, 'speech.spokenText', { text: grouped, lang });
        if (phone.includes('1')) expect(words.text).toContain('幺');
      } else {
        expect(said.spoken, `"${said.text}" read as`).toMatch(new RegExp(`(^|\\D)${digits.join('[\\s,]+')}(\\D|$)`));
      }
      checkWav(said.audio, digits.length * 150);
      // Read to the end: the button is back and nothing stays highlighted.
      await expect(page.getByTestId('read-aloud')).toBeVisible({ timeout: 60_000 });
      await expect(page.locator('[data-speech-reading]')).toHaveCount(0);

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
