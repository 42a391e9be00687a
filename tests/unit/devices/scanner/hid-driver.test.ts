// The real HID driver against a fake transport: connect, read, unplug -> disconnected ->
// re-poll -> reconnect, autodetect, configured ids, open failures and a library that cannot load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import type { DeviceState } from '#contract/core.js';
import { chooseDevice, createHidScannerSource } from '#src/devices/scanner/hid-driver.js';
import { encodeHidPosReports, NEWLAND_PROFILE } from '#src/devices/scanner/hid-pos.js';
import { LIBUSB_HINT, nodeHidLoader } from '#src/devices/scanner/hid-transport.js';
import { encodeKeyboardReports } from '#src/devices/scanner/keyboard.js';
import type { ScannerEvent } from '#src/devices/scanner/source.js';
import { decodePayload } from '#src/scan/decode.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { FakeHid, KBD_SCANNER, KEYBOARD, POS_SCANNER } from './fake-hid.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await tick(5);
  }
}

function collect(source: { onEvent(l: (e: ScannerEvent) => void): () => void }) {
  const scans: string[] = [];
  const statuses: DeviceState[] = [];
  source.onEvent((e) => {
    if (e.type === 'scan') {
      const d = decodePayload(e.bytes);
      scans.push(d.ok ? `${e.source}:${d.text}` : `${e.source}:!${d.reason}`);
    } else statuses.push(e.status);
  });
  return { scans, statuses };
}

test('HID POS: connects, reassembles a GB18030 scan, survives unplug and reconnects by polling', async () => {
  const hid = new FakeHid();
  const src = createHidScannerSource({ load: hid.loader(), mode: 'auto', vendorId: null, productId: null, log: createMemoryLogger(), pollMs: 30 });
  const got = collect(src);
  await src.start();
  assert.deepEqual(got.statuses.at(-1), { state: 'disconnected', reason: 'no scanner found' });
  hid.devices = [KEYBOARD, POS_SCANNER];
  await until(() => got.statuses.at(-1)?.state === 'connected');
  assert.equal(hid.current!.path, POS_SCANNER.path, 'picked the usage page 0x8C interface, not the keyboard');
  for (const r of encodeHidPosReports(iconv.encode('张三申请高龄津贴，电话 13812345678', 'gb18030'))) hid.current!.send(r);
  assert.deepEqual(got.scans, ['hid-pos:张三申请高龄津贴，电话 13812345678']);

  // unplug: the read error closes the handle, the device is gone from the bus
  const before = hid.enumerations;
  const h = hid.current!;
  hid.devices = [KEYBOARD];
  h.unplug();
  await until(() => got.statuses.at(-1)?.state === 'disconnected');
  assert.equal(h.closed, true);
  assert.deepEqual(got.statuses.at(-1), { state: 'disconnected', reason: 'unplugged' });
  await tick(100);
  assert.ok(hid.enumerations - before >= 2, 're-polls devicesAsync while gone');
  hid.devices = [KEYBOARD, POS_SCANNER];
  await until(() => got.statuses.at(-1)?.state === 'connected');
  for (const r of encodeHidPosReports(new TextEncoder().encode('VKR:ACDE-FGHJ'))) hid.current!.send(r);
  assert.equal(got.scans.at(-1), 'hid-pos:VKR:ACDE-FGHJ');
  await src.stop();
  assert.equal(hid.current, undefined, 'stop closes the device');
  const n = hid.enumerations;
  await tick(80);
  assert.equal(hid.enumerations, n, 'no polling after stop');
});

