import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCrashRecovery } from '#main/crash-recovery.js';
import { isDevToolsShortcut, isSameOrigin } from '#main/guards.js';
import { kioskWindowOptions } from '#main/window-options.js';
import { FakeTimers } from '../../support/fake-electron.js';

test('isSameOrigin compares scheme, host and port exactly', () => {
  const origin = 'http://127.0.0.1:8420';
  assert.equal(isSameOrigin('http://127.0.0.1:8420/#/jobs', origin), true);
  assert.equal(isSameOrigin('http://127.0.0.1:8420', origin), true);
  assert.equal(isSameOrigin('http://localhost:8420/', origin), false);
  assert.equal(isSameOrigin('http://127.0.0.1:8421/', origin), false);
  assert.equal(isSameOrigin('https://127.0.0.1:8420/', origin), false);
  assert.equal(isSameOrigin('http://127.0.0.1:8420@evil.test/', origin), false);
  assert.equal(isSameOrigin('javascript:alert(1)', origin), false);
  assert.equal(isSameOrigin('', origin), false);
  assert.equal(isSameOrigin('http://127.0.0.1:8420/', null), false, 'no runtime yet: nothing allowed');
});

test('isDevToolsShortcut recognises the DevTools keys only on key down', () => {
  const k = (key: string, mods: Partial<{ control: boolean; shift: boolean; alt: boolean; meta: boolean }> = {}, type = 'keyDown') => ({
    type, key, control: false, shift: false, alt: false, meta: false, ...mods,
  });
  assert.equal(isDevToolsShortcut(k('F12')), true);
  assert.equal(isDevToolsShortcut(k('F12', {}, 'keyUp')), false);
  assert.equal(isDevToolsShortcut(k('I', { control: true, shift: true })), true);
  assert.equal(isDevToolsShortcut(k('C', { control: true, shift: true })), true);
  assert.equal(isDevToolsShortcut(k('i', { meta: true, alt: true })), true);
  assert.equal(isDevToolsShortcut(k('I', { control: true })), false);
  assert.equal(isDevToolsShortcut(k('F5')), false);
});

test('window options: devTools follows the setting, everything else is fixed', () => {
  assert.equal(kioskWindowOptions({ devTools: true }).webPreferences.devTools, true);
  const prod = kioskWindowOptions({ devTools: false });
  assert.equal(prod.webPreferences.devTools, false);
  assert.deepEqual({ ...kioskWindowOptions({ devTools: true }).webPreferences, devTools: false }, prod.webPreferences);
});

test('crash recovery doubles the delay up to the cap and starts over after a stable period', () => {
  const timers = new FakeTimers();
  let reloads = 0;
  const errors: unknown[] = [];
  const rec = createCrashRecovery({
    reload: () => reloads++,
    log: { info() {}, warn() {}, error: (_e, f) => errors.push(f) },
    timers,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    stableAfterMs: 5000,
  });
  const delays: Array<number | null> = [];
  for (let i = 0; i < 6; i++) {
    delays.push(rec.failed('crash'));
    timers.advance(delays.at(-1)!);
  }
  assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
  assert.equal(reloads, 6);
  assert.equal(errors.length, 6);
  timers.advance(5000);
  assert.equal(rec.failed('crash'), 100, 'back-off reset');
  rec.dispose();
  timers.advance(1000);
  assert.equal(reloads, 6, 'disposed: the pending reload never runs');
  assert.equal(rec.failed('crash'), null);
});
