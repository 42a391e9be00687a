// Playwright globalTeardown: after the whole e2e run, every log the suite's kiosks and
// townships wrote is read; one phone number, card, payment code, PIN or token fails the run.
import { existsSync, readFileSync } from 'node:fs';
import { LOG_REGISTRY_ENV } from '../../support/log-registry.js';
import { scanLogDirs } from './log-scan.js';

export default function globalTeardown(): void {
  const file = process.env[LOG_REGISTRY_ENV];
  if (!file || !existsSync(file)) throw new Error('log scan: the log registry is missing; globalSetup did not run');
  const dirs = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const { files, lines, findings } = scanLogDirs(dirs);
  console.log(`log scan: ${dirs.length} data directories, ${files} log files, ${lines} lines, ${findings.length} secrets found`);
  if (findings.length) {
    const shown = findings.slice(0, 20).map((f) => `  ${f.file}:${f.line} ${f.rule}: …${f.excerpt}…`);
    throw new Error(`log scan: the e2e suite's logs contain personal data or secrets:\n${shown.join('\n')}`);
  }
}
