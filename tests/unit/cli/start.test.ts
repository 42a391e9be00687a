// `npm start`: the Electron detection (both ways, with fake resolvers) and the real built
// start script as a child process on a machine without Electron's binary.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { chromiumArgs, detectElectron, displayProblem, fallbackMessage, findChromium } from '#src/cli/launch.js';
import { repoRoot } from '../../support/kiosk-process.js';

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'kiosk-start-'));
  temps.push(d);
  return d;
}

describe('electron detection', () => {
  test('installed when the package names a binary that exists', () => {
    assert.deepEqual(detectElectron(() => '/opt/e/electron', (f) => f === '/opt/e/electron'), { installed: true, path: '/opt/e/electron' });
  });
  test('not installed when the download never completed (package throws)', () => {
    const r = detectElectron(() => {
      throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
    }, () => true);
    assert.deepEqual(r, { installed: false, reason: 'its download failed at install time' });
  });
  test('not installed when the named binary is missing', () => {
    assert.equal(detectElectron(() => '/opt/e/electron', () => false).installed, false);
  });
  test('not installed when the package itself is absent', () => {
    const r = detectElectron(() => {
      throw Object.assign(new Error("Cannot find module 'electron'"), { code: 'MODULE_NOT_FOUND' });
    }, () => true);
    assert.deepEqual(r, { installed: false, reason: 'the electron package is not installed' });
  });
  test('not installed when the package exports something else', () => {
    assert.equal(detectElectron(() => ({}), () => true).installed, false);
  });
});

