// One interface for every scanner source: the real HID driver, the in-memory fake, the
// state-file fake and the simulator. A source emits raw scans (bytes, decoded later by
// src/scan/decode.ts so every source shares one decoder) and status changes.
import type { DeviceState } from '../../contract/core.js';
import type { ScanSource } from '../../contract/devices.js';

export type ScannerEvent =
  /** encoding: set when the source knows it (a HID POS profile that pins it, or text keystrokes). */
  | { type: 'scan'; bytes: Uint8Array; source: ScanSource; encoding?: 'utf-8' | 'gb18030' }
  | { type: 'status'; status: DeviceState };

export type ScannerListener = (event: ScannerEvent) => void;

export interface ScannerSource {
  readonly kind: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  onEvent(listener: ScannerListener): () => void;
  /** Dev panel / tests: present only on fakes that can be driven. */
  control?: ScannerControl;
}

export interface ScannerControl {
  inject(bytes: Uint8Array): Promise<void>;
  setConnected(connected: boolean): Promise<void>;
}

/** A small listener set, shared by the sources. */
export function createEmitter(): { emit: ScannerListener; on: (l: ScannerListener) => () => void } {
  const listeners = new Set<ScannerListener>();
  return {
    emit: (e) => {
      for (const l of listeners) {
        try {
          l(e);
        } catch {
          // a listener's problem is its own; the source keeps running
        }
      }
    },
    on: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
