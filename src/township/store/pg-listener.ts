// One dedicated LISTEN connection (not from the query pool: a pooled client is handed to other
// work and would lose its LISTEN), for wake-up hints such as the change feed's (feed-marks.ts).
//
// - `onReady` runs each time LISTEN is in place (first connect, and after every reconnect):
//   notifications sent before it may have been missed, so the owner reloads what it caches.
// - `onLost` runs when the connection fails or ends (the server restarted, an idle-session kill,
//   pg_terminate_backend, a network error): the owner stops trusting its cache. It is logged
//   once per loss (`township.pg.listen-lost`, warn); the reconnection (1 s, doubling to 30 s)
//   is logged once when it succeeds (`township.pg.listen-restored`). Nothing is ever thrown at
//   the process: the client's 'error' events are handled here.
// - TCP keep-alive is on, but a silently dead connection may still look alive for a while: the
//   owner must bound its staleness by itself too (the feed marks re-read at least every 500 ms).
import pg from 'pg';
import type { Logger } from '../../log/logger.js';

export interface ListenHandlers {
  onNotify(payload: string): void;
  onReady(): void;
  onLost(): void;
}

export interface Listening {
  /** Settles when the first attempt to connect and LISTEN has succeeded (true) or failed (false). */
  readonly first: Promise<boolean>;
  /** True while LISTEN is in place. */
  readonly ready: boolean;
  close(): Promise<void>;
}

/** A store that can hold a LISTEN connection (pg-store.ts). */
export interface ListenableStore {
  listen(channel: string, handlers: ListenHandlers): Listening;
  /** Hears this process's own notifications at its commits (SqlRunner.notifyLocal), before they come back through LISTEN. */
  hearLocal(channel: string, onNotify: (payload: string) => void): () => void;
}

export function canListen(store: object): store is ListenableStore {
  return typeof (store as Partial<ListenableStore>).listen === 'function';
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export class PgListener implements Listening {
  readonly first: Promise<boolean>;
  ready = false;
  /** The delay before the first reconnection attempt after a loss (doubles up to 30 s). */
  retryMs = FIRST_RETRY_MS;
  private failures = 0;
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private lostLogged = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly handlers: ListenHandlers,
    private readonly log: Logger,
    private readonly where: string,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`LISTEN channel "${channel}" must be a plain lower-case identifier`);
    this.first = this.connect();
  }

  private async connect(): Promise<boolean> {
    if (this.closed) return false;
    const c = new pg.Client(this.config);
    this.client = c;
    let gone = false;
    const lost = (why: string) => {
      if (gone) return;
      gone = true;
      if (this.client === c) this.client = null;
      c.removeAllListeners('notification');
      c.end().catch(() => {});
      const wasReady = this.ready;
      this.ready = false;
      if (this.closed) return;
      if (wasReady) this.handlers.onLost();
      const retryInMs = Math.min(MAX_RETRY_MS, this.retryMs * 2 ** Math.min(this.failures++, 10));
      if (!this.lostLogged) {
        this.lostLogged = true;
        this.log.warn('township.pg.listen-lost', { where: this.where, channel: this.channel, error: why, retryInMs, note: 'until it is back, feed polls read the database (the ordinary path)' });
      }
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.connect();
      }, retryInMs);
      this.timer.unref();
    };
    c.on('error', (e: Error) => lost(e.message));
    c.on('end', () => lost('the connection ended'));
    c.on('notification', (n) => {
      if (n.channel === this.channel) this.handlers.onNotify(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${this.channel}`);
    } catch (e) {
      lost((e as Error).message);
      return false;
    }
    if (gone || this.closed) {
      if (this.closed) await c.end().catch(() => {});
      return false;
    }
    this.ready = true;
    this.failures = 0;
    if (this.lostLogged) {
      this.lostLogged = false;
      this.log.info('township.pg.listen-restored', { where: this.where, channel: this.channel });
    }
    this.handlers.onReady();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ready = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners('notification');
      await c.end().catch(() => {});
    }
  }
}
