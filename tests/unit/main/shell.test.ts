// The Electron shell, driven through a fake electron module, starting the REAL runtime
// (real SQLite file, real loopback HTTP server) in a temp folder.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runShell, type ShellOutcome } from '#main/shell.js';
import { createFakeElectron, FakeTimers, type FakeElectron } from '../../support/fake-electron.js';

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'kiosk-shell-'));
  temps.push(d);
  return d;
}

interface Started {
  electron: FakeElectron;
  outcome: ShellOutcome;
  timers: FakeTimers;
  userData: string;
}

async function start(opts: { isPackaged?: boolean; env?: NodeJS.ProcessEnv; gotLock?: boolean } = {}): Promise<Started> {
  const userData = tempDir();
  const electron = createFakeElectron({ userData, isPackaged: opts.isPackaged ?? true, gotLock: opts.gotLock ?? true });
  const timers = new FakeTimers();
  const outcome = await runShell(electron, {
    env: { KIOSK_CONFIG: '', KIOSK_HTTP_PORT: '0', ...opts.env },
    timers,
    log: { info() {}, warn() {}, error() {} },
  });
  return { electron, outcome, timers, userData };
}

async function quit(s: Started): Promise<void> {
  s.electron.app.quit();
  await s.electron.app.whenQuit();
}

function running(s: Started) {
  assert.equal(s.outcome.kind, 'running', JSON.stringify(s.outcome));
  if (s.outcome.kind !== 'running') throw new Error('unreachable');
  return s.outcome;
}

