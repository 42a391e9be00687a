// Auto-start and relaunch, shipped in resources/: the systemd user unit the .deb installs
// (checked by this machine's systemd-analyze when present), the Windows scheduled task the
// NSIS installer adds, the electron-builder wiring, and the shell's own crash-loop back-off.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { nextStart, readRelaunchState, waitOutCrashLoop } from '#main/relaunch-backoff.js';
import { repoRoot } from '../../support/kiosk-process.js';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const UNIT = path.join(repoRoot, 'resources/linux/village-kiosk.service');

function unitKeys(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  let section = '';
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const s = /^\[(.+)\]$/.exec(t);
    if (s) section = s[1]!;
    else {
      const i = t.indexOf('=');
      const k = `${section}.${t.slice(0, i)}`;
      keys.set(k, [...(keys.get(k) ?? []), t.slice(i + 1)]);
    }
  }
  return keys;
}

test('the systemd user unit starts with the graphical session, always restarts with back-off, never gives up', () => {
  const k = unitKeys(readFileSync(UNIT, 'utf8'));
  assert.deepEqual(k.get('Service.ExecStart'), ['/usr/bin/village-kiosk']);
  assert.deepEqual(k.get('Service.Restart'), ['always']);
  assert.deepEqual(k.get('Service.RestartSec'), ['2s']);
  assert.deepEqual(k.get('Service.RestartSteps'), ['6']);
  assert.deepEqual(k.get('Service.RestartMaxDelaySec'), ['60s']);
  assert.deepEqual(k.get('Unit.StartLimitIntervalSec'), ['0']);
  assert.deepEqual(k.get('Install.WantedBy'), ['graphical-session.target']);
  assert.deepEqual(k.get('Unit.PartOf'), ['graphical-session.target']);
});

test('systemd-analyze verify finds nothing wrong but what this systemd version and machine cannot know', (t) => {
  const tool = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
  if (!tool) return t.skip('systemd-analyze is not installed');
  const runtime = mkdtempSync(path.join(os.tmpdir(), 'xdg-'));
  mkdirSync(runtime, { recursive: true });
  const r = spawnSync(tool, ['verify', '--user', UNIT], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter(Boolean);
  const expected = [/Unknown key '(RestartSteps|RestartMaxDelaySec)'/, /Command \/usr\/bin\/village-kiosk is not executable/];
  const unexpected = lines.filter((l) => !expected.some((re) => re.test(l)));
  assert.deepEqual(unexpected, [], `systemd-analyze: ${lines.join('\n')}`);
});

test('the .deb installs and enables the unit; electron-builder ships it and the session guide; NSIS adds the scheduled task', () => {
  const after = readFileSync(path.join(repoRoot, 'resources/linux/after-install.sh'), 'utf8');
  assert.match(after, /install -D -m 0644 '\/opt\/\$\{sanitizedProductName\}\/resources\/linux\/village-kiosk.service' \/usr\/lib\/systemd\/user\/village-kiosk.service/);
  assert.match(after, /systemctl --global enable village-kiosk.service/);
  const cfg = yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
  const extra = cfg.extraResources as Array<{ from: string; to: string; filter: string[] }>;
  assert.ok(extra.some((e) => e.from === 'resources/linux' && e.to === 'linux' && e.filter.includes('*.service')));
  assert.ok(extra.some((e) => e.from === 'docs' && e.filter.includes('kiosk-session.md')));
  assert.equal(cfg.nsis.include, 'resources/windows/installer.nsh');
  assert.ok((cfg.files as string[]).includes('!resources/windows/**'), 'installer scripts stay out of app.asar');
  const nsh = readFileSync(path.join(repoRoot, 'resources/windows/installer.nsh'), 'utf8');
  assert.match(nsh, /!macro customInstall[\s\S]*schtasks \/Create \/F \/TN "Village Service Kiosk" \/XML[\s\S]*!macroend/);
  assert.match(nsh, /<LogonTrigger>/);
  assert.match(nsh, /<RestartOnFailure><Interval>PT1M<\/Interval><Count>999<\/Count><\/RestartOnFailure>/);
  assert.match(nsh, /!macro customUnInstall[\s\S]*schtasks \/Delete \/F \/TN "Village Service Kiosk"[\s\S]*!macroend/);
  assert.ok(existsSync(path.join(repoRoot, 'docs/kiosk-session.md')));
});

test('crash-loop back-off: 0 after a calm run, then 2 s, 4 s ... capped at 60 s; a stable run resets it', async () => {
  let s = nextStart(null, 0);
  assert.equal(s.delayMs, 0);
  const delays: number[] = [];
  let t = 1000;
  for (let i = 0; i < 8; i++) {
    s = nextStart(s.state, t);
    delays.push(s.delayMs);
    t = s.state.lastStartMs + 5000; // crashed 5 s after starting
  }
  assert.deepEqual(delays, [2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  assert.equal(nextStart(s.state, s.state.lastStartMs + 130_000).delayMs, 0, 'ran for over 2 minutes: calm again');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'relaunch-'));
  const slept: number[] = [];
  const messages: string[] = [];
  let now = 10_000;
  const sleep = async (ms: number) => void slept.push(ms);
  assert.equal(await waitOutCrashLoop(dir, (m) => messages.push(m), () => now, sleep), 0);
  now += 3000;
  assert.equal(await waitOutCrashLoop(dir, (m) => messages.push(m), () => now, sleep), 2000);
  assert.deepEqual(slept, [2000]);
  assert.match(messages[0]!, /waiting 2 s/);
  assert.deepEqual(readRelaunchState(path.join(dir, 'relaunch.json')), { streak: 1, lastStartMs: 15_000 });
});
