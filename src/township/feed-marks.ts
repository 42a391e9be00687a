// In-memory high-water marks of the change feed, so that a poll whose cursor is already
// current is answered without reading the feed (docs/township-scale.md, docs/township-postgres.md).
//
// A kiosk sees the items with kiosk_id NULL (content, card revocations) and its own
// request-status items. Its cursor is current when it is at or past the newest position of
// both. The marks learn of new rows with one read of the dialect (readMarks, feed-dialect.ts):
// the rows committed since the previous read, whether readable yet or not. When to read:
//
// - SQLite (token mode): before every answer the marks ask for the change token
//   (`total_changes()` of the connection, which moves with every write this process makes, and
//   `data_version`, which moves when another connection commits): one statement that reads no
//   table. Only when it moved are the rows after the marks' top read. So the marks are never
//   behind a committed change, from this process or another (the CLI, a second township).
// - PostgreSQL (wake mode): several processes write, and there is no cheap token. Every append
//   does pg_notify (delivered at commit); each process holds one dedicated LISTEN connection
//   (store/pg-listener.ts). The notification names the kiosk (or '' for a change every kiosk
//   sees); it starts a read soon (at most one per WAKE_GAP_MS). Until a read covers it, that
//   kiosk's polls take the ordinary path, and after a shared change every poll waits for a
//   read that started after it arrived. Besides, marks older than
//   MAX_AGE_MS are read again before they answer (the safety net for a lost notification or a
//   silently dead connection), so a poll answered from memory hides a change committed before
//   it arrived for at most MAX_AGE_MS plus one read (< 1 s), never longer, and never loses
//   one (the cursor stays the truth: a row committed but still above the watermark makes the
//   kiosk's cursor not current, and the ordinary path reads it once it is readable). While
//   the LISTEN connection is lost, and until it is back and the marks reloaded, every poll
//   takes the ordinary path.
// All reads are shared: concurrent polls join one read (single flight), never one each.
import type { KeyObject } from 'node:crypto';
import { signBytes } from '../protocol/signing.js';
import type { FeedPage, SignedFeedPage } from '../protocol/feed.js';
import type { SqlStore } from './store/sql-store.js';
import type { FeedDialect, FeedPos, MarksRead } from './feed-dialect.js';
import { canListen, type Listening } from './store/pg-listener.js';
import { feedDialect } from './feed.js';

/** Up-to-date answers are signed once and reused this long (generatedAt is at most this old). */
const SIGNED_REUSE_MS = 60_000;
/** A current cursor this far behind the newest seq is moved forward (a later read then scans less). */
const JUMP_AFTER = 1000;
const MAX_CACHED_PAGES = 200_000;
/** Wake mode: marks older than this are read again before they answer a poll. */
export const MAX_AGE_MS = 500;
/** Wake mode: notifications start at most one read per this long. */
const WAKE_GAP_MS = 50;
/** Wake mode: how long the first poll waits for the LISTEN connection before taking the ordinary path. */
const FIRST_LISTEN_WAIT_MS = 5000;

export interface CursorLike {
  e: string;
  pos: FeedPos;
}

const ZERO: FeedPos = { seq: 0 };

export class FeedMarks {
  epoch = '';
  horizon: FeedPos = ZERO;
  /** The top of the feed at the last read: a cursor beyond it was not issued (as far as the marks know). */
  top: FeedPos = ZERO;
  /** Where a current cursor may jump (every row at or below it was readable at the last read). */
  settled: FeedPos = ZERO;
  /** Newest position of a change every kiosk sees (kiosk_id NULL). */
  shared: FeedPos = ZERO;
  readonly perKiosk = new Map<string, FeedPos>();
  /** Wake mode: marks older than this are read again before answering (tests may raise it). */
  maxAgeMs = MAX_AGE_MS;
  /** How many polls were answered from memory (for tests and the bench). */
  hits = 0;
  /** How many reads of the feed the marks made (for tests and the bench). */
  reads = 0;
  readonly dialect: FeedDialect;
  readonly mode: 'token' | 'wake';

  private since: string | null = null;
  private token: string | null = null;
  private loaded = false;
  private readAt = 0;
  // Wake mode: notifications received (wanted), the count a finished read had seen when it
  // started (done), the number of the newest notification of a change every kiosk sees
  // (sharedWanted), and per kiosk the number of its newest notification not yet covered.
  private wanted = 0;
  private done = 0;
  private sharedWanted = 0;
  private readonly dirty = new Map<string, number>();
  private wakeTimer: NodeJS.Timeout | null = null;
  private lastReadStart = 0;
  private listener: Listening | null = null;
  private listenEpoch = 0;
  private reloadWanted = true;
  private trusted = false;
  private inflight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly signed = new Map<string, { cursor: string; at: number; page: SignedFeedPage }>();

