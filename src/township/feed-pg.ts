// The change feed on PostgreSQL (feed-dialect.ts), with a cursor that never skips a row
// (issue 13 §2).
//
// `seq > cursor` is not safe on PostgreSQL: a seq is taken when the row is inserted, but
// transactions commit in any order, so a reader can see seq 12 (committed) before seq 11
// (still open) commits, move past 11 and never see it. Each row therefore also records the
// transaction that wrote it (txid xid8 DEFAULT pg_current_xact_id()), and a reader takes only
// rows whose transaction is older than the oldest one still running,
// pg_snapshot_xmin(pg_current_snapshot()): all of those have finished, so no row can still
// appear below the cursor. A position is (txid, seq), compared as a row value; it travels in the
// kiosk's cursor as {t: "<txid>", s: <seq>}. A long-open transaction delays the rows behind it,
// never loses them (pg-store sets idle_in_transaction_session_timeout).
//
// The top of the feed is (watermark, 0): every row below the watermark is committed and at or
// below it, every row still to come is above it, and it only grows (the oldest running
// transaction only moves forward), so a cursor above it was not issued by this database.
// feed.ts asks for the top BEFORE it reads the rows: a top taken after the read could lie above
// a transaction that was still running during the read and has committed since, and a cursor
// moved there would skip its rows. (Taken before, the top is at or below the read's watermark.)
import type { ItemType } from '../protocol/feed.js';
import type { FeedDialect, FeedPos, FeedRow, NewChange } from './feed-dialect.js';
import type { SqlRunner } from './store/sql-store.js';

interface Row {
  seq: number;
  tx: string;
  type: ItemType;
  item_id: string;
  kiosk_id: string | null;
  op: 'upsert' | 'delete';
  version: number;
  sha256: string | null;
  body: string | null;
}

const TX = /^\d{1,20}$/;
const txOf = (p: FeedPos): bigint => BigInt(p.tx ?? '0');

function comparePos(a: FeedPos, b: FeedPos): number {
  const ta = txOf(a);
  const tb = txOf(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.seq - b.seq;
}

const maxPos = (a: FeedPos, b: FeedPos): FeedPos => (comparePos(a, b) >= 0 ? a : b);

export const pgFeed: FeedDialect = {
  dialect: 'postgres',

  async append(q: SqlRunner, c: NewChange): Promise<FeedPos> {
    // One statement replaces the item's row: a concurrent writer of the same item waits for
    // this one and then replaces it in turn (a DELETE + INSERT pair would fail on the unique index).
    const r = await q.get<{ seq: number; tx: string }>(
      `INSERT INTO changes(type, item_id, kiosk_id, op, version, sha256, body, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (type, item_id) DO UPDATE SET seq = DEFAULT, txid = DEFAULT, kiosk_id = excluded.kiosk_id, op = excluded.op,
         version = excluded.version, sha256 = excluded.sha256, body = excluded.body, at = excluded.at
       RETURNING seq, txid::text AS tx`,
      [c.type, c.itemId, c.kioskId, c.op, c.version, c.sha256, c.body, c.at],
    );
    return { seq: Number(r!.seq), tx: r!.tx };
  },

  async readAfter(q: SqlRunner, kioskId: string, after: FeedPos, limit: number): Promise<FeedRow[]> {
    // (txid::text has its own alias: ordering by a text "txid" would sort 10 before 9.)
    const rows = await q.all<Row>(
      `SELECT seq, txid::text AS tx, type, item_id, kiosk_id, op, version, sha256, body
         FROM changes
        WHERE (txid, seq) > (?::xid8, ?::bigint) AND txid < pg_snapshot_xmin(pg_current_snapshot()) AND (kiosk_id IS NULL OR kiosk_id = ?)
        ORDER BY txid, seq
        LIMIT ?`,
      [after.tx ?? '0', after.seq, kioskId, limit],
    );
    return rows.map((r) => ({ pos: { seq: Number(r.seq), tx: r.tx }, type: r.type, itemId: r.item_id, kioskId: r.kiosk_id, op: r.op, version: r.version, sha256: r.sha256, body: r.body }));
  },

  async top(q: SqlRunner, horizon: FeedPos): Promise<FeedPos> {
    const r = await q.get<{ wm: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS wm`);
    return maxPos({ seq: 0, tx: r!.wm }, horizon);
  },

  compare: comparePos,

  async dropTombstones(q: SqlRunner, cutoff: string) {
    const gone = await q.all<{ seq: number; tx: string }>(
      `DELETE FROM changes WHERE op = 'delete' AND at <= ? AND txid < pg_snapshot_xmin(pg_current_snapshot()) RETURNING seq, txid::text AS tx`,
      [cutoff],
    );
    if (!gone.length) return { removed: 0, last: null };
    const last = gone.map((g): FeedPos => ({ seq: Number(g.seq), tx: g.tx })).reduce(maxPos);
    return { removed: gone.length, last };
  },

  cursorFields: (pos) => ({ t: pos.tx ?? '0', s: pos.seq }),

  fromCursorFields(v) {
    if (typeof v.s !== 'number' || !Number.isSafeInteger(v.s) || v.s < 0) return null;
    if (typeof v.t !== 'string' || !TX.test(v.t) || BigInt(v.t) > 0xffffffffffffffffn) return null;
    return { seq: v.s, tx: BigInt(v.t).toString() };
  },

  formatPos: (pos) => `${pos.tx ?? '0'}:${pos.seq}`,

  parsePos(text) {
    const m = /^(?:(\d{1,20}):)?(\d{1,16})$/.exec(text ?? '');
    return m ? { tx: m[1] ?? '0', seq: Number(m[2]) } : { tx: '0', seq: 0 };
  },

  // No cheap "has anything committed" counter on PostgreSQL: the in-memory feed marks are not used.
  changeToken: () => Promise.resolve(null),
};
