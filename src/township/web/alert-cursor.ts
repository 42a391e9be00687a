// Which requests the officials' live alert stream (/officials/events) has still to announce.
//
// On PostgreSQL a request's ref (an identity sequence) is taken when its row is inserted, not
// when its transaction commits, and transactions commit out of order (two township processes
// on one database, or two relays in one): a poll "ref > highest seen" would step over a lower
// ref that commits later, and that request would never be announced. So the cursor keeps:
// - `high`, the highest ref seen: every poll reads the refs above it (the ordinary path);
// - the gaps: every ref at or below `high` not yet seen, with the time a higher ref was first
//   seen. A gap's ref was taken before that higher ref's transaction committed, so its own
//   transaction was already open then; a transaction lives at most the store's statement and
//   idle-in-transaction timeouts (pg-store.ts: 30 s and 60 s) per statement, so a gap still
//   missing GAP_TTL_MS later was rolled back (or deleted) and is forgotten. Until then every
//   poll also reads the gaps by ref, and one that appears is announced then.
// Each ref is announced once (it leaves the gaps, or is above `high` once). Memory and query
// cost are bounded: at most MAX_GAPS gaps are kept (in practice a handful: the transactions
// in flight and the rollbacks of the last few minutes), read in a few fixed-size IN lists.
// On SQLite writers commit one at a time, so a gap there is a rollback and simply expires.
import type { SqlRunner } from '../store/sql-store.js';

/** A gap older than this (ms) is a rolled-back ref: far beyond any transaction's life. */
export const GAP_TTL_MS = 10 * 60_000;
/** At most this many gaps are tracked (a larger jump keeps the refs nearest the new one). */
export const MAX_GAPS = 1000;
/** New requests read per poll (a burst is announced over a few polls). */
export const FRESH_LIMIT = 50;
/** How far below the connect-time maximum the first read looks for refs still in flight. */
export const CONNECT_LOOKBACK = 200;
const IN_SIZES = [8, 64, 256] as const;

export interface AlertRow {
  ref: number;
  id: string;
  code: string;
  type: string;
  village: string;
  received_at: string;
}

const COLS = `ref, id, code, type, village, received_at`;

export class AlertCursor {
  private high = 0;
  /** ref → ms (local clock) when a higher ref was first seen. */
  private readonly gaps = new Map<number, number>();

  private constructor(
    private readonly store: SqlRunner,
    private readonly clock: () => number,
  ) {}

  /**
   * Requests existing now are never announced. Refs just below the maximum that are missing
   * (transactions in flight at connect time, or rollbacks) become gaps: one committing later
   * is announced.
   */
  static async open(store: SqlRunner, clock: () => number = () => performance.now()): Promise<AlertCursor> {
    const c = new AlertCursor(store, clock);
    const max = Number(((await store.get(`SELECT COALESCE(MAX(ref), 0) AS m FROM requests`)) as { m: number }).m);
    c.high = max;
    const lo = Math.max(0, max - CONNECT_LOOKBACK);
    if (max > 0) {
      const present = new Set((await store.all<{ ref: number }>(`SELECT ref FROM requests WHERE ref > ? AND ref <= ?`, [lo, max])).map((r) => Number(r.ref)));
      const t = c.clock();
      for (let r = lo + 1; r < max; r++) if (!present.has(r)) c.gaps.set(r, t);
    }
    return c;
  }

  /** Gaps tracked now (for tests and logs). */
  get pendingGaps(): number {
    return this.gaps.size;
  }

  /** The requests to announce now, in ref order; each is returned by one poll only. */
  async poll(): Promise<AlertRow[]> {
    const t = this.clock();
    for (const [ref, since] of this.gaps) if (t - since > GAP_TTL_MS) this.gaps.delete(ref);
    const out: AlertRow[] = [];
    // gaps first: they are older than anything above `high`
    const wanted = [...this.gaps.keys()].sort((a, b) => a - b);
    for (let i = 0; i < wanted.length; ) {
      const size: number = IN_SIZES.find((s) => s >= wanted.length - i) ?? IN_SIZES[IN_SIZES.length - 1]!;
      const chunk = wanted.slice(i, i + size);
      i += chunk.length;
      const params = Array.from({ length: size }, (_, k) => chunk[Math.min(k, chunk.length - 1)]!);
      const rows = await this.store.all<AlertRow>(`SELECT ${COLS} FROM requests WHERE ref IN (${params.map(() => '?').join(', ')}) ORDER BY ref`, params);
      for (const r of rows) if (this.gaps.delete(Number(r.ref))) out.push({ ...r, ref: Number(r.ref) });
    }
    const fresh = await this.store.all<AlertRow>(`SELECT ${COLS} FROM requests WHERE ref > ? ORDER BY ref LIMIT ${FRESH_LIMIT}`, [this.high]);
    for (const r of fresh) {
      const ref = Number(r.ref);
      for (let g = Math.max(this.high + 1, ref - MAX_GAPS); g < ref; g++) this.gaps.set(g, t);
      this.high = ref;
      out.push({ ...r, ref });
    }
    if (this.gaps.size > MAX_GAPS) {
      const drop = [...this.gaps.keys()].sort((a, b) => a - b).slice(0, this.gaps.size - MAX_GAPS);
      for (const g of drop) this.gaps.delete(g);
    }
    return out;
  }
}