  constructor(private readonly store: SqlStore) {
    this.dialect = feedDialect(store);
    this.mode = this.dialect.wakeChannel && canListen(store) ? 'wake' : 'token';
  }

  /** Wake mode: true while answers from memory are allowed (LISTEN in place and the marks reloaded since). */
  get usable(): boolean {
    return this.mode === 'token' ? this.loaded && this.token !== null : this.trusted && this.listener !== null && this.listener.ready;
  }

  /** Wake mode: notifications received so far (for tests). */
  get wakeups(): number {
    return this.wanted;
  }

  /** Wake mode: true when a notification has arrived that no finished read has covered yet. */
  get behind(): boolean {
    return this.done < this.wanted;
  }

  /** The LISTEN connection (wake mode), once started. */
  get listening(): Listening | null {
    return this.listener;
  }

  private apply(r: MarksRead, full: boolean): void {
    const d = this.dialect;
    const max = (a: FeedPos, b: FeedPos) => (d.compare(a, b) >= 0 ? a : b);
    if (full) {
      this.perKiosk.clear();
      this.shared = ZERO;
      this.top = ZERO;
      this.settled = ZERO;
      this.horizon = ZERO;
    }
    this.epoch = r.epoch;
    this.horizon = max(this.horizon, r.horizon);
    this.top = max(this.top, r.top);
    this.settled = max(this.settled, r.settled);
    for (const { kioskId, pos } of r.latest) {
      if (kioskId === null) this.shared = max(this.shared, pos);
      else this.perKiosk.set(kioskId, max(this.perKiosk.get(kioskId) ?? ZERO, pos));
    }
    this.since = r.since;
    this.loaded = true;
  }

  /** One read of the marks (token mode: only when the token moved). */
  private async readOnce(): Promise<void> {
    if (this.mode === 'token') {
      // One read transaction: the token and everything read after it are one snapshot.
      await this.store.tx(async (q) => {
        const token = await this.dialect.changeToken(q);
        if (token === null) return;
        if (this.loaded && token === this.token) return;
        this.token = token;
        this.reads++;
        const r = await this.dialect.readMarks(q, this.loaded ? this.since : null);
        if (this.loaded && r.epoch !== this.epoch) this.apply(await this.dialect.readMarks(q, null), true);
        else this.apply(r, !this.loaded);
      });
      return;
    }
    const startedAt = Date.now();
    this.lastReadStart = startedAt;
    const seen = this.wanted;
    const reload = this.reloadWanted || !this.loaded;
    const epochOfListen = this.listenEpoch;
    this.reloadWanted = false;
    try {
      this.reads++;
      // One statement, one snapshot, no transaction needed.
      let r = await this.dialect.readMarks(this.store, reload ? null : this.since);
      let full = reload;
      if (!full && r.epoch !== this.epoch) {
        r = await this.dialect.readMarks(this.store, null);
        full = true;
      }
      this.apply(r, full);
    } catch (e) {
      if (reload) this.reloadWanted = true;
      throw e;
    }
    this.done = Math.max(this.done, seen);
    for (const [k, n] of this.dirty) if (n <= this.done) this.dirty.delete(k);
    this.readAt = Math.max(this.readAt, startedAt);
    if (reload && epochOfListen === this.listenEpoch && this.listener?.ready) this.trusted = true;
  }

  /** A read that starts now or later, shared by everyone who asks meanwhile. */
  private readSoon(): Promise<void> {
    if (!this.inflight) {
      const p: Promise<void> = this.readOnce().finally(() => {
        if (this.inflight === p) this.inflight = null;
      });
      this.inflight = p;
      return p;
    }
    if (!this.queued) {
      const q: Promise<void> = this.inflight
        .catch(() => undefined)
        .then(() => {
          if (this.queued === q) this.queued = null;
          return this.readSoon();
        });
      this.queued = q;
    }
    return this.queued;
  }

