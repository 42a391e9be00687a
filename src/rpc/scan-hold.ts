// No scan is lost while a screen connects (issue 8 item 11). The runtime numbers every routed
// scan (the SSE `id:` of its `scanRouted` event) and keeps it for a few seconds:
//   - a screen that reconnects (EventSource sends Last-Event-ID) gets the scans after that id;
//   - a screen that connects fresh (a page load) gets the held scans no screen received yet,
//     e.g. the first scan after a page load, made before its event stream was open.
// A scan is handed out once as "unreceived": after that it counts as delivered.
import type { EventBus } from '../events/bus.js';
import type { ScanRoutedEvent } from '../contract/devices.js';

export const SCAN_HOLD_MS = 5000;
const MAX_HELD = 50;

interface Held {
  seq: number;
  payload: ScanRoutedEvent;
  atMs: number;
  delivered: number;
}

export interface ScanHold {
  /** The SSE id of a scanRouted payload the bus just carried (null if unknown). */
  seqOf(payload: unknown): number | null;
  /** A stream wrote this scan. */
  delivered(seq: number): void;
  /** Scans for a new stream: after `lastEventId` on a reconnect, else the ones nobody received. Marks them delivered. */
  replay(lastEventId: number | null): Array<{ seq: number; payload: ScanRoutedEvent }>;
  dispose(): void;
}

export function createScanHold(bus: EventBus, opts: { holdMs?: number; now?: () => number } = {}): ScanHold {
  const holdMs = opts.holdMs ?? SCAN_HOLD_MS;
  const now = opts.now ?? Date.now;
  const held: Held[] = [];
  const bySeq = new WeakMap<object, number>();
  let seq = 0;
  const prune = () => {
    const cutoff = now() - holdMs;
    while (held.length && (held[0]!.atMs < cutoff || held.length > MAX_HELD)) held.shift();
  };
  // Registered before any stream subscribes, so the number exists when the streams send.
  const off = bus.on('scanRouted', (payload) => {
    seq++;
    bySeq.set(payload, seq);
    held.push({ seq, payload, atMs: now(), delivered: 0 });
    prune();
  });
  return {
    seqOf: (payload) => (typeof payload === 'object' && payload !== null ? (bySeq.get(payload) ?? null) : null),
    delivered(s) {
      const h = held.find((x) => x.seq === s);
      if (h) h.delivered++;
    },
    replay(lastEventId) {
      prune();
      // An id from before a runtime restart (larger than any we issued) means: treat as fresh.
      const resumed = lastEventId !== null && lastEventId <= seq;
      const out = held.filter((h) => (resumed ? h.seq > lastEventId : h.delivered === 0));
      for (const h of out) h.delivered++;
      return out.map((h) => ({ seq: h.seq, payload: h.payload }));
    },
    dispose: off,
  };
}
