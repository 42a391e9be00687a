// The change feed on PostgreSQL, with a cursor that never skips a row (issue 13 §2).
//
// `seq > cursor` is not safe on PostgreSQL: a sequence value is taken when the row is
// inserted, but transactions commit in any order, so a reader can see seq 12 (committed) before
// seq 11 (still open) commits, move its cursor past 11, and never see it. Each row here also
// records the id of the transaction that wrote it (xid8, pg_current_xact_id()), and a reader
// only takes rows whose transaction is older than the oldest transaction still running
// (pg_snapshot_xmin of its snapshot): every such transaction has finished, so no row can still
// appear below the cursor. The cursor is the pair "txid:seq" of the last row read, compared as a
// row value in (txid, seq) order. A long-open transaction delays rows behind it, never loses
// them: idle_in_transaction_session_timeout bounds that (resources/build/start-postgres.sh).
import type { Pool, PoolClient } from 'pg';

export const PG_CHANGES_SCHEMA = `
CREATE TABLE IF NOT EXISTS changes (
  seq BIGSERIAL PRIMARY KEY,
  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  type TEXT NOT NULL,
  item_id TEXT NOT NULL,
  kiosk_id TEXT,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  version INTEGER NOT NULL,
  sha256 TEXT,
  body TEXT,
  at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS changes_txid_seq ON changes (txid, seq);
`;

export interface PgCursor {
  tx: bigint;
  seq: bigint;
}

export const PG_CURSOR_START: PgCursor = { tx: 0n, seq: 0n };

export function encodePgCursor(c: PgCursor): string {
  return `${c.tx}:${c.seq}`;
}

/** null for anything that is not "<txid>:<seq>" (decimal). */
export function decodePgCursor(text: string): PgCursor | null {
  const m = /^(\d{1,20}):(\d{1,19})$/.exec(text);
  return m ? { tx: BigInt(m[1]!), seq: BigInt(m[2]!) } : null;
}

export interface PgChangeRow {
  seq: string;
  tx: string;
  type: string;
  itemId: string;
  kioskId: string | null;
  op: 'upsert' | 'delete';
  version: number;
  sha256: string | null;
  body: string | null;
}

export interface PgAppend {
  type: string;
  itemId: string;
  kioskId: string | null;
  op: 'upsert' | 'delete';
  version: number;
  sha256: string | null;
  body: string | null;
}

/** Appends one change inside the caller's transaction (replacing the item's previous change; a kiosk's items are its own). */
export async function appendChangePg(client: PoolClient, c: PgAppend): Promise<string> {
  await client.query(`DELETE FROM changes WHERE type = $1 AND item_id = $2 AND kiosk_id IS NOT DISTINCT FROM $3`, [c.type, c.itemId, c.kioskId]);
  const r = await client.query<{ seq: string }>(
    `INSERT INTO changes(type, item_id, kiosk_id, op, version, sha256, body) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq`,
    [c.type, c.itemId, c.kioskId, c.op, c.version, c.sha256, c.body],
  );
  return r.rows[0]!.seq;
}

/**
 * The changes a kiosk sees after `cursor`, in commit-safe order, and the cursor to send next.
 * When nothing is returned the cursor stays (never moves past a transaction still open).
 */
export async function readChangesPg(db: Pool | PoolClient, kioskId: string, cursor: PgCursor, limit: number): Promise<{ rows: PgChangeRow[]; next: PgCursor }> {
  // (txid::text gets an alias: ordering by a text "txid" would sort 10 before 9.)
  const r = await db.query<{ seq: string; tx: string; type: string; item_id: string; kiosk_id: string | null; op: 'upsert' | 'delete'; version: number; sha256: string | null; body: string | null }>(
    `SELECT seq::text AS seq, txid::text AS tx, type, item_id, kiosk_id, op, version, sha256, body
       FROM changes
      WHERE (txid, seq) > ($1::text::xid8, $2::bigint)
        AND txid < pg_snapshot_xmin(pg_current_snapshot())
        AND (kiosk_id IS NULL OR kiosk_id = $3)
      ORDER BY txid, seq
      LIMIT $4`,
    [cursor.tx.toString(), cursor.seq.toString(), kioskId, limit],
  );
  const rows = r.rows.map((x) => ({ seq: x.seq, tx: x.tx, type: x.type, itemId: x.item_id, kioskId: x.kiosk_id, op: x.op, version: x.version, sha256: x.sha256, body: x.body }));
  const last = rows[rows.length - 1];
  return { rows, next: last ? { tx: BigInt(last.tx), seq: BigInt(last.seq) } : cursor };
}
