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
// A reader with nothing left to read moves to the "settled" position instead, the newest row
// below the watermark: every row at or below it is readable, so it is as safe, and it stays the
// same while no new row becomes readable (the watermark moves with every transaction in the
// cluster), so an up-to-date kiosk keeps one cursor and the feed marks (feed-marks.ts) can
// answer it from memory on any township process.
//
// Every append also does pg_notify(FEED_CHANNEL, kiosk id or '') in the writer's transaction: PostgreSQL
// delivers it at commit (and drops it on rollback) to every process LISTENing on this database,
// which wakes their feed marks. A hint only: the marks read the table to learn what changed.
import type { ChangeRow, FeedDialect, FeedPos, FeedRow, MarksRead, NewChange } from './feed-dialect.js';
import type { SqlRunner } from './store/sql-store.js';

type Row = ChangeRow & { tx: string };

const TX = /^\d{1,20}$/;
const txOf = (p: FeedPos): bigint => BigInt(p.tx ?? '0');

function comparePos(a: FeedPos, b: FeedPos): number {
  const ta = txOf(a);
  const tb = txOf(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.seq - b.seq;
}

const maxPos = (a: FeedPos, b: FeedPos): FeedPos => (comparePos(a, b) >= 0 ? a : b);

/** The NOTIFY channel of the change feed (one per database: NOTIFY reaches only its own database's listeners). */
export const FEED_CHANNEL = 'township_feed';

/** The watermark, and the newest row below it, in one statement (one snapshot). */
const TOPS_SQL = `WITH s AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS wm)
  SELECT (SELECT wm::text FROM s) AS wm, l.tx, l.seq
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (SELECT txid::text AS tx, seq FROM changes WHERE txid < (SELECT wm FROM s) ORDER BY txid DESC, seq DESC LIMIT 1) AS l ON true`;

// The marks' read, one statement (one snapshot): w = watermark, e = epoch, h = horizon,
// s = the newest row below the watermark, r = per kiosk_id the newest row with txid >= since.
// Every row this snapshot cannot see belongs to a transaction still running at it (txid >= its
// xmin, the watermark) or started after it (txid >= xmax >= xmin): so "txid >= the previous
// watermark" finds every row committed since the previous read, in whatever order they
// committed, including rows committed but not yet below the watermark.
const MARKS_SQL = `WITH s AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS wm),
  fresh AS (SELECT DISTINCT ON (kiosk_id) kiosk_id, txid, seq FROM changes WHERE txid >= ?::xid8 ORDER BY kiosk_id, txid DESC, seq DESC),
  settled AS (SELECT txid, seq FROM changes WHERE txid < (SELECT wm FROM s) ORDER BY txid DESC, seq DESC LIMIT 1)
  SELECT 'w' AS kind, NULL::text AS k, (SELECT wm::text FROM s) AS v, 0::bigint AS seq
  UNION ALL SELECT 'e', NULL, (SELECT value FROM meta WHERE key = 'epoch'), 0
  UNION ALL SELECT 'h', NULL, (SELECT value FROM meta WHERE key = 'horizon'), 0
  UNION ALL SELECT 's', NULL, txid::text, seq FROM settled
  UNION ALL SELECT 'r', kiosk_id, txid::text, seq FROM fresh`;

/**
 * How an appended change replaces the item's previous one (append, and the relay's set-based
 * write in requests-many-pg.ts): one statement, so a concurrent writer of the same item waits
 * for this one and then replaces it in turn (a DELETE + INSERT pair would fail on the unique
 * index). The row takes a fresh seq and txid, so it is read again after the cursor.
 */
export const CHANGE_UPSERT = `ON CONFLICT (type, item_id) DO UPDATE SET seq = DEFAULT, txid = DEFAULT, kiosk_id = excluded.kiosk_id, op = excluded.op,
         version = excluded.version, sha256 = excluded.sha256, body = excluded.body, at = excluded.at`;

export const pgFeed: FeedDialect = {
  dialect: 'postgres',

  async append(q: SqlRunner, c: NewChange): Promise<FeedPos> {
    const r = await q.get<{ seq: number; tx: string }>(
      `INSERT INTO changes(type, item_id, kiosk_id, op, version, sha256, body, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ${CHANGE_UPSERT}
       RETURNING seq, txid::text AS tx, pg_notify('${FEED_CHANNEL}', COALESCE(kiosk_id, '')) AS woke`,
      [c.type, c.itemId, c.kioskId, c.op, c.version, c.sha256, c.body, c.at],
    );
    q.notifyLocal?.(FEED_CHANNEL, c.kioskId ?? ''); // this process's marks hear it at commit, not a moment later
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

  async tops(q: SqlRunner, horizon: FeedPos) {
    const r = await q.get<{ wm: string; tx: string | null; seq: number | null }>(TOPS_SQL);
    const settled: FeedPos = r!.tx === null ? { tx: '0', seq: 0 } : { tx: r!.tx, seq: Number(r!.seq) };
    return { top: maxPos({ seq: 0, tx: r!.wm }, horizon), settled: maxPos(settled, horizon) };
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

  // No cheap per-poll "has anything committed" counter on PostgreSQL: the marks use wake-ups
  // (wakeChannel) and an age bound instead (feed-marks.ts).
  changeToken: () => Promise.resolve(null),

  wakeChannel: FEED_CHANNEL,

  async readMarks(q: SqlRunner, since: string | null): Promise<MarksRead> {
    const rows = await q.all<{ kind: 'w' | 'e' | 'h' | 's' | 'r'; k: string | null; v: string | null; seq: number }>(MARKS_SQL, [since ?? '0']);
    let wm = '0';
    let epoch = '';
    let horizon: FeedPos = { tx: '0', seq: 0 };
    let settled: FeedPos = { tx: '0', seq: 0 };
    const latest: MarksRead['latest'] = [];
    for (const r of rows) {
      if (r.kind === 'w') wm = r.v ?? '0';
      else if (r.kind === 'e') epoch = r.v ?? '';
      else if (r.kind === 'h') horizon = pgFeed.parsePos(r.v);
      else if (r.kind === 's') settled = { tx: r.v!, seq: Number(r.seq) };
      else latest.push({ kioskId: r.k, pos: { tx: r.v!, seq: Number(r.seq) } });
    }
    return { epoch, horizon, top: maxPos({ seq: 0, tx: wm }, horizon), settled: maxPos(settled, horizon), latest, since: wm };
  },
};
