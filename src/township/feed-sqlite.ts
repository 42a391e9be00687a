// The change feed on SQLite (feed-dialect.ts). SQLite has one writer at a time, so seqs commit
// in order and "seq > cursor" never skips a row. seq comes from AUTOINCREMENT and is never
// reused; the top is the highest seq still in the table, or the 410 horizon when compaction has
// deleted rows above it (appendChange only ever replaces a row with a higher one), so no
// sqlite_sequence is needed.
import type { ChangeRow, FeedDialect, FeedPos, FeedRow, MarksRead, NewChange } from './feed-dialect.js';
import { getMeta } from './meta.js';
import type { SqlRunner } from './store/sql-store.js';

type Row = ChangeRow;

export const sqliteFeed: FeedDialect = {
  dialect: 'sqlite',

  async append(q: SqlRunner, c: NewChange): Promise<FeedPos> {
    await q.run(`DELETE FROM changes WHERE type = ? AND item_id = ?`, [c.type, c.itemId]);
    const r = await q.get<{ seq: number }>(
      `INSERT INTO changes(type, item_id, kiosk_id, op, version, sha256, body, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      [c.type, c.itemId, c.kioskId, c.op, c.version, c.sha256, c.body, c.at],
    );
    return { seq: Number(r!.seq) };
  },

  async readAfter(q: SqlRunner, kioskId: string, after: FeedPos, limit: number): Promise<FeedRow[]> {
    const rows = await q.all<Row>(
      `SELECT seq, type, item_id, kiosk_id, op, version, sha256, body FROM changes WHERE seq > ? AND (kiosk_id IS NULL OR kiosk_id = ?) ORDER BY seq LIMIT ?`,
      [after.seq, kioskId, limit],
    );
    return rows.map((r) => ({ pos: { seq: Number(r.seq) }, type: r.type, itemId: r.item_id, kioskId: r.kiosk_id, op: r.op, version: r.version, sha256: r.sha256, body: r.body }));
  },

  async top(q: SqlRunner, horizon: FeedPos): Promise<FeedPos> {
    const r = await q.get<{ m: number | null }>(`SELECT MAX(seq) AS m FROM changes`);
    return { seq: Math.max(Number(r?.m ?? 0), horizon.seq) };
  },

  async tops(q: SqlRunner, horizon: FeedPos) {
    const top = await sqliteFeed.top(q, horizon);
    return { top, settled: top };
  },

  compare: (a, b) => a.seq - b.seq,

  async dropTombstones(q: SqlRunner, cutoff: string) {
    const row = await q.get<{ m: number | null; n: number }>(`SELECT MAX(seq) AS m, COUNT(*) AS n FROM changes WHERE op = 'delete' AND at <= ?`, [cutoff]);
    if (!row || !Number(row.n)) return { removed: 0, last: null };
    await q.run(`DELETE FROM changes WHERE op = 'delete' AND seq <= ? AND at <= ?`, [row.m, cutoff]);
    return { removed: Number(row.n), last: { seq: Number(row.m) } };
  },

  cursorFields: (pos) => ({ s: pos.seq }),

  fromCursorFields(v) {
    return typeof v.s === 'number' && Number.isSafeInteger(v.s) && v.s >= 0 ? { seq: v.s } : null;
  },

  formatPos: (pos) => String(pos.seq),
  parsePos: (text) => ({ seq: Number(text ?? '0') || 0 }),

  // total_changes(): rows this connection has changed (every write of this process);
  // data_version: moves when another connection commits. Neither reads a table.
  async changeToken(q: SqlRunner) {
    const r = await q.get<{ c: number; v: number }>(`SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v`);
    return `${r?.c ?? 0}:${r?.v ?? 0}`;
  },

  // Inside the marks' read transaction (one snapshot). Seqs commit in order here, so the rows
  // after the highest seq seen are exactly the ones committed since.
  async readMarks(q: SqlRunner, since: string | null): Promise<MarksRead> {
    const after = since === null ? -1 : Number(since);
    const epoch = (await getMeta(q, 'epoch')) ?? '';
    const horizon = sqliteFeed.parsePos(await getMeta(q, 'horizon'));
    const latest = (await q.all<{ k: string | null; m: number }>(`SELECT kiosk_id AS k, MAX(seq) AS m FROM changes WHERE seq > ? GROUP BY kiosk_id`, [after])).map((r) => ({ kioskId: r.k, pos: { seq: Number(r.m) } }));
    const top = await sqliteFeed.top(q, horizon);
    return { epoch, horizon, top, settled: top, latest, since: String(Math.max(top.seq, after)) };
  },
};
