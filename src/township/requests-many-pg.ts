// Storing many relayed requests at once on PostgreSQL (issue 13 §6: single PUTs at 3,000/s).
//
// The same effect as storeValidated (requests.ts) for each request, in a fixed number of
// statements for the whole group instead of five per request: one INSERT of every new request
// (its township ref taken from the identity sequence in the same statement), one INSERT of their
// "received" history entries, one INSERT of their status items into the change feed (feed-pg.ts,
// appendManyPg), and, only when some id was already held, one SELECT to answer those. Run it in
// one transaction: the caller answers nobody before that transaction has committed.
//
// Requests are written in id order, so two groups on two processes that share ids lock them in
// the same order and wait for each other instead of deadlocking. An id that appears twice in one
// group is inserted once; the second copy is answered like any retry (200, or 409 if it differs).
import type { RelayRequest } from '../protocol/relay.js';
import type { SqlTx } from './store/sql-store.js';
import { answerForHeld, receivedStatusBody, type HeldRequest, type StoreResult } from './requests.js';
import { newChange } from './feed.js';
import { appendManyPg } from './feed-pg.js';

/** One validated request, as storeValidated takes it. */
export interface ValidRequest {
  request: RelayRequest;
  /** The exact text it arrived as (stored as its body). */
  text: string;
  /** The village it is filed under (villageOf). */
  village: string;
  now: Date;
}

const INSERT_SQL = `INSERT INTO requests(ref, id, kiosk_id, code, sha256, type, village, phone, name, household_id, body, kiosk_seq, created_at, received_at, township_ref, status, status_updated_at, assisted_by)
  SELECT n.ref, n.id, n.kiosk_id, n.code, n.sha256, n.type, n.village, n.phone, n.name, n.household_id, n.body, n.kiosk_seq, n.created_at, n.at,
         'T' || lpad(n.ref::text, greatest(6, length(n.ref::text)), '0'), 'received', n.at, n.assisted_by
    FROM (SELECT nextval(pg_get_serial_sequence('requests', 'ref')) AS ref, u.*
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS u(id, kiosk_id, code, sha256, type, village, phone, name, household_id, body, kiosk_seq, created_at, at, assisted_by, ord)
           ORDER BY u.ord) AS n
  ON CONFLICT (id) DO NOTHING
  RETURNING id, township_ref`;

export async function storeManyPg(q: SqlTx, items: readonly ValidRequest[]): Promise<StoreResult[]> {
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
  const col = <T>(f: (v: ValidRequest) => T) => first.map((i) => f(items[i]!));
  const inserted = await q.all<{ id: string; township_ref: string }>(INSERT_SQL, [
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
  ]);
  const refOf = new Map(inserted.map((r) => [r.id, r.township_ref]));
  const fresh = first.filter((i) => refOf.has(items[i]!.request.id));
  if (fresh.length) {
    await q.run(`INSERT INTO request_history(request_id, n, status, at, note, by_official) SELECT u.id, 1, 'received', u.at, NULL, NULL FROM unnest(?::text[], ?::text[]) AS u(id, at)`, [
      fresh.map((i) => items[i]!.request.id),
      fresh.map((i) => items[i]!.now.toISOString()),
    ]);
    await appendManyPg(
      q,
      fresh.map((i) => {
        const { request: r, now } = items[i]!;
        return newChange({ type: 'request-status', itemId: r.id, kioskId: r.kioskId, op: 'upsert', version: 1, body: receivedStatusBody(r, now.toISOString()), at: now });
      }),
    );
    for (const i of fresh) {
      const { request: r, now } = items[i]!;
      results[i] = { ok: true, status: 201, ack: { id: r.id, receivedAt: now.toISOString(), townshipRef: refOf.get(r.id)! } };
    }
  }
  // Everything else (ids already held, and second copies) is answered from what is held now.
  const rest = items.map((_, i) => i).filter((i) => results[i] === undefined);
  if (rest.length) {
    const held = await q.all<HeldRequest>(`SELECT id, kiosk_id, sha256, received_at, township_ref FROM requests WHERE id = ANY(?::text[])`, [[...new Set(rest.map((i) => items[i]!.request.id))]]);
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
