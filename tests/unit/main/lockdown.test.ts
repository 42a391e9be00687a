// Every lockdown handler (main/lockdown.ts), alone and wired into the shell, against the fake
// electron module: shortcuts swallowed in production only, zoom pinned, the window not
// closable, a second launch focusing the first, the display kept awake in hall hours, and a
// main-process crash exiting for the service manager to relaunch.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { KeyInput } from '#main/electron-api.js';
import { exitOnMainCrash, keepAwakeDuringHallHours, lockedShortcut, withinHallHours } from '#main/lockdown.js';
import { runShell, type ShellOutcome } from '#main/shell.js';
import { createFakeElectron, FakeApp, FakePowerSaveBlocker, FakeTimers, type FakeElectron } from '../../support/fake-electron.js';

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
const quiet = { info() {}, warn() {}, error() {} };

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, shift: false, alt: false, meta: false, ...mods });

const LOCKED: Array<[string, KeyInput, string]> = [
  ['Ctrl+Q', key('q', { control: true }), 'quit'],
  ['Cmd+Q', key('q', { meta: true }), 'quit'],
  ['Ctrl+Shift+W', key('W', { control: true, shift: true }), 'quit'],
  ['Ctrl+W', key('w', { control: true }), 'close'],
  ['Alt+F4', key('F4', { alt: true }), 'close'],
  ['F5', key('F5'), 'reload'],
  ['Ctrl+R', key('r', { control: true }), 'reload'],
  ['Ctrl+Shift+R', key('R', { control: true, shift: true }), 'reload'],
  ['Ctrl+=', key('=', { control: true }), 'zoom'],
  ['Ctrl++', key('+', { control: true, shift: true }), 'zoom'],
  ['Ctrl+-', key('-', { control: true }), 'zoom'],
  ['Ctrl+0', key('0', { control: true }), 'zoom'],
  ['F12', key('F12'), 'devtools'],
  ['Ctrl+Shift+I', key('I', { control: true, shift: true }), 'devtools'],
  ['Cmd+Alt+J', key('j', { meta: true, alt: true }), 'devtools'],
  ['Ctrl+P', key('p', { control: true }), 'print'],
  ['Ctrl+N', key('n', { control: true }), 'new-window'],
  ['Ctrl+T', key('t', { control: true }), 'new-window'],
  ['F11', key('F11'), 'fullscreen'],
  ['Alt+Left', key('ArrowLeft', { alt: true }), 'navigate'],
  ['BrowserBack', key('BrowserBack'), 'navigate'],
];
const ORDINARY: KeyInput[] = [key('a'), key('7'), key('Enter'), key('Backspace'), key('c', { control: true }), key('v', { control: true }), key('Shift', { shift: true }), key('ArrowLeft'), { ...key('F5'), type: 'keyUp' }];

test('lockedShortcut: every quit, close, reload, zoom, DevTools, print, window and navigation shortcut; ordinary keys pass', () => {
  for (const [name, input, kind] of LOCKED) assert.equal(lockedShortcut(input), kind, name);
  for (const input of ORDINARY) assert.equal(lockedShortcut(input), null, JSON.stringify(input));
});

test('withinHallHours: day hours, hours across midnight, always-on', () => {
  const at = (h: number, m = 0) => new Date(2026, 4, 1, h, m);
  const day = { open: '08:00', close: '18:00' };
  assert.deepEqual([at(7, 59), at(8), at(12), at(17, 59), at(18)].map((d) => withinHallHours(day, d)), [false, true, true, true, false]);
  const night = { open: '20:00', close: '02:30' };
  assert.deepEqual([at(19, 59), at(20), at(23, 59), at(0), at(2, 29), at(2, 30)].map((d) => withinHallHours(night, d)), [false, true, true, true, true, false]);
  assert.equal(withinHallHours(null, at(3)), true);
});

test('keepAwakeDuringHallHours: display blocker on at opening, off at closing, on again next day; disposed cleanly', () => {
  const blocker = new FakePowerSaveBlocker();
  const timers = new FakeTimers();
  const base = new Date(2026, 4, 1, 7, 58).getTime();
  const keeper = keepAwakeDuringHallHours({ blocker, hours: { open: '08:00', close: '18:00' }, now: () => new Date(base + timers.now()), timers, log: quiet });
  assert.equal(blocker.active.size, 0, '07:58: the screen may sleep');
  timers.advance(2 * 60_000);
  assert.deepEqual([...blocker.active.values()], ['prevent-display-sleep'], '08:00: kept awake');
  timers.advance(5 * 60_000);
  assert.equal(blocker.log.length, 1, 'started once, not every minute');
  timers.advance(10 * 3600_000);
  assert.equal(blocker.active.size, 0, '18:00: released');
  timers.advance(14 * 3600_000);
  assert.equal(blocker.active.size, 1, 'next morning: awake again');
  keeper.dispose();
  assert.equal(blocker.active.size, 0);
  assert.equal(timers.pendingCount, 0);
});

