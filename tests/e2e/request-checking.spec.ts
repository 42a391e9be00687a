// A submit whose answer is lost (issue 8 item 1): the screen says it is checking, asks the
// runtime about the same submission id, and only then shows "saved" (with the code the lost
// answer carried, one request in the database) or, when the runtime is certain, "not saved".
// The connection is cut by Playwright's router, in real Chromium, against the built kiosk.
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { applySettings, checkScreen, foreignText } from './support/checks.js';
import { test, expect } from './support/fixtures.js';

function kioskRequests(dataDir: string): Array<{ code: string; submission_id: string | null }> {
  const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT code, submission_id FROM requests ORDER BY kiosk_seq').all() as Array<{ code: string; submission_id: string | null }>;
  } finally {
    db.close();
  }
}

async function fillGeneralHelp(page: Page): Promise<void> {
  await page.evaluate(() => (window.location.hash = '/request/general-help'));
  await page.getByTestId('choice-topic-pension').tap();
  for (const d of '13800138000') await page.getByTestId(`phone-keypad-key-${d}`).tap();
  await page.getByTestId('phone-next').tap();
  await expect(page.getByTestId('request-confirm')).toBeVisible();
}

/** Holds the first lookup until `release` is called, so the checking screen can be seen. */
function gate(): { wait: Promise<void>; release: () => void } {
  let release!: () => void;
  const wait = new Promise<void>((r) => (release = r));
  return { wait, release };
}

test('the save went through but its answer was lost: "checking", then "saved" with the same request', async ({ kioskPage: page, kiosk }) => {
  let submits = 0;
  const lookups: string[] = [];
  const held = gate();
  await page.route('**/rpc/requests.submit', async (route) => {
    submits++;
    const body = JSON.parse(route.request().postData()!) as { submissionId?: string };
    expect(body.submissionId).toMatch(/^[0-9a-f-]{36}$/);
    await route.fetch(); // the runtime saves it ...
    await route.abort('connectionreset'); // ... and the answer never reaches the screen
  });
  await page.route('**/rpc/requests.lookupSubmission', async (route) => {
    lookups.push((JSON.parse(route.request().postData()!) as { submissionId: string }).submissionId);
    await held.wait;
    await route.continue();
  });
  await fillGeneralHelp(page);
  await page.getByTestId('confirm-submit').tap();
  await expect(page.getByTestId('request-checking')).toBeVisible();
  expect(kioskRequests(kiosk.dataDir)).toHaveLength(1);
  await applySettings(page, 'zh-CN', 'normal', 'standard');
  await checkScreen(page, 'request-checking', { lang: 'zh-CN', size: 'normal', theme: 'standard' });
  await applySettings(page, 'en', 'largest', 'contrast');
  await expect(page.getByTestId('request-checking')).toContainText('Checking whether your request was saved');
  expect(await foreignText(page, 'en')).toEqual([]);
  await checkScreen(page, 'request-checking', { lang: 'en', size: 'largest', theme: 'contrast' });
  held.release();
  await expect(page.getByTestId('request-saved')).toBeVisible();
  const rows = kioskRequests(kiosk.dataDir);
  expect(rows).toHaveLength(1);
  await expect(page.getByTestId('saved-code')).toHaveText(rows[0]!.code);
  expect(submits).toBe(1);
  expect(lookups[0]).toBe(rows[0]!.submission_id);
});

test('the submit never reached the runtime: "checking", then "not saved"; trying again saves exactly one request', async ({ kioskPage: page, kiosk }) => {
  let cut = true;
  const held = gate();
  await page.route('**/rpc/requests.submit', async (route) => {
    if (cut) {
      cut = false;
      await route.abort('connectionreset');
    } else await route.continue();
  });
  await page.route('**/rpc/requests.lookupSubmission', async (route) => {
    await held.wait;
    await route.continue();
  });
  await fillGeneralHelp(page);
  await page.getByTestId('confirm-submit').tap();
  await expect(page.getByTestId('request-checking')).toBeVisible();
  held.release();
  await expect(page.getByTestId('request-not-saved')).toBeVisible();
  await expect(page.getByTestId('request-not-saved')).toContainText('机器确认过了');
  expect(kioskRequests(kiosk.dataDir)).toHaveLength(0);
  await page.getByTestId('not-saved-retry').tap();
  await expect(page.getByTestId('request-confirm')).toBeVisible();
  await page.getByTestId('confirm-submit').tap();
  await expect(page.getByTestId('request-saved')).toBeVisible();
  expect(kioskRequests(kiosk.dataDir)).toHaveLength(1);
});
