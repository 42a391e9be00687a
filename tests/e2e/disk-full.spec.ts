// The disk is full when a villager presses "submit": the screen must say plainly that the
// request was NOT saved and to ask staff, never show a code; what was queued before stays
// intact; once staff free space, "try again" saves it. The kiosk's data directory is on a
// small tmpfs (needs root, as on CI; skipped elsewhere).
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import path from 'node:path';
import { createClient } from '../../src/contract/client.js';
import { CODE_PATTERN } from '../../src/protocol/relay.js';
import { startKiosk, type KioskProcess } from '../support/kiosk-process.js';
import { sessionToken, typicalRequest } from '../support/relay-harness.js';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.js';
import { checkScreen, foreignText, applySettings, type Lang } from './support/checks.js';
import { test, expect } from './support/fixtures.js';

const TEXT: Record<Lang, { title: string; full: string; askStaff: string }> = {
  'zh-CN': { title: '没有保存成功', full: '存储满了', askStaff: '工作人员' },
  en: { title: 'Not saved', full: 'storage is full', askStaff: 'staff' },
};

async function fileGeneralHelp(page: Page, phone: string): Promise<void> {
  await page.getByTestId('tile-request').tap();
  await page.getByTestId('request-type-general-help').tap();
  await page.getByTestId('choice-topic-pension').tap();
  for (const d of phone) await page.getByTestId(`phone-keypad-key-${d}`).tap();
  await page.getByTestId('phone-next').tap();
  await expect(page.getByTestId('request-confirm')).toBeVisible();
  await page.getByTestId('confirm-submit').tap();
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`disk full at submit: "not saved, ask staff" and no code (${lang}); after freeing space it saves`, async ({ browser }) => {
    const disk = mountSmallDisk(24 * 1024 * 1024);
    test.skip('unavailable' in disk, 'unavailable' in disk ? disk.unavailable : '');
    const d = disk as SmallDisk;
    let kiosk: KioskProcess | null = null;
    try {
      const dataDir = path.join(d.dir, 'data');
      kiosk = await startKiosk({ dataDir, env: { KIOSK_LOG_LEVEL: 'warn' } });
      const client = createClient({ baseUrl: kiosk.url, token: await sessionToken(kiosk.url) });
      // Requests queued before the disk fills (no township configured: they stay queued).
      const queued = [];
      for (let i = 0; i < 3; i++) {
        const r = await client.call('requests.submit', typicalRequest(i, `queued-${i}`));
        expect(r.ok).toBe(true);
        if (r.ok) queued.push(r.id);
      }

      const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: lang });
      const page = await context.newPage();
      await page.goto(kiosk.url);
      await page.getByTestId('home').waitFor();
      await applySettings(page, lang, 'normal', 'standard');

      // Fill the disk, and use up whatever room SQLite already holds, until a submit is refused.
      d.fill();
      let refused = false;
      for (let i = 0; i < 200 && !refused; i++) refused = !(await client.call('requests.submit', typicalRequest(i, `fill-${i}`))).ok;
      expect(refused, 'the kiosk refuses submissions on a full disk').toBe(true);

      await fileGeneralHelp(page, '13912345678');
      const problem = page.getByTestId('request-not-saved');
      await expect(problem).toBeVisible();
      await expect(problem).toContainText(TEXT[lang].title);
      await expect(problem).toContainText(TEXT[lang].full);
      await expect(problem).toContainText(TEXT[lang].askStaff);
      expect(page.url()).not.toContain('/request/saved/');
      await expect(page.locator('body')).not.toContainText(/[34679ACDEFGHJKMNPQRTWXY]{4}-[34679ACDEFGHJKMNPQRTWXY]{4}/);
      await expect(page.getByTestId('call-staff')).toBeVisible();
      // Every screen now says "storage problem, ask staff" (storageStatus event, issue 8 item 2).
      await expect(page.getByTestId('storage-problem')).toBeVisible();
      await expect(page.getByTestId('storage-problem')).toContainText(TEXT[lang].askStaff);
      await checkScreen(page, `disk-full-not-saved`, { lang, size: 'normal', theme: 'standard' });
      expect(await foreignText(page, lang)).toEqual([]);

      // Nothing saved for that villager; the queued requests are intact.
      const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect((db.prepare("SELECT COUNT(*) AS n FROM requests WHERE phone = '13912345678' AND type = 'general-help' AND name IS NULL").get() as { n: number }).n).toBe(0);
        for (const id of queued) expect((db.prepare("SELECT o.state FROM outbox o WHERE o.request_id = ?").get(id) as { state: string }).state).toBe('queued');
      } finally {
        db.close();
      }

      // Staff free space; "try again" saves it and shows the code.
      d.free();
      await page.getByTestId('not-saved-retry').tap();
      await expect(page.getByTestId('request-confirm')).toBeVisible();
      await page.getByTestId('confirm-submit').tap();
      await expect(page).toHaveURL(/#\/request\/saved\//);
      await expect(page.getByTestId('storage-problem')).toHaveCount(0);
      await expect(page.locator('body')).toContainText(new RegExp(CODE_PATTERN.source.slice(1, -1)));
      await context.close();
    } finally {
      await kiosk?.stop();
      d.unmount();
    }
  });
}
