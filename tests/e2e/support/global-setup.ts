// Playwright globalSetup: a fresh log registry for this run (tests/support/log-registry.ts).
// Workers inherit process.env set here.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOG_REGISTRY_ENV } from '../../support/log-registry.js';

export default function globalSetup(): void {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-logs-')), 'data-dirs.txt');
  writeFileSync(file, '');
  process.env[LOG_REGISTRY_ENV] = file;
}
