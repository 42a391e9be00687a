// The dialect-specific part of the change feed (issue 13 §1-2): how a change is appended, how
// the rows after a cursor are read, and where the top of the feed is. Everything else (the
// epoch, the 410 rules, paging, signing) is in feed.ts and is the same for every store.
//
//   feed-sqlite.ts  SQLite: one writer at a time, so seqs commit in order and "seq > cursor" is
//                   exact; the position is the seq alone.
//   feed-pg.ts      PostgreSQL (storeb): seqs commit out of order, so the position is
//                   (txid, seq) read behind the xid8 watermark (see pg/changes.ts).
//
// A position travels inside the kiosk's cursor (base64url JSON, opaque to the kiosk) as the
// dialect's own fields beside the epoch `e`: SQLite writes {s}, PostgreSQL may add {t}.
import type { ItemType } from '../protocol/feed.js';
import type { Dialect, SqlRunner } from './store/sql-store.js';

/** A place in the feed: after the row with this position. `tx` is PostgreSQL's txid (decimal text). */
export interface FeedPos {
  seq: number;
  tx?: string;
}

export const FEED_START: FeedPos = { seq: 0 };

/** What a change says about its item (both a change being written and a row read back). */
interface ChangeFields {
  type: ItemType;
  itemId: string;
  /** Set for request-status items: only this kiosk sees them. */
  kioskId: string | null;
  op: 'upsert' | 'delete';
  version: number;
  sha256: string | null;
  body: string | null;
}

export interface NewChange extends ChangeFields {
  /** ISO-8601. */
  at: string;
}

export interface FeedRow extends ChangeFields {
  pos: FeedPos;
}

/** A `changes` row as both dialects select it (PostgreSQL adds its transaction id). */
export interface ChangeRow {
  seq: number;
  type: ItemType;
  item_id: string;
  kiosk_id: string | null;
  op: 'upsert' | 'delete';
  version: number;
  sha256: string | null;
  body: string | null;
}

export interface FeedDialect {
  readonly dialect: Dialect;
  /** Inside the caller's transaction: replaces the item's previous change with a new row; returns its position. */
  append(q: SqlRunner, c: NewChange): Promise<FeedPos>;
  /** The rows `kioskId` sees (kiosk_id NULL or its own) after `after`, in feed order, at most `limit`. */
  readAfter(q: SqlRunner, kioskId: string, after: FeedPos, limit: number): Promise<FeedRow[]>;
  /**
   * The top of the feed: a reader that has read everything up to here may move its cursor here
   * without missing a row still to come; a cursor beyond it is not one this database issued.
   * `horizon` is the stored 410 horizon (compaction may have deleted the newest rows).
   */
  top(q: SqlRunner, horizon: FeedPos): Promise<FeedPos>;
  /**
   * The top (as above) and, in the same snapshot, the "settled" position: the newest one every
   * row at or below which is committed and readable (SQLite: the top itself; PostgreSQL: the
   * newest row below the watermark, or the horizon). A reader with nothing left to read moves
   * its cursor to the settled position, so the cursor stays the same while nothing new becomes
   * readable (the watermark moves with every transaction in the cluster; the cursor need not).
   */
  tops(q: SqlRunner, horizon: FeedPos): Promise<{ top: FeedPos; settled: FeedPos }>;
  /** <0, 0, >0 as a is before, at, after b in feed order. */
  compare(a: FeedPos, b: FeedPos): number;
  /**
   * Inside the caller's transaction: deletes the tombstones written at or before `cutoff`
   * (ISO-8601); returns how many and the position of the last one deleted (null for none).
   */
  dropTombstones(q: SqlRunner, cutoff: string): Promise<{ removed: number; last: FeedPos | null }>;
  /** The dialect's cursor fields for a position (beside the epoch `e`). */
  cursorFields(pos: FeedPos): Record<string, string | number>;
  /** The position in a decoded cursor object, or null when its fields are not this dialect's. */
  fromCursorFields(v: Record<string, unknown>): FeedPos | null;
  /** A position as the text kept in meta ('horizon'), and back. */
  formatPos(pos: FeedPos): string;
  parsePos(text: string | null): FeedPos;
  /**
   * A cheap value that changes whenever anything may have been committed, by this process or
   * another (SQLite: total_changes() and data_version), so the in-memory feed marks
   * (feed-marks.ts) can answer an unchanged poll without reading the feed. null: this dialect
   * cannot tell cheaply; the marks are not used and every poll reads the feed.
   */
  changeToken(q: SqlRunner): Promise<string | null>;
  /**
   * PostgreSQL: the NOTIFY channel every append wakes (pg_notify in the writer's transaction,
   * delivered at commit). The feed marks then use wake-ups plus an age bound instead of a
   * per-poll change token. Undefined: no wake-ups (SQLite).
   */
  readonly wakeChannel?: string;
  /**
   * What the feed marks need, in ONE snapshot: the epoch, the horizon, the top (ahead limit),
   * the settled position (see tops) and, per kiosk (null: the rows every kiosk sees), the newest
   * position among the rows committed since `since` (every row when `since` is null), whether
   * or not they are readable yet. `since` is what the previous call returned: every row this
   * snapshot cannot see will be counted by the next call.
   */
  readMarks(q: SqlRunner, since: string | null): Promise<MarksRead>;
}

export interface MarksRead {
  epoch: string;
  horizon: FeedPos;
  top: FeedPos;
  settled: FeedPos;
  latest: Array<{ kioskId: string | null; pos: FeedPos }>;
  since: string;
}
