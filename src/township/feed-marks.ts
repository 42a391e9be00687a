// In-memory high-water marks of the change feed, so that a poll whose cursor is already
// current is answered without touching the database (docs/township-scale.md).
//
// A kiosk sees the items with kiosk_id NULL (content, card revocations) and its own
// request-status items. Its cursor is current when it is at or past the highest seq of both.
// The marks may be too HIGH (a change noted inside a transaction that then rolled back): that
// only sends one poll down the ordinary path, which reads the database. They are never too low
// for a change made by this process (appendChange notes every change before its commit), and a
// change committed by another process (the CLI, a second township on the same file) is picked
// up within `refreshMs` by a cheap PRAGMA data_version check followed by an incremental read.
// SQLite has one writer at a time, so seqs commit in order and "seq > last seen" is exact here.
import type { KeyObject } from 'node:crypto';
import { signBytes } from '../protocol/signing.js';
import type { FeedPage, SignedFeedPage } from '../protocol/feed.js';
import { cached } from '../db/statement-cache.js';
import type { Db } from './db/index.js';

/** Up-to-date answers are signed once and reused this long (generatedAt is at most this old). */
const SIGNED_REUSE_MS = 60_000;
/** A current cursor this far behind the newest seq is moved forward (a later read then scans less). */
const JUMP_AFTER = 1000;
const MAX_CACHED_PAGES = 200_000;

export interface CursorLike {
  s: number;
  e: string;
}

export class FeedMarks {
  epoch = '';
  horizon = 0;
  /** Highest seq of any change. */
  top = 0;
  /** Highest seq of a change every kiosk sees (kiosk_id NULL). */
  shared = 0;
  readonly perKiosk = new Map<string, number>();
  private dataVersion = -1;
  private readonly signed = new Map<string, { cursor: string; at: number; page: SignedFeedPage }>();
  /** How many polls were answered from memory (for tests and the bench). */
  hits = 0;

  constructor(private readonly db: Db) {
    this.reloadAll();
  }

  private reloadAll(): void {
    const db = this.db;
    this.dataVersion = Number(db.pragma('data_version', { simple: true }));
    this.epoch = (cached(db, `SELECT value FROM meta WHERE key = 'epoch'`).get() as { value: string }).value;
    this.horizon = Number((cached(db, `SELECT value FROM meta WHERE key = 'horizon'`).get() as { value: string } | undefined)?.value ?? '0');
    this.perKiosk.clear();
    this.shared = 0;
    this.top = (cached(db, `SELECT seq FROM sqlite_sequence WHERE name = 'changes'`).get() as { seq: number } | undefined)?.seq ?? 0;
    for (const r of cached(db, `SELECT kiosk_id AS k, MAX(seq) AS m FROM changes GROUP BY kiosk_id`).all() as Array<{ k: string | null; m: number }>) {
      if (r.k === null) this.shared = r.m;
      else this.perKiosk.set(r.k, r.m);
    }
  }

  /** Called by appendChange for every change (before its transaction commits). */
  noteChange(seq: number, kioskId: string | null): void {
    if (seq > this.top) this.top = seq;
    if (kioskId === null) this.shared = Math.max(this.shared, seq);
    else this.perKiosk.set(kioskId, Math.max(this.perKiosk.get(kioskId) ?? 0, seq));
  }

  noteHorizon(horizon: number): void {
    this.horizon = Math.max(this.horizon, horizon);
  }

  /** Picks up changes committed by other connections; cheap when there are none. */
  refresh(): void {
    const v = Number(this.db.pragma('data_version', { simple: true }));
    if (v === this.dataVersion) return;
    this.dataVersion = v;
    const epoch = (cached(this.db, `SELECT value FROM meta WHERE key = 'epoch'`).get() as { value: string }).value;
    if (epoch !== this.epoch) return this.reloadAll();
    this.horizon = Math.max(this.horizon, Number((cached(this.db, `SELECT value FROM meta WHERE key = 'horizon'`).get() as { value: string } | undefined)?.value ?? '0'));
    for (const r of cached(this.db, `SELECT seq, kiosk_id AS k FROM changes WHERE seq > ? ORDER BY seq`).all(this.top) as Array<{ seq: number; k: string | null }>) this.noteChange(r.seq, r.k);
    const top = (cached(this.db, `SELECT seq FROM sqlite_sequence WHERE name = 'changes'`).get() as { seq: number } | undefined)?.seq ?? 0;
    if (top > this.top) this.top = top; // (a deleted-then-replaced row still moved the sequence)
  }

  /** True when nothing this kiosk sees has changed after the cursor (and the cursor is valid). */
  isCurrent(kioskId: string, c: CursorLike): boolean {
    return c.e === this.epoch && c.s >= this.horizon && c.s <= this.top && c.s >= this.shared && c.s >= (this.perKiosk.get(kioskId) ?? 0);
  }

  /**
   * The signed empty page for a current cursor: signed once, then reused for up to a minute
   * while the kiosk keeps polling with the same cursor. Its nextCursor is the same cursor
   * (so the reuse works), unless the cursor has fallen far behind the newest seq.
   */
  currentPage(kioskId: string, cursorText: string, c: CursorLike, key: KeyObject, keyId: string, encode: (seq: number, epoch: string) => string, now: Date): SignedFeedPage {
    this.hits++;
    const t = now.getTime();
    const hit = this.signed.get(kioskId);
    if (hit && hit.cursor === cursorText && t - hit.at >= 0 && t - hit.at < SIGNED_REUSE_MS) return hit.page;
    const nextCursor = this.top - c.s > JUMP_AFTER ? encode(this.top, this.epoch) : cursorText;
    const page: FeedPage = { kioskId, cursor: cursorText, items: [], nextCursor, hasMore: false, generatedAt: now.toISOString() };
    const payload = JSON.stringify(page);
    const signed: SignedFeedPage = { payload, signature: signBytes(key, payload), keyId };
    this.signed.delete(kioskId);
    if (this.signed.size >= MAX_CACHED_PAGES) this.signed.delete(this.signed.keys().next().value!);
    this.signed.set(kioskId, { cursor: cursorText, at: t, page: signed });
    return signed;
  }
}

const marks = new WeakMap<Db, FeedMarks>();

/** The marks of a database the township serves (created on first use). */
export function feedMarks(db: Db): FeedMarks {
  let m = marks.get(db);
  if (!m) marks.set(db, (m = new FeedMarks(db)));
  return m;
}

/** The marks if a server keeps them for this database (appendChange and compaction update them). */
export function existingFeedMarks(db: Db): FeedMarks | undefined {
  return marks.get(db);
}
