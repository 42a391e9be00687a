// launchChromium (src/cli/launch.ts) against small shell scripts standing in for Chromium:
// the reason it gives when Chromium exits at once, even when the process exits before its
// error line has been read (which a busy machine makes common).
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { launchChromium } from '#src/cli/launch.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-launch-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function script(name: string, body: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, `#!/bin/sh\n${body}\n`);
  chmodSync(f, 0o755);
  return f;
}

test('an error line written after the process has exited is still the reason', async () => {
  // The subshell keeps stderr open and writes 300 ms after the script itself exited with 1.
  const f = script('late', `(sleep 0.3; echo '[1:1:0101/000000.000:ERROR:ozone_platform_x11.cc(240)] Missing X server or $DISPLAY' >&2) &\nexit 1`);
  const r = await launchChromium(f, [], 3000);
  assert.deepEqual(r, { started: false, reason: 'it exited at once with code 1: Missing X server or $DISPLAY' });
});

test('an exit with nothing on stderr is reported with its code alone', async () => {
  const r = await launchChromium(script('silent', 'exit 3'), [], 3000);
  assert.deepEqual(r, { started: false, reason: 'it exited at once with code 3' });
});

test('a child that keeps stderr open does not hold the answer back beyond 500 ms', async () => {
  const f = script('holder', `(sleep 5) &\necho 'fatal: no GPU' >&2\nexit 1`);
  const t0 = Date.now();
  const r = await launchChromium(f, [], 3000);
  assert.equal(r.started, false);
  assert.match((r as { reason: string }).reason, /^it exited at once with code 1: fatal: no GPU$/);
  assert.ok(Date.now() - t0 < 2500, `answered in ${Date.now() - t0} ms`);
});

test('a process still running after the grace time has started, and stop ends it', async () => {
  const r = await launchChromium(script('runs', 'exec sleep 30'), [], 300);
  assert.equal(r.started, true);
  if (!r.started) return;
  const code = new Promise<number | null>((resolve) => r.onExit(resolve));
  r.stop();
  assert.equal(await code, null);
});
