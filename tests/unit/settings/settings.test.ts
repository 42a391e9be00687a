// The kiosk settings screen's backend on a real SQLite file: one schema with the config file
// (a bad value gets the config error's message and changes nothing), kept across a restart
// (the overlay is layered over file + environment), and enrolment by the township's QR.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '#src/config/load.js';
import { applyStoredSettings, layerSettings, readSettings } from '#src/config/settings-overlay.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import { openDatabase } from '#src/db/open.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { encodeEnrolment } from '#protocol/enrolment.js';
import { createSettingsModule, type SettingsModuleOptions } from '#src/settings/module.js';

const KEY = 'MCowBQYDK2VwAyEAq1w2e3r4t5y6u7i8o9p0a1s2d3f=';

function setup(file: string, now = () => new Date('2026-05-01T08:00:00Z'), checkEnrolment: SettingsModuleOptions['checkEnrolment'] = async () => ({ ok: true })) {
  const dir = path.dirname(file);
  const log = createMemoryLogger();
  const db = openDatabase(file);
  const config = applyStoredSettings(loadConfig({ env: { KIOSK_DATA_DIR: dir } }), db, log);
  const bus = createEventBus();
  const ctx: RuntimeContext = { config, db, log, bus, now, link: createLinkMonitor(bus, { configured: false, now }) };
  const m = createSettingsModule(ctx, { attendantBadge: (t) => (t === 'good' ? 'att-011' : null), checkEnrolment });
  return { db, config, log, m, bus };
}

test('a bad value gets the config error message and changes nothing; a good one is kept across a restart', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-')), 'kiosk.db');
  let k = setup(file);
  const set = k.m.handlers['settings.set'];
  const bad = await set({ token: 'good', key: 'ui.idleWarnSeconds', value: 5 });
  assert.deepEqual(bad, { ok: false, reason: 'invalid', message: 'config error: ui.idleWarnSeconds = 5 (from the kiosk settings screen): expected a value >=10' });
  const badUrl = await set({ token: 'good', key: 'township.url', value: 'not a url' });
  assert.equal(badUrl.ok, false);
  assert.match(!badUrl.ok ? badUrl.message : '', /^config error: township.url = "not a url" \(from the kiosk settings screen\): expected an http\(s\) URL$/);
  const badName = await set({ token: 'good', key: 'hallName', value: { 'zh-CN': '', en: 'Hall' } });
  assert.match(!badName.ok ? badName.message : '', /^config error: hallName\.zh-CN = "" /);
  assert.deepEqual(readSettings(k.db), {}, 'nothing stored');
  assert.equal(k.config.ui.idleWarnSeconds, 90);
  assert.deepEqual(await set({ token: 'nobody', key: 'ui.defaultVolume', value: 50 }), { ok: false, reason: 'locked', message: 'The attendant is signed out; scan the staff badge again.' });

  assert.deepEqual(await set({ token: 'good', key: 'ui.idleWarnSeconds', value: 120 }), { ok: true, restartNeeded: false });
  assert.equal(k.config.ui.idleWarnSeconds, 120, 'live at once');
  assert.deepEqual(await set({ token: 'good', key: 'hallName', value: { 'zh-CN': '龙泉村便民服务大厅', en: 'Longquan Service Hall' } }), { ok: true, restartNeeded: false });
  assert.deepEqual(await set({ token: 'good', key: 'township.url', value: 'https://township.example/' }), { ok: true, restartNeeded: true });
  const got = await k.m.handlers['settings.get']({ token: 'good' });
  assert.ok(got.result === 'ok');
  assert.deepEqual(got.settings.restartNeededFor, ['township.url']);
  assert.equal(got.settings.townshipUrl, 'https://township.example/');
  k.db.close();

  k = setup(file); // restart
  assert.equal(k.config.ui.idleWarnSeconds, 120);
  assert.equal(k.config.hallName.en, 'Longquan Service Hall');
  assert.equal(k.config.township.url, 'https://township.example/');
  k.db.close();
});

test('a stored value that no longer passes the schema is skipped with a logged error, not a failed start', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-')), 'kiosk.db');
  const db = openDatabase(file);
  db.prepare("INSERT INTO kiosk_settings (key, value, updated_at) VALUES ('ui.idleWarnSeconds', '3', 'x'), ('ui.defaultVolume', '40', 'x')").run();
  db.close();
  const k = setup(file);
  assert.equal(k.config.ui.idleWarnSeconds, 90);
  // saved before the one default volume, as a 0-100 tone percentage: read as the nearest step
  assert.equal(k.config.ui.defaultVolume, 3);
  assert.ok(k.log.records.some((r) => r.event === 'config-deprecated' && r.key === 'ui.defaultVolume' && /old percentage and was read as volume step 3/.test(String(r.message))));
  assert.ok(k.log.records.some((r) => r.event === 'setting-skipped' && String(r.message).startsWith('config error: ui.idleWarnSeconds = 3')));
  assert.equal(layerSettings(k.config, { dataDir: '/tmp/x' }).ok, false, 'only the screen keys can be layered');
  k.db.close();
});

