// `npm run kiosk-url` (the built script): prints a fresh one-time launch link for the kiosk
// running on the same data directory, and says clearly when none runs there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '#src/config/load.js';
import { startRuntime } from '#src/runtime.js';
import { repoRoot } from '../../support/kiosk-process.js';

const run = (dataDir: string) => spawnSync(process.execPath, [path.join(repoRoot, 'dist/src/cli/kiosk-url.js')], { env: { ...process.env, KIOSK_CONFIG: '', KIOSK_DATA_DIR: dataDir }, encoding: 'utf8' });

test('prints a launch link that works once; a second run prints another', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-url-'));
  const rt = await startRuntime(loadConfig({ env: { KIOSK_DATA_DIR: dataDir, KIOSK_HTTP_PORT: '0' } }));
  try {
    const a = run(dataDir);
    const b = run(dataDir);
    assert.equal(a.status, 0, a.stderr);
    const link = a.stdout.trim();
    assert.ok(link.startsWith(`${rt.url}?launch=`), link);
    assert.notEqual(b.stdout.trim(), link);
    assert.match(a.stderr, /one-time link/);
    assert.equal((await fetch(link, { redirect: 'manual' })).status, 303);
    assert.equal((await fetch(link, { redirect: 'manual' })).status, 403);
    assert.equal((await fetch(b.stdout.trim(), { redirect: 'manual' })).status, 303);
  } finally {
    await rt.stop();
  }
  // Stopped: no launch file, a clear message and exit code 1.
  const none = run(dataDir);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /No kiosk is running on/);
  rmSync(dataDir, { recursive: true, force: true });
});
