// Cold start: from launching the kiosk runtime (what `npm run serve` runs) to the first
// paint of the home screen in Chromium. The browser is already running, as on a kiosk that
// starts Chromium at boot; each run is a new runtime process and a new browser context.
import { chromium } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumLaunchOptions } from '../support/chromium.js';
import { startKiosk } from '../support/kiosk-process.js';
import { report, summarise } from './support/report.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const browser = await chromium.launch(chromiumLaunchOptions());

async function once(dataDir: string): Promise<{ total: number; ready: number }> {
  const t0 = performance.now();
  const kiosk = await startKiosk({ dataDir });
  const ready = performance.now() - t0;
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(kiosk.url);
  await page.getByTestId('home').waitFor();
  // The frame after the home screen is in the DOM has been painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const total = performance.now() - t0;
  await context.close();
  await kiosk.stop();
  return { total, ready };
}

// First run on an empty data directory (creates the database, loads the sample content).
const first = await once(mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-')));
report(summarise('cold-start-first-run', 'ms', [first.total]));

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-'));
await once(dataDir); // create the database once
const totals: number[] = [];
const readies: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = await once(dataDir);
  totals.push(r.total);
  readies.push(r.ready);
}
report(summarise('cold-start-to-home-paint', 'ms', totals, { target_p50: 1500 }));
report(summarise('cold-start-to-runtime-ready', 'ms', readies));
await browser.close();
