// A fake HID transport with node-hid's surface (devicesAsync, open -> handle with data/error
// events and close), for driving the real driver without USB hardware.
import { EventEmitter } from 'node:events';
import type { HidDeviceInfo, HidHandle, HidTransport, TransportLoader } from '#src/devices/scanner/hid-transport.js';

export class FakeHandle extends EventEmitter implements HidHandle {
  closed = false;
  constructor(readonly path: string) {
    super();
  }
  async close() {
    this.closed = true;
  }
  send(report: Uint8Array) {
    this.emit('data', Buffer.from(report));
  }
  unplug() {
    this.emit('error', new Error('could not read from HID device'));
  }
}

export class FakeHid implements HidTransport {
  readonly backend = 'fake' as const;
  devices: HidDeviceInfo[] = [];
  handles: FakeHandle[] = [];
  enumerations = 0;
  openError: Error | null = null;
  async devicesAsync() {
    this.enumerations++;
    return this.devices.map((d) => ({ ...d }));
  }
  async open(path: string) {
    if (this.openError) throw this.openError;
    if (!this.devices.some((d) => d.path === path)) throw new Error(`cannot open device with path ${path}`);
    const h = new FakeHandle(path);
    this.handles.push(h);
    return h;
  }
  get current(): FakeHandle | undefined {
    return this.handles.filter((h) => !h.closed).at(-1);
  }
  loader(): TransportLoader {
    return async () => ({ ok: true, transport: this });
  }
}

export const POS_SCANNER: HidDeviceInfo = { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', manufacturer: 'Honeywell', product: 'Xenon 1950g', interface: 0, usagePage: 0x8c, usage: 0x02 };
export const KBD_SCANNER: HidDeviceInfo = { vendorId: 0x05e0, productId: 0x1200, path: '/dev/hidraw4', manufacturer: 'Symbol', product: 'LS2208', interface: 0, usagePage: 0x01, usage: 0x06 };
export const KEYBOARD: HidDeviceInfo = { vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0', manufacturer: 'Logitech', product: 'Keyboard', interface: 0, usagePage: 0x01, usage: 0x06 };
