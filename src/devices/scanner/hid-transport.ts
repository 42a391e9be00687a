// The HID transport: the part of node-hid the driver uses, behind an interface so tests can
// substitute a fake with the same surface (devicesAsync, open, data/error events, close).
// node-hid is loaded lazily and defensively: if its native module cannot load (libusb-1.0
// missing, wrong platform) the driver reports an error status and the kiosk keeps working.
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  interface: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

export interface HidHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  removeAllListeners(): unknown;
  close(): Promise<void>;
}

export interface HidTransport {
  readonly backend: 'hidraw' | 'libusb' | 'fake';
  devicesAsync(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidHandle>;
}

export type TransportLoad = { ok: true; transport: HidTransport } | { ok: false; message: string };
export type TransportLoader = () => Promise<TransportLoad>;

export const LIBUSB_HINT = 'The scanner library (node-hid) could not load. On Debian/Ubuntu install libusb: sudo apt-get install libusb-1.0-0, then restart the kiosk.';

interface NodeHidModule {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  setDriverType(t: 'hidraw' | 'libusb'): void;
  HIDAsync: { open(path: string): Promise<HidHandle> };
}

let loadedBackend: 'hidraw' | 'libusb' | null = null;

/** Loads node-hid with the given Linux backend ('libusb' detaches the kernel driver: exclusive access). */
export function nodeHidLoader(backend: 'hidraw' | 'libusb'): TransportLoader {
  return async () => {
    let mod: NodeHidModule;
    try {
      const imported = (await import('node-hid')) as unknown as NodeHidModule & { default?: NodeHidModule };
      mod = typeof imported.devicesAsync === 'function' ? imported : imported.default!;
      // The backend is fixed when the native binding first loads (once per process).
      if (loadedBackend === null) mod.setDriverType(backend);
      loadedBackend ??= backend;
      await mod.devicesAsync(); // forces the native binding to load now, not mid-scan
    } catch (e) {
      /* c8 ignore start -- only where node-hid's native binding cannot load (no libusb-1.0-0); the test machines have it */
      const detail = (e as Error).message?.split('\n')[0] ?? String(e);
      return { ok: false, message: `${LIBUSB_HINT} (${detail})` };
      /* c8 ignore stop */
    }
    const actual = loadedBackend;
    return {
      ok: true,
      transport: {
        backend: actual,
        devicesAsync: () => mod.devicesAsync(),
        open: (p) => mod.HIDAsync.open(p),
      },
    };
  };
}