test('enrolment: only after "Enrol", within 2 minutes; a damaged code is refused; a good one is saved for the next start', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-')), 'kiosk.db');
  let t = Date.parse('2026-05-01T08:00:00Z');
  const k = setup(file, () => new Date(t));
  const code = encodeEnrolment({ kioskId: 'nandali-1', token: 'kt_abcdefghijklmnopqrstuvwx', publicKey: KEY, url: 'https://tw.example/' });
  await k.m.enrol(code);
  let got = await k.m.handlers['settings.get']({ token: 'good' });
  assert.ok(got.result === 'ok' && got.settings.lastEnrolment?.ok === false && /not started/.test(got.settings.lastEnrolment.message));
  assert.deepEqual(readSettings(k.db), {});

  assert.equal((await k.m.handlers['settings.armEnrolment']({ token: 'good' })).ok, true);
  await k.m.enrol('VKE1:%%%');
  got = await k.m.handlers['settings.get']({ token: 'good' });
  assert.ok(got.result === 'ok' && got.settings.lastEnrolment?.ok === false && /damaged/.test(got.settings.lastEnrolment.message));

  await k.m.handlers['settings.armEnrolment']({ token: 'good' });
  t += 2 * 60_000 + 1;
  await k.m.enrol(code);
  assert.deepEqual(readSettings(k.db), {}, 'too late');

  await k.m.handlers['settings.armEnrolment']({ token: 'good' });
  await k.m.enrol(code);
  got = await k.m.handlers['settings.get']({ token: 'good' });
  assert.ok(got.result === 'ok');
  assert.equal(got.settings.lastEnrolment?.ok, true);
  assert.equal(got.settings.enrolled, true);
  assert.equal(got.settings.kioskId, 'nandali-1');
  assert.deepEqual(readSettings(k.db), { kioskId: 'nandali-1', 'township.url': 'https://tw.example/', 'township.kioskToken': 'kt_abcdefghijklmnopqrstuvwx', 'township.publicKey': KEY });
  assert.equal(JSON.stringify(k.log.records).includes('kt_abcdefghijklmnopqrstuvwx'), false, 'the token is never logged');
  k.db.close();
});

test('an enrolment code routes to the settings screen and its text (a token) never reaches the screen', async () => {
  const { routeScanText } = await import('#src/scan/route.js');
  const code = encodeEnrolment({ kioskId: 'k-2', token: 'kt_abcdefghijklmnopqrstuvwx', publicKey: KEY, url: 'http://127.0.0.1:8430/' });
  assert.deepEqual(routeScanText(code, null), { kind: 'enrolment' });
  const { createScannerModule } = await import('#src/devices/scanner/module.js');
  const { createMemoryScannerSource } = await import('#src/devices/scanner/memory-source.js');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-')), 'kiosk.db');
  const k = setup(file);
  const bus = createEventBus();
  const pushed: unknown[] = [];
  bus.onAny((name, payload) => pushed.push({ name, payload }));
  const got: string[] = [];
  const ctx = { config: k.config, db: k.db, log: k.log, bus, now: () => new Date(), link: createLinkMonitor(bus, { configured: false, now: () => new Date() }) };
  const scanner = createScannerModule(ctx, { source: createMemoryScannerSource(), onEnrolment: (t) => got.push(t) });
  await scanner.handlers['scan.submitWedge']({ text: code });
  assert.deepEqual(got, [code]);
  assert.equal(JSON.stringify(pushed).includes('kt_abcdefghijklmnopqrstuvwx'), false, 'no event carries the token');
  assert.ok(JSON.stringify(pushed).includes('"kind":"enrolment"'));
  k.db.close();
});

test('the one default volume is a step 1-4; a saved live setting is announced on the event stream, a restart-only one is not', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-')), 'kiosk.db');
  const k = setup(file);
  const seen: Array<{ keys: string[] }> = [];
  k.bus.on('settingsChanged', (e) => seen.push(e));
  const set = k.m.handlers['settings.set'];
  const loud = await set({ token: 'good', key: 'ui.defaultVolume', value: 5 });
  assert.deepEqual(loud, { ok: false, reason: 'invalid', message: 'config error: ui.defaultVolume = 5 (from the kiosk settings screen): expected a volume step 1-4 (4 = loudest)' });
  assert.equal(seen.length, 0, 'a refused value announces nothing');
  assert.deepEqual(await set({ token: 'good', key: 'ui.defaultVolume', value: 1 }), { ok: true, restartNeeded: false });
  assert.equal(k.config.ui.defaultVolume, 1, 'live at once');
  assert.deepEqual(seen.map((e) => e.keys), [['ui.defaultVolume']]);
  await set({ token: 'good', key: 'ui.defaultTextSize', value: 'largest' });
  await set({ token: 'good', key: 'township.url', value: 'https://township.example/' });
  assert.deepEqual(seen.map((e) => e.keys), [['ui.defaultVolume'], ['ui.defaultTextSize']], 'the township link waits for a restart');
  k.db.close();
});

test('enrolment: a code the township does not confirm (its key, this kiosk\'s token) is refused with its message and stores nothing', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-settings-')), 'kiosk.db');
  const asked: string[] = [];
  const k = setup(file, undefined, async (p) => {
    asked.push(p.kioskId);
    return { ok: false, message: `the township at ${p.url} does not know this kiosk token` };
  });
  await k.m.handlers['settings.armEnrolment']({ token: 'good' });
  await k.m.enrol(encodeEnrolment({ kioskId: 'nandali-1', token: 'kt_abcdefghijklmnopqrstuvwx', publicKey: KEY, url: 'https://tw.example/' }));
  const got = await k.m.handlers['settings.get']({ token: 'good' });
  assert.ok(got.result === 'ok');
  assert.deepEqual(asked, ['nandali-1']);
  assert.equal(got.settings.lastEnrolment?.ok, false);
  assert.equal(got.settings.lastEnrolment?.message, 'the township at https://tw.example/ does not know this kiosk token');
  assert.equal(got.settings.enrolled, false);
  assert.deepEqual(readSettings(k.db), {});
  k.db.close();
});
