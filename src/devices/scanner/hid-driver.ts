// The real scanner driver: node-hid (HIDAsync + devicesAsync, through HidTransport), in the
// runtime process only. Finds the scanner by configured vendor/product id or autodetects it
// (usage page 0x8C, else a keyboard interface of a known scanner vendor), reads reports,
// turns them into scans (HID POS reassembly or keyboard decoding) and handles hot-plug:
// node-hid has no plug events, so a read error closes the device and devicesAsync() is
// polled every couple of seconds until the scanner is back.
import type { Logger } from '../../log/logger.js';
import { HID_POS_USAGE_PAGE, HidPosReassembler, profileFor, type HidPosProfile, HID_POS_PROFILES } from './hid-pos.js';
import type { HidDeviceInfo, HidHandle, HidTransport, TransportLoader } from './hid-transport.js';
import { KeyboardReportDecoder } from './keyboard.js';
import { createEmitter, type ScannerSource } from './source.js';

export type HidMode = 'auto' | 'hid-pos' | 'hid-keyboard';

/** Vendors whose keyboard-class interfaces are scanners, not keyboards (autodetect only). */
export const KNOWN_SCANNER_VENDORS: ReadonlyMap<number, string> = new Map([
  [0x0c2e, 'Honeywell / Metrologic'],
  [0x0536, 'Hand Held Products (Honeywell)'],
  [0x05e0, 'Zebra / Symbol'],
  [0x05f9, 'Datalogic'],
  [0x1eab, 'Newland'],
  [0x065a, 'Opticon'],
]);

export interface Selection {
  device: HidDeviceInfo & { path: string };
  kind: 'hid-pos' | 'hid-keyboard';
}

function isKeyboard(d: HidDeviceInfo): boolean {
  return d.usagePage === 0x01 && d.usage === 0x06;
}

