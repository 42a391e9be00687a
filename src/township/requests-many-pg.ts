// Storing many relayed requests at once on PostgreSQL (issue 13 §6: single PUTs at 3,000/s).
//
// The same effect as storeValidated (requests.ts) for each request, in ONE statement for the
// whole group instead of five per request and a transaction around them: a data-modifying WITH
// that inserts every new request (its township ref taken from the identity sequence in the same
// statement), their "received" history entries and their status items in the change feed (with
// a NOTIFY each, as pgFeed.append does), then, only when some id was already held, one SELECT to
// answer those. The statement runs outside any explicit transaction, so PostgreSQL commits it
// on its own: all of it or none of it. It is prepared once per pooled connection (PgStore.prepared).
//
// A 201 still means "committed": node-postgres resolves a query on ReadyForQuery, which the server
// sends only after the statement's implicit transaction has committed (and, with
// synchronous_commit on, its WAL is flushed); CommandComplete alone resolves nothing.
//
// Requests are written in id order, so two groups on two processes that share ids lock them in
// the same order and wait for each other instead of deadlocking. An id that appears twice in one
// group is inserted once; the second copy is answered like any retry (200, or 409 if it differs).
import type { RelayRequest } from '../protocol/relay.js';
import type { PgStore } from './store/pg-store.js';
import { answerForHeld, receivedStatusBody, type HeldRequest, type StoreResult } from './requests.js';
import { newChange } from './feed.js';
import { CHANGE_UPSERT, FEED_CHANNEL } from './feed-pg.js';

/** One validated request, as storeValidated takes it. */
export interface ValidRequest {
  request: RelayRequest;
  /** The exact text it arrived as (stored as its body). */
  text: string;
  /** The village it is filed under (villageOf). */
  village: string;
  now: Date;
}

// u: the group, one row per first copy, in id order (ord). Its status item (sha256 and body of
// the "received" status) is computed before the insert and written only for the rows inserted.
const STORE_MANY_SQL = `WITH u AS MATERIALIZED (
    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
      WITH ORDINALITY AS u(id, kiosk_id, code, sha256, type, village, phone, name, household_id, body, kiosk_seq, created_at, at, assisted_by, status_sha256, status_body, ord)),
  ins AS (
    INSERT INTO requests(ref, id, kiosk_id, code, sha256, type, village, phone, name, household_id, body, kiosk_seq, created_at, received_at, township_ref, status, status_updated_at, assisted_by)
    SELECT n.ref, n.id, n.kiosk_id, n.code, n.sha256, n.type, n.village, n.phone, n.name, n.household_id, n.body, n.kiosk_seq, n.created_at, n.at,
           'T' || lpad(n.ref::text, greatest(6, length(n.ref::text)), '0'), 'received', n.at, n.assisted_by
      FROM (SELECT nextval(pg_get_serial_sequence('requests', 'ref')) AS ref, u.* FROM u ORDER BY u.ord) AS n
    ON CONFLICT (id) DO NOTHING
    RETURNING id, township_ref),
  history AS (
    INSERT INTO request_history(request_id, n, status, at, note, by_official)
    SELECT u.id, 1, 'received', u.at, NULL, NULL FROM ins JOIN u ON u.id = ins.id ORDER BY u.ord),
  feed AS (
    INSERT INTO changes(type, item_id, kiosk_id, op, version, sha256, body, at)
    SELECT 'request-status', u.id, u.kiosk_id, 'upsert', 1, u.status_sha256, u.status_body, u.at FROM ins JOIN u ON u.id = ins.id ORDER BY u.ord
    ${CHANGE_UPSERT}
    RETURNING pg_notify('${FEED_CHANNEL}', COALESCE(kiosk_id, '')) AS woke)
  SELECT id, township_ref FROM ins`;

export async function storeManyPg(store: PgStore, items: readonly ValidRequest[]): Promise<StoreResult[]> {
  const results: Array<StoreResult | undefined> = items.map(() => undefined);
  // The first copy of each id, in id order; later copies are answered after the insert.
  const order = items.map((_, i) => i).sort((a, b) => {
    const x = items[a]!.request.id;
    const y = items[b]!.request.id;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const first: number[] = [];
  const seen = new Set<string>();
  for (const i of order) {
    const id = items[i]!.request.id;
    if (!seen.has(id)) {
      seen.add(id);
      first.push(i);
    }
  }
  const status = first.map((i) => {
    const { request: r, now } = items[i]!;
    return newChange({ type: 'request-status', itemId: r.id, kioskId: r.kioskId, op: 'upsert', version: 1, body: receivedStatusBody(r, now.toISOString()), at: now });
  });
  const col = <T>(f: (v: ValidRequest) => T) => first.map((i) => f(items[i]!));
  const inserted = await store.prepared<{ id: string; township_ref: string }>('township_store_many', STORE_MANY_SQL, [
    col((v) => v.request.id),
    col((v) => v.request.kioskId),
    col((v) => v.request.code),
    col((v) => v.request.sha256),
    col((v) => v.request.payload.type),
    col((v) => v.village),
    col((v) => v.request.contact.phone),
    col((v) => v.request.contact.name),
    col((v) => v.request.contact.householdId),
    col((v) => v.text),
    col((v) => v.request.kioskSeq),
    col((v) => v.request.createdAt),
    col((v) => v.now.toISOString()),
    col((v) => v.request.assistedBy ?? null),
    status.map((c) => c.sha256),
    status.map((c) => c.body),
  ]);
  const refOf = new Map(inserted.map((r) => [r.id, r.township_ref]));
  for (const i of first) {
    const { request: r, now } = items[i]!;
    const townshipRef = refOf.get(r.id);
    if (townshipRef === undefined) continue;
    results[i] = { ok: true, status: 201, ack: { id: r.id, receivedAt: now.toISOString(), townshipRef } };
    store.notifyLocal(FEED_CHANNEL, r.kioskId); // committed: this process's marks hear it now, the NOTIFY a moment later
  }
  // Everything else (ids already held, and second copies) is answered from what is held now.
  const rest = items.map((_, i) => i).filter((i) => results[i] === undefined);
  if (rest.length) {
    const held = await store.all<HeldRequest>(`SELECT id, kiosk_id, sha256, received_at, township_ref FROM requests WHERE id = ANY(?::text[])`, [[...new Set(rest.map((i) => items[i]!.request.id))]]);
    const byId = new Map(held.map((h) => [h.id, h]));
    for (const i of rest) {
      const r = items[i]!.request;
      const h = byId.get(r.id);
      if (!h) throw new Error(`request ${r.id} was neither inserted nor found`);
      results[i] = answerForHeld(r, h);
    }
  }
  return results as StoreResult[];
}
