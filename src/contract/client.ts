// The typed client for the contract. Browser-safe (no Node imports): the renderer uses it,
// and so do the tests, so both drive the runtime through exactly the same calls.
import { calls, events, paths, type CallInput, type CallName, type CallOutput, type EventName, type EventPayload } from './index.js';

export class RpcError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** The part of EventSource the client uses; lets Node tests pass their own. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (ev: { data: string }) => void): void;
  close(): void;
  onerror: ((ev: unknown) => void) | null;
  onopen: ((ev: unknown) => void) | null;
}

export interface ClientOptions {
  /** The runtime's URL; only its origin is used (a launch link works too). */
  baseUrl: string;
  /**
   * The session token, sent as "Authorization: Bearer". The kiosk screen leaves it out: its
   * session cookie (HttpOnly, from a launch code) goes with every same-origin request.
   */
  token?: string;
  fetch?: typeof fetch;
  eventSource?: (url: string) => EventSourceLike;
  /** The signed-in attendant's session, sent with calls marked 'attendant' (null: none). */
  attendantSession?: () => string | null;
}

export type EventHandlers = { [K in EventName]?: (payload: EventPayload<K>) => void } & {
  connection?: (state: 'open' | 'error') => void;
};

export interface KioskClient {
  call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
  subscribe(handlers: EventHandlers): () => void;
}

export function createClient(opts: ClientOptions): KioskClient {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = new URL(opts.baseUrl).origin;
  let shared: { source: EventSourceLike; subs: Set<EventHandlers>; open: boolean } | null = null;
  return {
    async call(name, input) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (opts.token) headers[paths.tokenHeader] = `Bearer ${opts.token}`;
      const session = calls[name].access === 'attendant' ? opts.attendantSession?.() : null;
      if (session) headers[paths.attendantHeader] = session;
      const res = await doFetch(base + paths.rpc(name), {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        throw new RpcError(res.status, 'bad-response', `The runtime answered ${name} with something that is not JSON.`);
      }
      if (!res.ok) {
        const err = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
        throw new RpcError(res.status, err?.code ?? 'http-error', err?.message ?? `HTTP ${res.status} from ${name}`);
      }
      const parsed = calls[name].output.safeParse(body);
      if (!parsed.success) throw new RpcError(res.status, 'bad-response', `The runtime's answer to ${name} does not match the contract.`);
      return parsed.data as CallOutput<typeof name>;
    },
    subscribe(handlers) {
      // One event stream per screen (issue 8 item 11): every subscriber shares one
      // EventSource, so no part of the screen misses an event another part's stream got,
      // and a reconnect resumes from the last scan (Last-Event-ID, see src/rpc/scan-hold.ts).
      if (!shared) {
        const url = opts.token ? `${base}${paths.events}?${paths.tokenQuery}=${encodeURIComponent(opts.token)}` : `${base}${paths.events}`;
        const make = opts.eventSource ?? ((u: string) => new (globalThis as unknown as { EventSource: new (u: string) => EventSourceLike }).EventSource(u));
        const source = make(url);
        const subs = new Set<EventHandlers>();
        const stream = { source, subs, open: false };
        for (const name of Object.keys(events) as EventName[]) {
          source.addEventListener(name, (ev) => {
            let data: unknown;
            try {
              data = JSON.parse(ev.data);
            } catch {
              return;
            }
            const parsed = events[name].safeParse(data);
            if (!parsed.success) return;
            for (const h of [...stream.subs]) (h[name] as ((p: unknown) => void) | undefined)?.(parsed.data);
          });
        }
        source.onopen = () => {
          stream.open = true;
          for (const h of [...stream.subs]) h.connection?.('open');
        };
        source.onerror = () => {
          stream.open = false;
          for (const h of [...stream.subs]) h.connection?.('error');
        };
        shared = stream;
      }
      const stream = shared;
      stream.subs.add(handlers);
      if (stream.open) handlers.connection?.('open');
      return () => {
        stream.subs.delete(handlers);
        if (stream.subs.size === 0) {
          stream.source.close();
          if (shared === stream) shared = null;
        }
      };
    },
  };
}
