// Enrolment by scanning at the kiosk, end to end (issue 12): a real township process prints
// the enrolment QR (`issue-token --qr`, a PNG), zbarimg reads the printout as a scanner would,
// and the payload goes through the kiosk's scanner (state-file fake) while a signed-in
// attendant has tapped "Enrol" on the settings screen. After the restart the settings screen
// asks for, the township link is connected and a villager's request reaches that township.
// Damaged, tampered and forged codes (checked with the township before anything is stored)
// get a clear message and change nothing.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { encodeEnrolment } from '../../src/protocol/enrolment.js';
import { startKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { readQrImage } from '../support/pdf-qr.js';
import { startTownshipProcess } from '../support/township-process.js';
import { rpc } from './support/rpc.js';
import { scanText, signInByBadge } from './support/badge.js';
import { expect, test } from './support/fixtures.js';

const BADGE = 'att-031';
const PIN = '7391';

function kioskEnv(stateFile: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KIOSK_SCANNER_MODE: 'state-file',
    KIOSK_SCANNER_STATE_FILE: stateFile,
    KIOSK_ATTENDANT_DEMO_BADGE: BADGE,
    KIOSK_ATTENDANT_DEMO_PIN: PIN,
    KIOSK_SYNC_INTERVAL_SECONDS: '5',
    KIOSK_RELAY_BACKOFF_BASE_SECONDS: '0.2',
    KIOSK_RELAY_BACKOFF_CAP_SECONDS: '1',
    ...extra,
  };
}

const scan = scanText;

async function signInToSettings(page: Page, stateFile: string): Promise<void> {
  await signInByBadge(page, stateFile, BADGE, PIN);
  await page.getByTestId('attendant-settings').tap();
  await expect(page.getByTestId('attendant-settings-screen')).toBeVisible();
}

/** Taps "Enrol", scans `text`, and waits for the settings screen's answer to that scan. */
async function enrolWith(page: Page, stateFile: string, text: string): Promise<{ ok: string | null; message: string }> {
  const result = page.getByTestId('settings-enrol-result');
  const before = (await result.count()) ? await result.textContent() : null;
  await page.getByTestId('settings-enrol').tap();
  await expect(page.getByTestId('settings-enrol')).toHaveAttribute('aria-pressed', 'true');
  await scan(stateFile, text);
  await expect(page.getByTestId('attendant-settings-screen')).toBeVisible();
  await expect(page.getByTestId('settings-enrol')).toHaveAttribute('aria-pressed', 'false', { timeout: 10_000 });
  await expect(result).toBeVisible();
  if (before !== null) await expect(result).not.toHaveText(before);
  return { ok: await result.getAttribute('data-ok'), message: (await result.textContent()) ?? '' };
}

function storedKeys(dataDir: string): string[] {
  const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true });
  try {
    return (db.prepare('SELECT key FROM kiosk_settings ORDER BY key').all() as Array<{ key: string }>).map((r) => r.key);
  } finally {
    db.close();
  }
}