describe('Electron shell', () => {
  test('starts the runtime in-process and shows it in one locked-down kiosk window', async () => {
    const s = await start();
    const { runtime } = running(s);
    try {
      assert.match(runtime.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(runtime.url);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<html/i);
      // The data went to Electron's userData folder (no KIOSK_DATA_DIR, no config file).
      assert.ok(existsSync(path.join(s.userData, 'kiosk.db')), 'kiosk.db in userData');

      assert.equal(s.electron.windows.length, 1);
      const win = s.electron.windows[0]!;
      assert.deepEqual(win.options.webPreferences, {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        autoplayPolicy: 'no-user-gesture-required',
        devTools: false,
      });
      assert.equal(win.options.kiosk, true);
      assert.equal(win.options.fullscreen, true);
      assert.equal(win.options.autoHideMenuBar, true);
      assert.ok(s.electron.applicationMenus.length >= 1);
      assert.ok(s.electron.applicationMenus.every((m) => m === null), 'application menu removed');
      assert.deepEqual(win.menus, [null], 'window menu removed');
      // It opens a one-time launch link, which gives the session cookie once (no token in the page).
      assert.equal(win.webContents.loads.length, 1);
      const launch = win.webContents.loads[0]!;
      assert.match(launch, new RegExp(`^${runtime.url.replace(/[.]/g, '\\.')}\\?launch=[A-Za-z0-9_.-]+$`));
      const swapped = await fetch(launch, { redirect: 'manual' });
      assert.equal(swapped.status, 303);
      assert.match(swapped.headers.getSetCookie().join(), /HttpOnly; SameSite=Strict/);
      assert.equal((await fetch(launch, { redirect: 'manual' })).status, 403, 'a second use is refused');
    } finally {
      await quit(s);
    }
    // Quitting stopped the runtime: the port no longer answers.
    await assert.rejects(fetch(runtime.url));
    assert.equal(s.electron.app.exitCode, null, 'clean quit, not exit()');
  });

  test('closing the window quits the app and stops the runtime', async () => {
    const s = await start();
    const { runtime } = running(s);
    s.electron.windows[0]!.close();
    await s.electron.app.whenQuit();
    await assert.rejects(fetch(runtime.url));
  });

  test('navigation stays on the runtime origin; window.open is always denied', async () => {
    const s = await start();
    const { runtime } = running(s);
    try {
      const wc = s.electron.windows[0]!.webContents;
      const origin = new URL(runtime.url).origin;
      assert.equal(wc.navigate(`${origin}/#/jobs/3`).defaultPrevented, false, 'same origin allowed');
      assert.equal(wc.navigate(`${origin}/index.html?x=1`).defaultPrevented, false);
      assert.equal(wc.navigate('https://example.com/').defaultPrevented, true, 'other host blocked');
      const otherPort = new URL(runtime.url);
      otherPort.port = String(Number(otherPort.port) + 1);
      assert.equal(wc.navigate(otherPort.href).defaultPrevented, true, 'other port blocked');
      assert.equal(wc.navigate(`https://127.0.0.1:${new URL(runtime.url).port}/`).defaultPrevented, true, 'other scheme blocked');
      assert.equal(wc.navigate('file:///etc/passwd').defaultPrevented, true);
      assert.equal(wc.navigate('not a url').defaultPrevented, true);
      assert.equal(wc.redirect('http://evil.test/').defaultPrevented, true, 'redirect away blocked');
      assert.equal(wc.redirect(`${origin}/`).defaultPrevented, false);
      assert.deepEqual(wc.windowOpen('https://example.com/'), { action: 'deny' });
      assert.deepEqual(wc.windowOpen(`${origin}/`), { action: 'deny' });
    } finally {
      await quit(s);
    }
  });

  test('every permission request and check is denied, downloads cancelled, bad certificates refused', async () => {
    const s = await start();
    try {
      const ses = s.electron.session.defaultSession;
      for (const p of ['media', 'geolocation', 'notifications', 'hid', 'usb', 'serial', 'clipboard-read', 'fullscreen']) {
        assert.equal(await ses.requestPermission(p), false, `request ${p}`);
        assert.equal(ses.checkPermission(p), false, `check ${p}`);
      }
      assert.equal(ses.checkDevice({ deviceType: 'hid' }), false);
      assert.equal(ses.download().defaultPrevented, true);
      assert.deepEqual(s.electron.app.certificateError('https://example.com/'), { prevented: true, trusted: false });
    } finally {
      await quit(s);
    }
  });

  test('production: DevTools are disabled, closed if opened, and their shortcuts blocked', async () => {
    const s = await start({ isPackaged: true });
    try {
      const win = s.electron.windows[0]!;
      assert.equal(win.options.webPreferences.devTools, false);
      const wc = win.webContents;
      for (const key of [{ key: 'F12' }, { key: 'I', control: true, shift: true }, { key: 'j', control: true, shift: true }, { key: 'i', meta: true, alt: true }]) {
        assert.equal(wc.pressKey(key).defaultPrevented, true, JSON.stringify(key));
      }
      assert.equal(wc.toggleDevToolsCalls, 0);
      assert.equal(wc.devToolsOpen, false);
      wc.openDevTools();
      assert.equal(wc.devToolsOpen, false, 'closed again at once');
      assert.equal(wc.closeDevToolsCalls, 1);
      // Ordinary typing is untouched.
      assert.equal(wc.pressKey({ key: 'a' }).defaultPrevented, false);
      assert.equal(wc.pressKey({ key: 'i', control: true }).defaultPrevented, false);
    } finally {
      await quit(s);
    }
  });

  test('development (not packaged, or KIOSK_DEV=1): DevTools allowed and F12 opens them', async () => {
    for (const opts of [{ isPackaged: false }, { isPackaged: true, env: { KIOSK_DEV: '1' } }]) {
      const s = await start(opts);
      try {
        const wc = s.electron.windows[0]!.webContents;
        assert.equal(s.electron.windows[0]!.options.webPreferences.devTools, true, JSON.stringify(opts));
        wc.pressKey({ key: 'F12' });
        assert.equal(wc.devToolsOpen, true);
        assert.equal(wc.closeDevToolsCalls, 0);
        assert.equal(wc.toggleDevToolsCalls, 1);
      } finally {
        await quit(s);
      }
    }
  });

  test('a crashed or hung renderer is reloaded, with a growing delay when it keeps crashing', async () => {
    const s = await start();
    const { runtime, recovery } = running(s);
    try {
      const wc = s.electron.windows[0]!.webContents;
      assert.equal(wc.loads.length, 1);
      wc.crash({ reason: 'crashed', exitCode: 139 });
      assert.equal(recovery.pending, true);
      s.timers.advance(999);
      assert.equal(wc.loads.length, 1, 'not before the back-off');
      s.timers.advance(1);
      assert.equal(wc.loads.length, 2, 'reloaded after 1 s');
      assert.ok(wc.loads[1]!.startsWith(`${runtime.url}?launch=`), 'reloaded with a fresh launch link');
      assert.notEqual(wc.loads[1], wc.loads[0]);

      wc.crash({ reason: 'oom', exitCode: 0 });
      wc.crash({ reason: 'oom', exitCode: 0 }); // while a reload is pending: no second one
      s.timers.advance(1999);
      assert.equal(wc.loads.length, 2);
      s.timers.advance(1);
      assert.equal(wc.loads.length, 3, 'second crash in a row waits 2 s');

      wc.hang();
      s.timers.advance(4000);
      assert.equal(wc.loads.length, 4, 'unresponsive -> reload (4 s, third failure in a row)');

      // A failed main-frame load is retried; an aborted one or a subframe is not a failure.
      wc.failLoad(-3, runtime.url);
      wc.failLoad(-105, 'http://x.test/', false);
      assert.equal(s.timers.pendingCount, 0);
      s.timers.advance(10 * 60_000); // long stable period resets the back-off
      wc.failLoad(-102, runtime.url);
      s.timers.advance(1000);
      assert.equal(wc.loads.length, 5);
    } finally {
      await quit(s);
    }
    assert.equal(s.timers.pendingCount, 0);
  });

  test('a bad config shows one readable line in an error box and exits with code 2', async () => {
    const s = await start({ env: { KIOSK_HTTP_PORT: 'eighty' } });
    assert.equal(s.outcome.kind, 'failed');
    assert.equal(s.electron.app.exitCode, 2);
    assert.equal(s.electron.windows.length, 0);
    assert.equal(s.electron.errorBoxes.length, 1);
    const { title, content } = s.electron.errorBoxes[0]!;
    assert.equal(title, 'Kiosk configuration error');
    assert.doesNotMatch(content, /\n/);
    assert.match(content, /http\.port/);
    assert.match(content, /eighty/);
    assert.match(content, /KIOSK_HTTP_PORT/);
  });

  test('a broken config file is reported the same way', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kiosk.config.json');
    writeFileSync(file, '{ "dataDir": ');
    const s = await start({ env: { KIOSK_CONFIG: file } });
    assert.equal(s.electron.app.exitCode, 2);
    assert.match(s.electron.errorBoxes[0]!.content, /not valid JSON/);
  });

  test('KIOSK_DATA_DIR or a config file dataDir wins over userData', async () => {
    const dataDir = tempDir();
    const s = await start({ env: { KIOSK_DATA_DIR: dataDir } });
    running(s);
    await quit(s);
    assert.ok(existsSync(path.join(dataDir, 'kiosk.db')));
    assert.ok(!existsSync(path.join(s.userData, 'kiosk.db')));

    const dir = tempDir();
    const file = path.join(dir, 'kiosk.config.json');
    writeFileSync(file, JSON.stringify({ dataDir: path.join(dir, 'from-file') }));
    const s2 = await start({ env: { KIOSK_CONFIG: file } });
    running(s2);
    await quit(s2);
    assert.ok(existsSync(path.join(dir, 'from-file', 'kiosk.db')));
    assert.ok(!existsSync(path.join(s2.userData, 'kiosk.db')));
  });

  test('a second instance quits at once without starting another runtime', async () => {
    const s = await start({ gotLock: false });
    assert.equal(s.outcome.kind, 'second-instance');
    assert.equal(s.electron.app.hasQuit, true);
    assert.equal(s.electron.windows.length, 0);
    assert.ok(!existsSync(path.join(s.userData, 'kiosk.db')));
  });
});
