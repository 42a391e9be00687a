// Keeps the latest device and link status, fed by the event bus, so a newly opened screen
// (or app.status) gets the current state without waiting for the next change.
import type { DeviceState, LinkStatusEvent, StatusSnapshot, StorageStatusEvent } from '../contract/core.js';
import type { EventName } from '../contract/index.js';
import type { EventBus } from '../events/bus.js';

export interface StatusStore {
  snapshot(): StatusSnapshot;
  asEvents(): Array<{ name: EventName; payload: unknown }>;
}

export function createStatusStore(bus: EventBus, now: () => Date = () => new Date()): StatusStore {
  const devices: { scanner: DeviceState; printer: DeviceState } = { scanner: { state: 'not-configured' }, printer: { state: 'not-configured' } };
  let link: LinkStatusEvent = { link: { state: 'not-configured' }, queued: 0, needsAttention: 0, lastSyncAt: null, at: now().toISOString() };
  bus.on('deviceStatus', (e) => {
    devices[e.device] = e.status;
  });
  bus.on('linkStatus', (e) => {
    link = e;
  });
  let storage: StorageStatusEvent | null = null;
  bus.on('storageStatus', (e) => {
    storage = e;
  });
  return {
    snapshot: () => ({ scanner: devices.scanner, printer: devices.printer, link }),
    asEvents: () => {
      const at = now().toISOString();
      return [
        { name: 'deviceStatus', payload: { device: 'scanner', status: devices.scanner, at } },
        { name: 'deviceStatus', payload: { device: 'printer', status: devices.printer, at } },
        { name: 'linkStatus', payload: link },
        ...(storage ? [{ name: 'storageStatus' as const, payload: storage }] : []),
      ];
    },
  };
}