test('exitOnMainCrash: an uncaught error or rejection is logged and exits with code 1, once', () => {
  const proc = new EventEmitter();
  const app = new FakeApp({ userData: os.tmpdir() });
  const errors: Array<Record<string, unknown> | undefined> = [];
  exitOnMainCrash(proc, app, { ...quiet, error: (_e, f) => errors.push(f) });
  proc.emit('uncaughtException', new Error('boom'));
  proc.emit('unhandledRejection', new Error('again'));
  assert.equal(app.exitCode, 1);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]!.message), /service manager restarts it/);
});

describe('lockdown wired into the shell (fake electron, real runtime)', () => {
  async function start(opts: { isPackaged?: boolean; hallTimers?: FakeTimers } = {}): Promise<{ electron: FakeElectron; outcome: ShellOutcome }> {
    const userData = mkdtempSync(path.join(os.tmpdir(), 'kiosk-lockdown-'));
    temps.push(userData);
    const electron = createFakeElectron({ userData, isPackaged: opts.isPackaged ?? true });
    const outcome = await runShell(electron, { env: { KIOSK_CONFIG: '', KIOSK_HTTP_PORT: '0' }, timers: new FakeTimers(), hallTimers: opts.hallTimers, log: quiet });
    assert.equal(outcome.kind, 'running');
    return { electron, outcome };
  }
  const stop = async (electron: FakeElectron) => {
    electron.app.quit();
    await electron.app.whenQuit();
  };

  test('production: every locked shortcut is swallowed, ordinary typing is not; zoom stays at 100 %; the window will not close', async () => {
    const { electron } = await start();
    const contents = electron.windows[0]!.webContents;
    for (const [name, input] of LOCKED) assert.equal(contents.pressKey(input).defaultPrevented, true, name);
    for (const input of ORDINARY) assert.equal(contents.pressKey(input).defaultPrevented, false, input.key);
    assert.deepEqual(contents.visualZoomLimits, [1, 1], 'pinch zoom off');
    assert.equal(contents.zoom('in').defaultPrevented, true);
    assert.equal(contents.zoomFactor, 1, 'Ctrl+wheel zoom put back');
    assert.equal(electron.windows[0]!.requestClose().defaultPrevented, true, 'Alt+F4 / window manager close refused');
    assert.equal(electron.windows[0]!.isDestroyed(), false);
    await stop(electron);
    assert.equal(electron.app.hasQuit, true, 'quitting (SIGTERM, service stop) still works');
  });

  test('development: reload and zoom keys work as usual', async () => {
    const { electron } = await start({ isPackaged: false });
    const contents = electron.windows[0]!.webContents;
    assert.equal(contents.pressKey(key('F5')).defaultPrevented, false);
    assert.equal(contents.pressKey(key('r', { control: true })).defaultPrevented, false);
    assert.equal(electron.windows[0]!.requestClose().defaultPrevented, false, 'a developer can close the window');
    await stop(electron);
  });

  test('a second launch focuses (and restores) the running window', async () => {
    const { electron } = await start();
    const win = electron.windows[0]!;
    let focused = 0;
    let restored = 0;
    win.isMinimized = () => true;
    win.restore = () => void restored++;
    win.focus = () => void focused++;
    electron.app.emit('second-instance');
    assert.deepEqual([restored, focused], [1, 1]);
    await stop(electron);
  });

  test('the power-save blocker is driven by hall hours and released on quit', async () => {
    // A clock that starts at 07:59 local today.
    const hallTimers = new FakeTimers();
    const start759 = new Date();
    start759.setHours(7, 59, 0, 0);
    hallTimers.advance(start759.getTime());
    const { electron } = await start({ hallTimers });
    assert.equal(electron.powerSaveBlocker.active.size, 0, 'before opening: may sleep');
    hallTimers.advance(60_000);
    assert.deepEqual([...electron.powerSaveBlocker.active.values()], ['prevent-display-sleep'], 'opening hours: awake');
    await stop(electron);
    assert.equal(electron.powerSaveBlocker.active.size, 0, 'released on quit');
    assert.equal(hallTimers.pendingCount, 0);
  });
});