/** Picks the scanner interface to open, or null. Pure: tested with listed devices. */
export function chooseDevice(devices: HidDeviceInfo[], want: { mode: HidMode; vendorId: number | null; productId: number | null }): Selection | null {
  const withPath = devices.filter((d): d is HidDeviceInfo & { path: string } => typeof d.path === 'string' && d.path.length > 0);
  const allowPos = want.mode !== 'hid-keyboard';
  const allowKbd = want.mode !== 'hid-pos';
  if (want.vendorId !== null) {
    const mine = withPath.filter((d) => d.vendorId === want.vendorId && (want.productId === null || d.productId === want.productId));
    const pos = allowPos ? mine.find((d) => d.usagePage === HID_POS_USAGE_PAGE) : undefined;
    if (pos) return { device: pos, kind: 'hid-pos' };
    const kbd = allowKbd ? mine.find(isKeyboard) : undefined;
    if (kbd) return { device: kbd, kind: 'hid-keyboard' };
    // The backend could not tell the usage page (older libusb builds): trust the mode.
    const unknown = mine.find((d) => d.usagePage === undefined || d.usagePage === 0);
    if (unknown) return { device: unknown, kind: want.mode === 'hid-pos' ? 'hid-pos' : 'hid-keyboard' };
    return null;
  }
  const pos = allowPos ? withPath.find((d) => d.usagePage === HID_POS_USAGE_PAGE) : undefined;
  if (pos) return { device: pos, kind: 'hid-pos' };
  const kbd = allowKbd ? withPath.find((d) => KNOWN_SCANNER_VENDORS.has(d.vendorId) && isKeyboard(d)) : undefined;
  if (kbd) return { device: kbd, kind: 'hid-keyboard' };
  return null;
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

export function describeDevice(d: HidDeviceInfo): string {
  const name = [d.manufacturer, d.product].filter((s) => s && s.trim()).join(' ').trim();
  return `${name || 'HID scanner'} (${hex4(d.vendorId)}:${hex4(d.productId)})`;
}

export interface HidDriverOptions {
  load: TransportLoader;
  mode: HidMode;
  vendorId: number | null;
  productId: number | null;
  log: Logger;
  /** Re-poll interval while no scanner is open (default 2000 ms). */
  pollMs?: number;
  /** A keyboard-mode scan with no Enter/Tab ends after this much silence (default 300 ms). */
  keyboardIdleMs?: number;
  profiles?: readonly HidPosProfile[];
  /** Bytes kept per scan before it is flagged too long. */
  maxBytes?: number;
}

export function createHidScannerSource(opts: HidDriverOptions): ScannerSource {
  const { emit, on } = createEmitter();
  const log = opts.log;
  const pollMs = opts.pollMs ?? 2000;
  const maxBytes = opts.maxBytes ?? 4096;
  let transport: HidTransport | null = null;
  let handle: HidHandle | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let polling = false;
  let lastProblem = '';
  const encoder = new TextEncoder();

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void poll();
    }, ms);
    timer.unref?.();
  };

  const closeHandle = async () => {
    const h = handle;
    handle = null;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    if (!h) return;
    try {
      h.removeAllListeners();
      await h.close();
    } catch (e) {
      log.debug('scanner-close-failed', { message: (e as Error).message });
    }
  };

  const attach = (h: HidHandle, sel: Selection) => {
    const source = sel.kind;
    if (sel.kind === 'hid-pos') {
      const profile = profileFor(sel.device.vendorId, sel.device.productId, opts.profiles ?? HID_POS_PROFILES);
      const re = new HidPosReassembler(profile, { maxBytes });
      log.info('scanner-profile', { profile: profile.name });
      h.on('data', (data) => {
        const scan = re.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (scan) emit({ type: 'scan', bytes: scan.bytes, source, ...(profile.encoding ? { encoding: profile.encoding } : {}) });
      });
    } else {
      const dec = new KeyboardReportDecoder({ maxChars: maxBytes });
      const idleMs = opts.keyboardIdleMs ?? 300;
      const deliver = (text: string) => emit({ type: 'scan', bytes: encoder.encode(text), source, encoding: 'utf-8' });
      h.on('data', (data) => {
        for (const s of dec.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))) deliver(s.text);
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = null;
        if (dec.pending) {
          idleTimer = setTimeout(() => {
            const s = dec.flush();
            if (s) deliver(s.text);
          }, idleMs);
          idleTimer.unref?.();
        }
      });
    }
    h.on('error', (err) => {
      // node-hid: "could not read from HID device" = unplugged (or the device reset).
      log.warn('scanner-unplugged', { message: `lost the scanner: ${(err as Error)?.message ?? String(err)}; looking for it every ${pollMs / 1000} s` });
      void closeHandle().then(() => {
        emit({ type: 'status', status: { state: 'disconnected', reason: 'unplugged' } });
        schedule(pollMs);
      });
    });
  };

  const poll = async () => {
    if (stopped || polling || handle || !transport) return;
    polling = true;
    try {
      let devices: HidDeviceInfo[];
      try {
        devices = await transport.devicesAsync();
      } catch (e) {
        const message = `Could not list USB HID devices: ${(e as Error).message}`;
        if (message !== lastProblem) log.warn('scanner-enumerate-failed', { message });
        lastProblem = message;
        emit({ type: 'status', status: { state: 'error', message } });
        schedule(pollMs);
        return;
      }
      const sel = chooseDevice(devices, { mode: opts.mode, vendorId: opts.vendorId, productId: opts.productId });
      if (!sel) {
        if (lastProblem !== 'none') log.info('scanner-not-found', { devices: devices.length, mode: opts.mode });
        lastProblem = 'none';
        emit({ type: 'status', status: { state: 'disconnected', reason: 'no scanner found' } });
        schedule(pollMs);
        return;
      }
      let h: HidHandle;
      try {
        h = await transport.open(sel.device.path);
      } catch (e) {
        const message = `Found ${describeDevice(sel.device)} but could not open it (${(e as Error).message}). Install resources/udev/99-village-kiosk.rules and add the kiosk user to its group.`;
        if (message !== lastProblem) log.warn('scanner-open-failed', { message });
        lastProblem = message;
        emit({ type: 'status', status: { state: 'error', message } });
        schedule(pollMs);
        return;
      }
      if (stopped) {
        await h.close().catch(() => undefined);
        return;
      }
      handle = h;
      lastProblem = '';
      attach(h, sel);
      log.info('scanner-connected', { device: describeDevice(sel.device), kind: sel.kind, backend: transport.backend });
      emit({ type: 'status', status: { state: 'connected', model: describeDevice(sel.device) } });
    } finally {
      polling = false;
    }
  };

  return {
    kind: 'hid',
    onEvent: on,
    async start() {
      stopped = false;
      const loaded = await opts.load();
      if (!loaded.ok) {
        log.error('scanner-library-failed', { message: loaded.message });
        emit({ type: 'status', status: { state: 'error', message: loaded.message } });
        return;
      }
      transport = loaded.transport;
      await poll();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await closeHandle();
    },
  };
}
