// Relayed requests on PostgreSQL, idempotent on (kiosk id, request id) (issue 13 §1):
// INSERT … ON CONFLICT DO NOTHING, then compare. Any number of township processes may receive
// the same request at the same moment (a kiosk retrying against another process behind a load
// balancer): exactly one INSERT wins (201); every other sees the stored row and answers 200
// with the same acknowledgement when its sha256 matches, or 409 when the same id arrives with
// different content. The request-status feed row for the kiosk is written in the same
// transaction (src/township/pg/changes.ts). Validation (schema, hash over the exact bytes) is
// the same as on SQLite: validateRelay in src/township/requests.ts, done before this is called.
import type { Pool } from 'pg';
import type { RelayAck } from '../../protocol/relay.js';
import { appendChangePg, PG_CHANGES_SCHEMA } from './changes.js';

export const PG_REQUESTS_SCHEMA = `
${PG_CHANGES_SCHEMA}
CREATE TABLE IF NOT EXISTS requests (
  kiosk_id TEXT NOT NULL,
  id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  body TEXT NOT NULL,
  township_ref BIGSERIAL NOT NULL,
  received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (kiosk_id, id)
);
`;

export type PgStoreResult = { ok: true; status: 200 | 201; ack: RelayAck } | { ok: false; status: 409; message: string };

const ackOf = (r: { id: string; received_at: Date; township_ref: string }): RelayAck => ({ id: r.id, receivedAt: r.received_at.toISOString(), townshipRef: `T-${r.township_ref}` });

export async function storeRequestPg(pool: Pool, kioskId: string, requestId: string, sha256: string, bodyText: string): Promise<PgStoreResult> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const ins = await c.query<{ id: string; received_at: Date; township_ref: string }>(
      `INSERT INTO requests(kiosk_id, id, sha256, body) VALUES ($1, $2, $3, $4) ON CONFLICT (kiosk_id, id) DO NOTHING RETURNING id, received_at, township_ref::text`,
      [kioskId, requestId, sha256, bodyText],
    );
    if (ins.rows.length === 1) {
      await appendChangePg(c, { type: 'request-status', itemId: requestId, kioskId, op: 'upsert', version: 1, sha256: null, body: JSON.stringify({ status: 'received' }) });
      await c.query('COMMIT');
      return { ok: true, status: 201, ack: ackOf(ins.rows[0]!) };
    }
    await c.query('ROLLBACK');
    // The winner has committed (ON CONFLICT waited for it), so the row is visible now.
    const prev = await pool.query<{ id: string; sha256: string; received_at: Date; township_ref: string }>(`SELECT id, sha256, received_at, township_ref::text FROM requests WHERE kiosk_id = $1 AND id = $2`, [kioskId, requestId]);
    const row = prev.rows[0]!;
    if (row.sha256 !== sha256) return { ok: false, status: 409, message: `Request ${requestId} was already received with different content (sha256 ${row.sha256.slice(0, 12)}…); a retry must send the same bytes.` };
    return { ok: true, status: 200, ack: ackOf(row) };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}
