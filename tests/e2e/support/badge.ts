// The hall scanner in e2e: scans go through the state-file scanner the kiosk under test reads,
// and an attendant signs in the way a real one does, badge scan then PIN taps.
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { updateScannerStateFile } from '#src/devices/scanner/state-file-source.js';
import { expect } from './fixtures.js';

/** One scan of `text` on the kiosk whose scanner state file is `stateFile`. */
export async function scanText(stateFile: string, text: string): Promise<void> {
  await updateScannerStateFile(stateFile, { connected: true, add: [{ id: randomUUID(), text }] });
}

/** Badge scan, PIN on the keypad, and the attendant screen is open. */
export async function signInByBadge(page: Page, stateFile: string, badge: string, pin: string): Promise<void> {
  await scanText(stateFile, `VKB:${badge}`);
  await expect(page.getByTestId('attendant-pin')).toBeVisible();
  for (const d of pin) await page.getByTestId(`pin-key-${d}`).tap();
  await page.getByTestId('pin-ok').tap();
  await expect(page.getByTestId('attendant')).toBeVisible();
}