  /**
   * A read soon after a notification, at most one per WAKE_GAP_MS however many arrive (every
   * relayed request notifies: thousands a second must not become thousands of reads). A
   * failure is tried again by the next poll.
   */
  private wakeRead(): void {
    if (this.wakeTimer) return;
    const delay = Math.max(0, this.lastReadStart + WAKE_GAP_MS - Date.now());
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.readSoon().catch(() => undefined);
    }, delay);
    this.wakeTimer.unref();
  }

  private startListening(): Promise<unknown> {
    if (this.listener || !canListen(this.store)) return Promise.resolve();
    const channel = this.dialect.wakeChannel!;
    // The payload names the kiosk whose request status changed ('' for a change every kiosk
    // sees). That kiosk's polls take the ordinary path until a read covers it; a shared change
    // makes every poll wait for that read. This process's own changes are heard at their
    // commit too (hearLocal), so its next poll has them; the NOTIFY still comes a moment later.
    const onNotify = (payload: string) => {
      const n = ++this.wanted;
      if (payload === '') this.sharedWanted = n;
      else this.dirty.set(payload, n);
      this.wakeRead();
    };
    this.store.hearLocal(channel, onNotify);
    this.listener = this.store.listen(channel, {
      onNotify,
      onReady: () => {
        // Notifications may have been missed while it was down: reload before trusting the marks.
        this.listenEpoch++;
        this.reloadWanted = true;
        this.readSoon().catch(() => undefined);
      },
      onLost: () => {
        this.trusted = false;
        this.listenEpoch++;
      },
    });
    const first = this.listener.first;
    return Promise.race([first, new Promise((r) => setTimeout(r, FIRST_LISTEN_WAIT_MS).unref())]).then(async () => {
      if (this.listener?.ready && !this.trusted) await this.readSoon().catch(() => undefined);
    });
  }

  /**
   * Brings the marks up to date as this poll needs them. Token mode: one table-less statement
   * when nothing changed. Wake mode: nothing at all while no notification has arrived and the
   * marks are younger than maxAgeMs; nothing either while LISTEN is lost (isCurrent is then
   * false: every poll takes the ordinary path).
   */
  refresh(): Promise<void> {
    if (this.mode === 'token') return this.readSoon();
    if (!this.listener) return this.startListening().then(() => undefined);
    if (!this.listener.ready) return Promise.resolve();
    if (this.trusted && this.done >= this.sharedWanted && Date.now() - this.readAt < this.maxAgeMs) return Promise.resolve();
    return this.readSoon();
  }

  /** True when nothing this kiosk sees has changed after the cursor (and the cursor is valid), as of the last read. */
  isCurrent(kioskId: string, c: CursorLike): boolean {
    if (!this.usable) return false;
    if (this.mode === 'wake' && (this.dirty.get(kioskId) ?? 0) > this.done) return false; // its change is on the way
    const cmp = (a: FeedPos, b: FeedPos) => this.dialect.compare(a, b);
    const p = c.pos;
    return c.e === this.epoch && cmp(p, this.horizon) >= 0 && cmp(p, this.top) <= 0 && cmp(p, this.shared) >= 0 && cmp(p, this.perKiosk.get(kioskId) ?? ZERO) >= 0;
  }

  /** Refreshes, then isCurrent: what a poll asks. */
  async currentNow(kioskId: string, c: CursorLike): Promise<boolean> {
    await this.refresh();
    return this.isCurrent(kioskId, c);
  }

  /**
   * The signed empty page for a current cursor: signed once, then reused for up to a minute
   * while the kiosk keeps polling with the same cursor. Its nextCursor is the same cursor
   * (so the reuse works), unless the cursor has fallen far behind the newest settled row.
   */
  currentPage(kioskId: string, cursorText: string, c: CursorLike, key: KeyObject, keyId: string, encode: (pos: FeedPos, epoch: string) => string, now: Date): SignedFeedPage {
    this.hits++;
    const t = now.getTime();
    const hit = this.signed.get(kioskId);
    if (hit && hit.cursor === cursorText && t - hit.at >= 0 && t - hit.at < SIGNED_REUSE_MS) return hit.page;
    const jump = this.settled.seq - c.pos.seq > JUMP_AFTER && this.dialect.compare(this.settled, c.pos) > 0;
    const nextCursor = jump ? encode(this.settled, this.epoch) : cursorText;
    const page: FeedPage = { kioskId, cursor: cursorText, items: [], nextCursor, hasMore: false, generatedAt: now.toISOString() };
    const payload = JSON.stringify(page);
    const signed: SignedFeedPage = { payload, signature: signBytes(key, payload), keyId };
    this.signed.delete(kioskId);
    if (this.signed.size >= MAX_CACHED_PAGES) this.signed.delete(this.signed.keys().next().value!);
    this.signed.set(kioskId, { cursor: cursorText, at: t, page: signed });
    return signed;
  }
}

const marks = new WeakMap<SqlStore, FeedMarks>();

/** The marks of a store the township serves (created on first use; loaded on the first refresh). */
export function feedMarks(store: SqlStore): FeedMarks {
  let m = marks.get(store);
  if (!m) marks.set(store, (m = new FeedMarks(store)));
  return m;
}
