// Where the e2e suite's processes keep their logs, so that after the suite one check can read
// every log it produced (tests/e2e/support/log-scan.ts, the Playwright globalTeardown).
// The registry is a file named by KIOSK_E2E_LOG_REGISTRY (set by the globalSetup); outside
// Playwright the variable is unset and nothing is recorded.
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOG_REGISTRY_ENV = 'KIOSK_E2E_LOG_REGISTRY';

/** Remembers a data directory whose logs/ (and process output) the final scan reads. */
export function registerLogDir(dataDir: string): void {
  const file = process.env[LOG_REGISTRY_ENV];
  if (!file) return;
  try {
    appendFileSync(file, dataDir + '\n');
  } catch {
    /* the registry is a test aid; never fail a test for it */
  }
}

/** Keeps what a child process printed (stderr echoes of warnings) beside its logs. */
export function saveProcessOutput(dataDir: string, name: string, text: string): void {
  if (!process.env[LOG_REGISTRY_ENV]) return;
  try {
    writeFileSync(path.join(dataDir, `${name}.output.log`), text);
  } catch {
    /* data dir removed by the test */
  }
}
