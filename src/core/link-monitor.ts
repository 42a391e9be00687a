// One view of the link to the township, fed by everything that talks to it (the relay
// worker, the content/status sync). Publishes `linkStatus` events on every change and lets
// workers react to the link coming back ("retry immediately on link-up").
import type { LinkState, LinkStatusEvent } from '../contract/core.js';
import type { EventBus } from '../events/bus.js';

export interface LinkMonitor {
  /** A request to the township got an HTTP answer (any status): the link works. */
  reportContact(): void;
  /** A request failed at the network level (refused, reset, timeout, TLS). */
  reportFailure(reason: string, nextAttemptAt: Date | null): void;
  /** 401/403: the township refuses this kiosk; sending pauses until staff fix the token. */
  reportPaused(reason: string): void;
  setQueueCounts(queued: number, needsAttention: number): void;
  setLastSync(at: Date): void;
  current(): LinkStatusEvent;
  /** Called when the link goes from not-online to online. */
  onLinkUp(handler: () => void): () => void;
}

export function createLinkMonitor(bus: EventBus, opts: { configured: boolean; now?: () => Date }): LinkMonitor {
  const now = opts.now ?? (() => new Date());
  let link: LinkState = opts.configured ? { state: 'offline', since: now().toISOString(), reason: 'not contacted yet', nextAttemptAt: null } : { state: 'not-configured' };
  let queued = 0;
  let needsAttention = 0;
  let lastSyncAt: string | null = null;
  const upHandlers = new Set<() => void>();
  const snapshot = (): LinkStatusEvent => ({ link, queued, needsAttention, lastSyncAt, at: now().toISOString() });
  const publish = () => bus.emit('linkStatus', snapshot());
  return {
    reportContact() {
      if (!opts.configured) return;
      const wasUp = link.state === 'online';
      link = { state: 'online', lastContactAt: now().toISOString() };
      publish();
      if (!wasUp) for (const h of upHandlers) h();
    },
    reportFailure(reason, nextAttemptAt) {
      if (!opts.configured) return;
      const since = link.state === 'offline' ? link.since : now().toISOString();
      link = { state: 'offline', since, reason, nextAttemptAt: nextAttemptAt?.toISOString() ?? null };
      publish();
    },
    reportPaused(reason) {
      link = { state: 'paused', reason };
      publish();
    },
    setQueueCounts(q, n) {
      if (q === queued && n === needsAttention) return;
      queued = q;
      needsAttention = n;
      publish();
    },
    setLastSync(at) {
      lastSyncAt = at.toISOString();
      publish();
    },
    current: snapshot,
    onLinkUp(handler) {
      upHandlers.add(handler);
      return () => upHandlers.delete(handler);
    },
  };
}