test('the township prints an enrolment QR; scanned on the settings screen it enrols the kiosk, which connects and relays after the restart', async ({ browser }) => {
  const tw = await startTownshipProcess();
  const stateFile = path.join(os.tmpdir(), `kiosk-enrol-${process.pid}-${randomUUID()}.json`);
  writeFileSync(stateFile, JSON.stringify({ connected: true, pendingScans: [] }));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-enrol-'));
  let kiosk: KioskProcess = await startKiosk({ dataDir, env: kioskEnv(stateFile) });
  try {
    const qrFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'enrol-qr-')), 'kiosk.png');
    const token = await tw.issueEnrolmentQr('e2e-enrolled', qrFile);
    const codes = readQrImage(qrFile);
    expect(codes).toHaveLength(1);
    const payload = codes[0]!;
    expect(payload.startsWith('VKE1:')).toBe(true);

    const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(kiosk.url);
    await page.getByTestId('home').waitFor();
    await signInToSettings(page, stateFile);
    await expect(page.getByTestId('settings-enrolment')).toHaveText('尚未登记（终端编号 demo-kiosk，没有令牌）。');

    // Scanned without "Enrol" first: refused, with what to do.
    await scan(stateFile, payload);
    await expect(page.getByTestId('settings-enrol-result')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('settings-enrol-result')).toContainText('enrolment was not started');
    expect(storedKeys(dataDir)).toEqual([]);

    // Damaged and forged codes: a clear message each, and nothing stored.
    const forged = [
      { text: 'VKE1:!!!not-base64!!!', says: 'the enrolment code is damaged (not base64url)' },
      { text: 'VKE1:' + Buffer.from('{"kioskId": "x"').toString('base64url'), says: 'the enrolment code is damaged (not JSON)' },
      { text: 'VKE1:' + Buffer.from(JSON.stringify({ kioskId: 'e2e-enrolled', token, publicKey: 'not-a-key', url: tw.url })).toString('base64url'), says: 'the enrolment code is not valid: publicKey' },
      { text: 'VKE1:' + Buffer.from(JSON.stringify({ kioskId: 'e2e-enrolled', token, publicKey: tw.publicKey, url: tw.url, admin: true })).toString('base64url'), says: 'the enrolment code is not valid' },
      { text: 'VKE1:' + Buffer.from(JSON.stringify({ kioskId: 'e2e-enrolled', token, publicKey: tw.publicKey, url: 'javascript:alert(1)' })).toString('base64url'), says: 'the enrolment code is not valid: url an http(s) URL' },
      // well-formed, but not what this township issued: an invented token, another township's key
      { text: encodeEnrolment({ kioskId: 'e2e-enrolled', token: 'kt_forged_forged_forged_forged', publicKey: tw.publicKey, url: tw.url }), says: 'does not know this kiosk token' },
      { text: encodeEnrolment({ kioskId: 'e2e-enrolled', token, publicKey: 'B'.repeat(43) + '=', url: tw.url }), says: 'signs with another key than the code says' },
    ];
    for (const f of forged) {
      const r = await enrolWith(page, stateFile, f.text);
      expect(r.ok, f.text).toBe('false');
      expect(r.message).toContain('登记没有成功');
      expect(r.message).toContain(f.says);
      await expect(page.getByTestId('settings-enrolment')).toContainText('尚未登记');
      expect(storedKeys(dataDir), 'a refused code changes nothing').toEqual([]);
    }

    // The real printout.
    const done = await enrolWith(page, stateFile, payload);
    expect(done.ok).toBe('true');
    expect(done.message).toBe('登记成功：终端编号 e2e-enrolled。重新启动终端后连接乡镇。');
    await expect(page.getByTestId('settings-enrolment')).toHaveText('已登记，终端编号 e2e-enrolled。');
    await expect(page.getByTestId('settings-restart-needed')).toBeVisible();
    expect(storedKeys(dataDir)).toEqual(['kioskId', 'township.kioskToken', 'township.publicKey', 'township.url']);
    // The token is never shown or logged.
    expect(await page.locator('body').textContent()).not.toContain(token);

    // Restart as the screen says; the same page reconnects (its session survives).
    const port = kiosk.port;
    await kiosk.stop();
    kiosk = await startKiosk({ dataDir, env: kioskEnv(stateFile, { KIOSK_HTTP_PORT: String(port) }) });
    await page.reload();
    await expect(page.getByTestId('attendant-settings-screen')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('settings-restart-needed')).toHaveCount(0);
    await page.getByTestId('settings-back').tap();
    await expect(page.getByTestId('attendant')).toBeVisible();
    await expect(page.getByTestId('attendant-township-url')).toHaveText(tw.url);
    await expect(page.getByTestId('attendant-link')).toContainText('已连接', { timeout: 30_000 });
    expect(kiosk.output()).not.toContain(token);

    // A villager's request goes to that township, from this kiosk.
    const saved = await rpc<{ ok: boolean; id: string; code: string }>(page, 'requests.submit', {
      contact: { phone: '13912340031', name: null, householdId: null },
      payload: { type: 'general-help', topic: 'pension' },
      relatedId: null,
      submissionId: randomUUID(),
    });
    expect(saved.ok).toBe(true);
    await expect.poll(() => tw.requests().find((r) => r.code === saved.code)?.kioskId ?? null, { timeout: 30_000 }).toBe('e2e-enrolled');
    await context.close();
  } finally {
    await kiosk.stop();
    await tw.stop();
  }
});