describe('chromium choice', () => {
  test('KIOSK_CHROMIUM overrides the usual locations', () => {
    assert.deepEqual(findChromium({ KIOSK_CHROMIUM: '/x/chrome' }, (f) => f === '/x/chrome'), { found: true, path: '/x/chrome' });
    assert.equal(findChromium({ KIOSK_CHROMIUM: '/x/chrome' }, (f) => f === '/usr/bin/chromium').found, false);
    assert.deepEqual(findChromium({}, (f) => f === '/usr/bin/google-chrome'), { found: true, path: '/usr/bin/google-chrome' });
    assert.equal(findChromium({}, () => false).found, false);
  });
  test('a display is needed on Linux', () => {
    assert.match(displayProblem({}, 'linux') ?? '', /no display/);
    assert.equal(displayProblem({ DISPLAY: ':0' }, 'linux'), null);
    assert.equal(displayProblem({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'), null);
    assert.equal(displayProblem({}, 'win32'), null);
  });
  test('kiosk flags, own profile under the data dir, quiet networking; --no-sandbox only as root', () => {
    const args = chromiumArgs('http://127.0.0.1:9/', '/data', false);
    assert.ok(args.includes('--kiosk'));
    assert.ok(args.includes('--app=http://127.0.0.1:9/'));
    assert.ok(args.includes(`--user-data-dir=${path.join('/data', 'chromium-profile')}`));
    for (const f of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']) assert.ok(args.includes(f), f);
    assert.ok(!args.includes('--no-sandbox'));
    assert.ok(chromiumArgs('http://127.0.0.1:9/', '/data', true).includes('--no-sandbox'));
  });
});

/** Gone or a zombie (killed, waiting for init to reap it). */
async function processGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      process.kill(pid, 0);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^\d+ \(.*\) Z/.test(stat)) return true;
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface StartRun {
  child: ChildProcess;
  lines: () => string[];
  waitFor: (re: RegExp, ms?: number) => Promise<RegExpExecArray>;
  stop: () => Promise<number | null>;
}

function runStart(env: Record<string, string>): StartRun {
  const script = path.join(repoRoot, 'dist/src/cli/start.js');
  assert.ok(existsSync(script), `${script} is missing: build first (node resources/build/ensure-built.mjs)`);
  const child = spawn(process.execPath, [script], {
    cwd: repoRoot,
    // ELECTRON_OVERRIDE_DIST_PATH at an empty folder: the electron package then names a
    // binary that does not exist, as after a failed download, even where Electron is installed.
    env: { ...process.env, KIOSK_CONFIG: '', KIOSK_HTTP_PORT: '0', ELECTRON_OVERRIDE_DIST_PATH: tempDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners: Array<() => void> = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    listeners.forEach((l) => l());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return {
    child,
    lines: () => out.split('\n').filter(Boolean),
    waitFor: (re, ms = 15_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output:\n${out}`)), ms);
        const check = () => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        };
        listeners.push(check);
        child.once('exit', () => {
          clearTimeout(timer);
          reject(new Error(`start exited (${child.exitCode}) before ${re}; output:\n${out}`));
        });
        check();
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

describe('npm start without Electron (real built script)', () => {
  test('says so in one line, starts the browser shell, and prints the URL when there is no Chromium', async () => {
    const dataDir = tempDir();
    const run = runStart({ KIOSK_DATA_DIR: dataDir, KIOSK_CHROMIUM: path.join(dataDir, 'no-such-chromium') });
    try {
      const [, url] = await run.waitFor(/Kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/)/);
      await run.waitFor(/does not exist: open/);
      const lines = run.lines();
      assert.equal(lines[0], 'Electron is not installed (its download failed at install time), so the kiosk is starting in the browser shell.');
      assert.equal(lines[0], fallbackMessage('its download failed at install time'));
      assert.equal(lines.filter((l) => /electron/i.test(l)).length, 1, 'one line about Electron');
      const [, link] = new RegExp(`open (${url!.replace(/[.?]/g, '\\$&')}\\?launch=\\S+) in a browser`).exec(lines.at(-1)!) ?? [];
      assert.ok(link, lines.at(-1));
      // The printed link is a one-time launch link: it gives the session cookie once.
      const res = await fetch(link, { redirect: 'manual' });
      assert.equal(res.status, 303);
      assert.match(res.headers.getSetCookie().join(), /^kiosk_session_\d+=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
      assert.equal((await fetch(link, { redirect: 'manual' })).status, 403, 'used once only');
      assert.match(await (await fetch(url!)).text(), /<html/i);
      assert.ok(existsSync(path.join(dataDir, 'kiosk.db')), 'runtime used KIOSK_DATA_DIR');
    } finally {
      assert.equal(await run.stop(), 0);
    }
  });

  test('opens an installed Chromium in kiosk mode with its own profile, and closes it on stop', async () => {
    const dataDir = tempDir();
    const fake = path.join(tempDir(), 'chromium');
    const argsFile = path.join(dataDir, 'chromium-args.txt');
    const pidFile = path.join(dataDir, 'chromium-pid.txt');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\necho $$ > '${pidFile}'\nexec sleep 60\n`);
    chmodSync(fake, 0o755);
    const run = runStart({ KIOSK_DATA_DIR: dataDir, KIOSK_CHROMIUM: fake, DISPLAY: ':99' });
    let pid = 0;
    try {
      const [, url] = await run.waitFor(/Kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/)/);
      await run.waitFor(/Chromium is showing the kiosk/);
      const args = readFileSync(argsFile, 'utf8').split('\n').filter(Boolean);
      assert.equal(args[0], '--kiosk');
      // Chromium opens a 0600 page that forwards to a launch link: no code on its command line.
      const launchPage = path.join(dataDir, 'launch.html');
      assert.ok(args.includes(`--app=${pathToFileURL(launchPage).href}`), args.join(' '));
      assert.ok(!args.some((a) => a.includes('launch=')), 'no launch code on the command line');
      assert.equal(statSync(launchPage).mode & 0o777, 0o600);
      const forward = /url=(http:\/\/127\.0\.0\.1:\d+\/\?launch=[^"]+)"/.exec(readFileSync(launchPage, 'utf8'))?.[1];
      assert.ok(forward?.startsWith(url!), readFileSync(launchPage, 'utf8'));
      assert.equal((await fetch(forward!, { redirect: 'manual' })).status, 303);
      assert.ok(args.includes(`--user-data-dir=${path.join(dataDir, 'chromium-profile')}`));
      assert.ok(args.includes('--disable-background-networking'));
      pid = Number(readFileSync(pidFile, 'utf8'));
      assert.doesNotThrow(() => process.kill(pid, 0), 'fake chromium running');
      assert.equal((await fetch(url!)).status, 200);
    } finally {
      assert.equal(await run.stop(), 0);
    }
    assert.ok(await processGone(pid, 3000), 'chromium stopped with the kiosk');
  });

  test('a Chromium that cannot start is reported in one line with the URL', async () => {
    const dataDir = tempDir();
    const fake = path.join(tempDir(), 'chromium');
    writeFileSync(fake, `#!/bin/sh\necho '[1:1:0101/000000.000:ERROR:ozone_platform_x11.cc(240)] Missing X server or $DISPLAY' >&2\nexit 1\n`);
    chmodSync(fake, 0o755);
    const run = runStart({ KIOSK_DATA_DIR: dataDir, KIOSK_CHROMIUM: fake, DISPLAY: ':99' });
    try {
      const [, url] = await run.waitFor(/Kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/)/);
      const [line] = await run.waitFor(/Chromium could not start.*\n/);
      assert.match(line, /code 1: Missing X server or \$DISPLAY\): open http:\/\/127\.0\.0\.1:\d+\/\?launch=\S+ in a browser/);
      assert.equal((await fetch(url!)).status, 200, 'the runtime keeps serving');
    } finally {
      assert.equal(await run.stop(), 0);
    }
  });
});
