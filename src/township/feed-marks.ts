// In-memory high-water marks of the change feed, so that a poll whose cursor is already
// current is answered without reading the feed (docs/township-scale.md).
//
// A kiosk sees the items with kiosk_id NULL (content, card revocations) and its own
// request-status items. Its cursor is current when it is at or past the highest seq of both.
// Before every answer the marks ask the store for its change token (feed-dialect.ts; on
// SQLite `total_changes()` of the connection, which moves with every write this process makes,
// and `data_version`, which moves when another connection commits): one statement that
// reads no table. Only when it moved are the changes after the marks' top read (an indexed
// range, usually empty). So the marks are never behind a committed change, from this process or
// another (the CLI, a second township on the same file).
// Used only where the dialect has such a token and seqs commit in order (SQLite, one writer at
// a time, so "seq > last seen" is exact there); elsewhere every poll takes the ordinary path.
import type { KeyObject } from 'node:crypto';
import { signBytes } from '../protocol/signing.js';
import type { FeedPage, SignedFeedPage } from '../protocol/feed.js';
import type { SqlRunner, SqlStore } from './store/sql-store.js';
import type { FeedDialect, FeedPos } from './feed-dialect.js';
import { getMeta } from './meta.js';
import { feedDialect, feedTop } from './feed.js';

/** Up-to-date answers are signed once and reused this long (generatedAt is at most this old). */
const SIGNED_REUSE_MS = 60_000;
/** A current cursor this far behind the newest seq is moved forward (a later read then scans less). */
const JUMP_AFTER = 1000;
const MAX_CACHED_PAGES = 200_000;

export interface CursorLike {
  e: string;
  pos: FeedPos;
}

export class FeedMarks {
  epoch = '';
  horizon = 0;
  /** Highest seq of any change. */
  top = 0;
  /** Highest seq of a change every kiosk sees (kiosk_id NULL). */
  shared = 0;
  readonly perKiosk = new Map<string, number>();
  private token: string | null = null;
  private loaded = false;
  private refreshing: Promise<void> | null = null;
  private readonly signed = new Map<string, { cursor: string; at: number; page: SignedFeedPage }>();
  /** How many polls were answered from memory (for tests and the bench). */
  hits = 0;
  readonly dialect: FeedDialect;

  constructor(private readonly store: SqlStore) {
    this.dialect = feedDialect(store);
  }

  private async reloadAll(q: SqlRunner): Promise<void> {
    this.epoch = (await getMeta(q, 'epoch')) ?? '';
    this.horizon = this.dialect.parsePos(await getMeta(q, 'horizon')).seq;
    this.perKiosk.clear();
    this.shared = 0;
    for (const r of await q.all<{ k: string | null; m: number }>(`SELECT kiosk_id AS k, MAX(seq) AS m FROM changes GROUP BY kiosk_id`)) {
      if (r.k === null) this.shared = Number(r.m);
      else this.perKiosk.set(r.k, Number(r.m));
    }
    this.top = (await feedTop(q)).seq;
    this.loaded = true;
  }

  private noteChange(seq: number, kioskId: string | null): void {
    if (seq > this.top) this.top = seq;
    if (kioskId === null) this.shared = Math.max(this.shared, seq);
    else this.perKiosk.set(kioskId, Math.max(this.perKiosk.get(kioskId) ?? 0, seq));
  }

  /** Brings the marks up to every committed change; cheap (one table-less statement) when there is none. */
  refresh(): Promise<void> {
    // Concurrent polls share one refresh (a poll arriving during it waits for the next one, so
    // it never relies on a token read before its own request arrived).
    // One read transaction: the token and everything read after it are one snapshot.
    const run = () =>
      this.store.tx(async (q) => {
        const token = await this.dialect.changeToken(q);
        if (token === null) return;
        if (this.loaded && token === this.token) return;
        this.token = token;
        if (!this.loaded) return this.reloadAll(q);
        const epoch = (await getMeta(q, 'epoch')) ?? '';
        if (epoch !== this.epoch) return this.reloadAll(q);
        this.horizon = Math.max(this.horizon, this.dialect.parsePos(await getMeta(q, 'horizon')).seq);
        for (const r of await q.all<{ seq: number; k: string | null }>(`SELECT seq, kiosk_id AS k FROM changes WHERE seq > ? ORDER BY seq`, [this.top])) this.noteChange(Number(r.seq), r.k);
        const top = (await feedTop(q)).seq;
        if (top > this.top) this.top = top;
      });
    const prev = this.refreshing;
    const next: Promise<void> = (prev ?? Promise.resolve()).catch(() => undefined).then(run);
    this.refreshing = next;
    return next.finally(() => {
      if (this.refreshing === next) this.refreshing = null;
    });
  }

  /** True when nothing this kiosk sees has changed after the cursor (and the cursor is valid), as of the last refresh. */
  isCurrent(kioskId: string, c: CursorLike): boolean {
    const s = c.pos.seq;
    return this.loaded && this.token !== null && c.e === this.epoch && s >= this.horizon && s <= this.top && s >= this.shared && s >= (this.perKiosk.get(kioskId) ?? 0);
  }

  /** Refreshes, then isCurrent: what a poll asks. */
  async currentNow(kioskId: string, c: CursorLike): Promise<boolean> {
    await this.refresh();
    return this.isCurrent(kioskId, c);
  }

  /**
   * The signed empty page for a current cursor: signed once, then reused for up to a minute
   * while the kiosk keeps polling with the same cursor. Its nextCursor is the same cursor
   * (so the reuse works), unless the cursor has fallen far behind the newest seq.
   */
  currentPage(kioskId: string, cursorText: string, c: CursorLike, key: KeyObject, keyId: string, encode: (pos: FeedPos, epoch: string) => string, now: Date): SignedFeedPage {
    this.hits++;
    const t = now.getTime();
    const hit = this.signed.get(kioskId);
    if (hit && hit.cursor === cursorText && t - hit.at >= 0 && t - hit.at < SIGNED_REUSE_MS) return hit.page;
    const nextCursor = this.top - c.pos.seq > JUMP_AFTER ? encode({ seq: this.top }, this.epoch) : cursorText;
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