test('keyboard mode: a known scanner vendor is autodetected, a plain keyboard never is', async () => {
  assert.equal(chooseDevice([KEYBOARD], { mode: 'auto', vendorId: null, productId: null }), null);
  assert.equal(chooseDevice([KEYBOARD, KBD_SCANNER], { mode: 'auto', vendorId: null, productId: null })?.kind, 'hid-keyboard');
  assert.equal(chooseDevice([KEYBOARD, KBD_SCANNER], { mode: 'hid-pos', vendorId: null, productId: null }), null);
  assert.equal(chooseDevice([KBD_SCANNER, POS_SCANNER], { mode: 'hid-keyboard', vendorId: null, productId: null })?.device.path, KBD_SCANNER.path);
  // configured ids win, even for a vendor not on the list
  assert.equal(chooseDevice([KEYBOARD, POS_SCANNER], { mode: 'auto', vendorId: 0x046d, productId: 0xc31c })?.device.path, KEYBOARD.path);
  assert.equal(chooseDevice([KEYBOARD], { mode: 'auto', vendorId: 0x046d, productId: 0x9999 }), null);
  // no usage page reported (some libusb builds): the mode decides
  const bare = { ...POS_SCANNER, usagePage: undefined, usage: undefined };
  assert.equal(chooseDevice([bare], { mode: 'hid-pos', vendorId: 0x0c2e, productId: null })?.kind, 'hid-pos');

  const hid = new FakeHid();
  hid.devices = [KEYBOARD, KBD_SCANNER];
  const src = createHidScannerSource({ load: hid.loader(), mode: 'auto', vendorId: null, productId: null, log: createMemoryLogger(), pollMs: 30, keyboardIdleMs: 40 });
  const got = collect(src);
  await src.start();
  assert.equal(got.statuses.at(-1)?.state, 'connected');
  for (const r of encodeKeyboardReports('VKB:att-007')) hid.current!.send(r);
  assert.deepEqual(got.scans, ['hid-keyboard:VKB:att-007']);
  // no terminator: delivered after the idle time
  for (const r of encodeKeyboardReports('VKR:ACDE-FGHJ').slice(0, -2)) hid.current!.send(r);
  assert.equal(got.scans.length, 1);
  await until(() => got.scans.length === 2);
  assert.equal(got.scans[1], 'hid-keyboard:VKR:ACDE-FGHJ');
  await src.stop();
});

test('Newland scanner by configured vendor id uses its profile', async () => {
  const hid = new FakeHid();
  const newland = { vendorId: 0x1eab, productId: 0x1d06, path: '/dev/hidraw7', interface: 0, usagePage: 0x8c, usage: 2 };
  hid.devices = [newland];
  const src = createHidScannerSource({ load: hid.loader(), mode: 'hid-pos', vendorId: 0x1eab, productId: 0x1d06, log: createMemoryLogger(), pollMs: 30 });
  const got = collect(src);
  await src.start();
  for (const r of encodeHidPosReports(new TextEncoder().encode(']Q1VKP:policy:p-001'), NEWLAND_PROFILE)) hid.current!.send(r);
  assert.deepEqual(got.scans, ['hid-pos:VKP:policy:p-001']);
  await src.stop();
});

test('open failure (permissions) is an error status with the udev hint, and it keeps retrying', async () => {
  const hid = new FakeHid();
  hid.devices = [POS_SCANNER];
  hid.openError = new Error('cannot open device with path /dev/hidraw3');
  const src = createHidScannerSource({ load: hid.loader(), mode: 'auto', vendorId: null, productId: null, log: createMemoryLogger(), pollMs: 30 });
  const got = collect(src);
  await src.start();
  const s = got.statuses.at(-1)!;
  assert.equal(s.state, 'error');
  assert.match(s.state === 'error' ? s.message : '', /udev/);
  hid.openError = null;
  await until(() => got.statuses.at(-1)?.state === 'connected');
  await src.stop();
});

test('a library that cannot load gives an error status naming libusb, never a throw', async () => {
  const src = createHidScannerSource({ load: async () => ({ ok: false, message: `${LIBUSB_HINT} (libusb-1.0.so.0: cannot open shared object file)` }), mode: 'auto', vendorId: null, productId: null, log: createMemoryLogger() });
  const got = collect(src);
  await src.start();
  const s = got.statuses.at(-1)!;
  assert.equal(s.state, 'error');
  assert.match(s.state === 'error' ? s.message : '', /libusb-1\.0-0/);
  await src.stop();
});

test('the real node-hid loader works on this machine (no devices, no crash)', async () => {
  const loaded = await nodeHidLoader('hidraw')();
  if (!loaded.ok) {
    assert.match(loaded.message, /libusb/);
    return;
  }
  const list = await loaded.transport.devicesAsync();
  assert.ok(Array.isArray(list));
});
