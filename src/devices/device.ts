// Shared device-status helpers (scanner and printer). A device's status is a discriminated
// union (contract/core.ts DeviceState); drivers report every change here and the reporter
// pushes it to the UI as a `deviceStatus` event, debouncing the flappy "gone" states: some
// stacks report a device gone for a moment after each job or during a re-enumeration.
import type { DeviceState } from '../contract/core.js';
import type { EventBus } from '../events/bus.js';

export type DeviceName = 'scanner' | 'printer';

export interface StatusReporter {
  /** Report the device's current state; published now or after the debounce. */
  report(status: DeviceState): void;
  /** The last state published to the UI. */
  current(): DeviceState;
  /** Cancels a pending debounced report (module stop). */
  dispose(): void;
}

export interface StatusReporterOptions {
  /** How long a disconnected/offline state must persist before the UI hears of it. */
  debounceMs?: number;
  now?: () => Date;
  /** States that wait for the debounce; others publish at once. */
  debounced?: ReadonlyArray<DeviceState['state']>;
}

function sameStatus(a: DeviceState, b: DeviceState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function createStatusReporter(bus: EventBus, device: DeviceName, opts: StatusReporterOptions = {}): StatusReporter {
  const debounceMs = opts.debounceMs ?? 1500;
  const now = opts.now ?? (() => new Date());
  const slow = new Set(opts.debounced ?? ['disconnected', 'offline']);
  let published: DeviceState | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const publish = (status: DeviceState) => {
    if (published && sameStatus(published, status)) return;
    published = status;
    bus.emit('deviceStatus', { device, status, at: now().toISOString() });
  };
  return {
    report(status) {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      // The first report ever, and anything not in the slow set, goes out at once.
      if (published === null || !slow.has(status.state) || debounceMs <= 0) {
        publish(status);
        return;
      }
      timer = setTimeout(() => {
        timer = null;
        publish(status);
      }, debounceMs);
      timer.unref?.();
    },
    current: () => published ?? { state: 'not-configured' },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
