// Relayed service requests: durable, idempotent storage keyed by request id, and the
// status workflow (received -> in-review -> visit-scheduled -> done / rejected). Every
// status change appends to the request's history and emits a request-status feed item
// for the request's kiosk, in the same transaction.
import { RelayRequest, relayCoveredBytes, type RelayAck, type RelayBatchResult, type RequestType } from '../protocol/relay.js';
import { arrayElementTexts } from './json-spans.js';
import { RequestStatusBody, type RequestStatus } from '../protocol/feed.js';
import { sha256Hex } from '../protocol/signing.js';
import type { SqlRunner, SqlTx } from './store/sql-store.js';
import { inTx, type SqlTarget } from './store/in-tx.js';
import { appendChange } from './feed.js';
import { describeZod } from '../shared/zod-message.js';

export type StoreResult =
  | { ok: true; status: 200 | 201; ack: RelayAck }
  | { ok: false; status: 409 | 422; id: string | null; code: string; message: string };

/**
 * Validates one relayed request. `text` is the exact text it arrived as (the raw PUT body, or
 * the item's own text inside a batch body): the hash is checked over those bytes, never over
 * a re-serialised object (src/protocol/relay.ts, relayCoveredBytes).
 */
export function validateRelay(
  kioskId: string,
  urlRequestId: string | null,
  body: unknown,
  text: string,
): { ok: true; request: RelayRequest; text: string } | { ok: false; id: string | null; message: string } {
  const rawId = typeof body === 'object' && body !== null && typeof (body as { id?: unknown }).id === 'string' ? (body as { id: string }).id.slice(0, 100) : null;
  const parsed = RelayRequest.safeParse(body);
  if (!parsed.success) return { ok: false, id: urlRequestId ?? rawId, message: `The request does not match the relay schema: ${describeZod(parsed.error, 'body')}` };
  const r = parsed.data;
  if (urlRequestId !== null && r.id !== urlRequestId) return { ok: false, id: urlRequestId, message: `The body's id ${r.id} is not the id in the URL (${urlRequestId}).` };
  if (r.kioskId !== kioskId) return { ok: false, id: r.id, message: `The body's kioskId "${r.kioskId}" is not this kiosk ("${kioskId}", from the URL and its token).` };
  const sealed = relayCoveredBytes(text);
  if (!sealed) return { ok: false, id: r.id, message: 'The body must end with its "sha256" member: {...,"sha256":"<64 hex>"} (the hash covers the bytes before it).' };
  const actual = sha256Hex(sealed.covered);
  if (actual !== sealed.claimed || sealed.claimed !== r.sha256) return { ok: false, id: r.id, message: `sha256 mismatch: the bytes sent hash to ${actual}, not ${r.sha256}; the payload changed after it was frozen.` };
  return { ok: true, request: r, text };
}

export function villageOf(r: RelayRequest, kioskVillage: string): string {
  if (r.payload.type === 'agronomist-visit') return r.payload.village;
  return kioskVillage || r.kioskId;
}

export interface RequestRow {
  ref: number;
  id: string;
  kiosk_id: string;
  code: string;
  sha256: string;
  type: RequestType;
  village: string;
  phone: string;
  name: string | null;
  household_id: string | null;
  body: string;
  kiosk_seq: number;
  created_at: string;
  received_at: string;
  township_ref: string;
  status: RequestStatus;
  status_updated_at: string;
  assisted_by: string | null;
}

function ackOf(row: Pick<RequestRow, 'id' | 'received_at' | 'township_ref'>): RelayAck {
  return { id: row.id, receivedAt: row.received_at, townshipRef: row.township_ref };
}

/** The answer to a request whose id is already held (a retry, a conflict, or another kiosk's id). */
export function answerForHeld(r: RelayRequest, existing: HeldRequest): StoreResult {
  // Request ids are scoped per kiosk (issue 8 item 20): a kiosk only ever learns about its
  // own requests. Another kiosk's id gets a plain 409: no hash, no acknowledgement, no kiosk.
  if (existing.kiosk_id !== r.kioskId) {
    return { ok: false, status: 409, id: r.id, code: 'id-in-use', message: `The request id ${r.id} cannot be used by this kiosk; send the request under a new id.` };
  }
  if (existing.sha256 === r.sha256) return { ok: true, status: 200, ack: ackOf(existing) };
  return { ok: false, status: 409, id: r.id, code: 'conflict', message: `Request ${r.id} is already held with different content; it was not changed.` };
}

/** What is compared when a request's id is already held. */
export type HeldRequest = Pick<RequestRow, 'id' | 'kiosk_id' | 'sha256' | 'received_at' | 'township_ref'>;

/** The status item of a request just stored: one history entry, "received". */
export function receivedStatusBody(r: RelayRequest, at: string): RequestStatusBody {
  return RequestStatusBody.parse({ requestId: r.id, code: r.code, status: 'received', updatedAt: at, history: [{ status: 'received', at }] } satisfies RequestStatusBody);
}

/** `T000123`: the reference officials and villagers see, from the row's ref. */
export function townshipRefOf(ref: number): string {
  return `T${String(ref).padStart(6, '0')}`;
}

/**
 * Stores one validated request (call inside a transaction). Idempotent on the request id:
 * INSERT … ON CONFLICT DO NOTHING, then compare with what is held, so two deliveries of one
 * request racing on two connections (PostgreSQL) still store it once and answer both.
 */
export async function storeValidated(q: SqlTx, r: RelayRequest, text: string, kioskVillage: string, now: Date): Promise<StoreResult> {
  const at = now.toISOString();
  const inserted = await q.get<{ ref: number }>(
    `INSERT INTO requests(id, kiosk_id, code, sha256, type, village, phone, name, household_id, body, kiosk_seq, created_at, received_at, township_ref, status, status_updated_at, assisted_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'received', ?, ?)
     ON CONFLICT(id) DO NOTHING RETURNING ref`,
    [r.id, r.kioskId, r.code, r.sha256, r.payload.type, villageOf(r, kioskVillage), r.contact.phone, r.contact.name, r.contact.householdId, text, r.kioskSeq, r.createdAt, at, at, r.assistedBy ?? null],
  );
  if (!inserted) {
    const existing = await q.get<HeldRequest>(`SELECT id, kiosk_id, sha256, received_at, township_ref FROM requests WHERE id = ?`, [r.id]);
    if (!existing) throw new Error(`request ${r.id} was neither inserted nor found`);
    return answerForHeld(r, existing);
  }
  const townshipRef = townshipRefOf(inserted.ref);
  await q.run(`UPDATE requests SET township_ref = ? WHERE id = ?`, [townshipRef, r.id]);
  await q.run(`INSERT INTO request_history(request_id, n, status, at, note, by_official) VALUES (?, 1, 'received', ?, NULL, NULL)`, [r.id, at]);
  // The status item of a request just stored is known without reading it back (what statusBody
  // would read: one history entry, "received"): two statements fewer on the relay's hot path.
  await appendChange(q, { type: 'request-status', itemId: r.id, kioskId: r.kioskId, op: 'upsert', version: 1, body: receivedStatusBody(r, at), at: now });
  return { ok: true, status: 201, ack: { id: r.id, receivedAt: at, townshipRef } };
}

/** `text`: the raw body exactly as received (its bytes are what the hash covers). */
export async function storeRequest(t: SqlTarget, kioskId: string, kioskVillage: string, urlRequestId: string, body: unknown, text: string, now: Date): Promise<StoreResult> {
  const v = validateRelay(kioskId, urlRequestId, body, text);
  if (!v.ok) return { ok: false, status: 422, id: v.id, code: 'invalid', message: v.message };
  return inTx(t, (q) => storeValidated(q, v.request, v.text, kioskVillage, now));
}

/** Each batch item validated over its own text inside the batch body (its hash covers those bytes). */
export function validateBatchItems(kioskId: string, items: unknown[], bodyText: string): ReturnType<typeof validateRelay>[] {
  const texts = arrayElementTexts(bodyText, 'items') ?? [];
  return items.map((item, i) => validateRelay(kioskId, null, item, texts[i] ?? ''));
}

/** One result per item; every good item is stored in one transaction; a bad item never blocks the rest. */
export async function storeBatch(t: SqlTarget, kioskId: string, kioskVillage: string, items: unknown[], bodyText: string, now: Date): Promise<RelayBatchResult> {
  const validated = validateBatchItems(kioskId, items, bodyText);
  return inTx(t, async (q): Promise<RelayBatchResult> => {
    const results: RelayBatchResult['results'] = [];
    for (const v of validated) {
      if (!v.ok) {
        results.push({ ok: false, id: v.id, status: 422, error: { code: 'invalid', message: v.message } });
        continue;
      }
      const r = await storeValidated(q, v.request, v.text, kioskVillage, now);
      if (r.ok) results.push({ ok: true, id: v.request.id, status: r.status, ack: r.ack });
      else results.push({ ok: false, id: r.id, status: r.status, error: { code: r.code, message: r.message } });
    }
    return { results };
  });
}

// ---- status workflow --------------------------------------------------------------------
export const OFFICIAL_STATUSES = ['in-review', 'visit-scheduled', 'done', 'rejected'] as const satisfies readonly RequestStatus[];
export type OfficialStatus = (typeof OFFICIAL_STATUSES)[number];
export const LISTED_STATUSES = ['received', ...OFFICIAL_STATUSES] as const;

/** Which statuses an official may set next. Finished requests may only be reopened (in-review). */
export function nextStatuses(current: RequestStatus): OfficialStatus[] {
  if (current === 'done' || current === 'rejected') return ['in-review'];
  return OFFICIAL_STATUSES.filter((s) => s !== current);
}

const HISTORY_MAX = 50;

async function statusBody(store: SqlRunner, requestId: string): Promise<{ body: RequestStatusBody; kioskId: string; version: number }> {
  const req = (await store.get<Pick<RequestRow, 'id' | 'code' | 'kiosk_id' | 'status' | 'status_updated_at'>>(`SELECT id, code, kiosk_id, status, status_updated_at FROM requests WHERE id = ?`, [requestId]))!;
  const hist = await store.all<{ n: number; status: RequestStatus; at: string; note: string | null }>(`SELECT n, status, at, note FROM request_history WHERE request_id = ? ORDER BY n`, [requestId]);
  // Keep the first entry (received) and the newest ones within the protocol's limit.
  const kept = hist.length > HISTORY_MAX ? [hist[0]!, ...hist.slice(hist.length - (HISTORY_MAX - 1))] : hist;
  const body: RequestStatusBody = {
    requestId: req.id,
    code: req.code,
    status: req.status,
    updatedAt: req.status_updated_at,
    history: kept.map((h) => (h.note ? { status: h.status, at: h.at, note: h.note } : { status: h.status, at: h.at })),
  };
  return { body: RequestStatusBody.parse(body), kioskId: req.kiosk_id, version: hist.length };
}

async function emitStatus(store: SqlRunner, requestId: string, now: Date): Promise<void> {
  const { body, kioskId, version } = await statusBody(store, requestId);
  await appendChange(store, { type: 'request-status', itemId: requestId, kioskId, op: 'upsert', version, body, at: now });
}

export type SetStatusResult = { ok: true; status: RequestStatus } | { ok: false; code: 'not-found' | 'not-allowed' | 'note-required' | 'note-too-long'; message: string };

export async function setRequestStatus(t: SqlTarget, requestId: string, status: RequestStatus, note: string, by: string | null, now: Date): Promise<SetStatusResult> {
  const trimmed = note.trim();
  if (trimmed.length > 500) return { ok: false, code: 'note-too-long', message: 'The note is longer than 500 characters.' };
  return inTx(t, async (q): Promise<SetStatusResult> => {
    // A no-op UPDATE first: on PostgreSQL it locks the request's row for this transaction, so
    // two officials' changes cannot both read the same history length (on SQLite the
    // immediate transaction already holds the write lock).
    await q.run(`UPDATE requests SET status = status WHERE id = ?`, [requestId]);
    const row = await q.get<{ status: RequestStatus }>(`SELECT status FROM requests WHERE id = ?`, [requestId]);
    if (!row) return { ok: false, code: 'not-found', message: `There is no request ${requestId}.` };
    if (!(nextStatuses(row.status) as RequestStatus[]).includes(status)) {
      return { ok: false, code: 'not-allowed', message: `A request that is "${row.status}" cannot be set to "${status}".` };
    }
    if (status === 'rejected' && !trimmed) return { ok: false, code: 'note-required', message: 'Give the reason for rejecting (the villager sees it).' };
    const at = now.toISOString();
    const n = Number((await q.get<{ n: number }>(`SELECT MAX(n) AS n FROM request_history WHERE request_id = ?`, [requestId]))!.n) + 1;
    await q.run(`INSERT INTO request_history(request_id, n, status, at, note, by_official) VALUES (?, ?, ?, ?, ?, ?)`, [requestId, n, status, at, trimmed || null, by]);
    await q.run(`UPDATE requests SET status = ?, status_updated_at = ? WHERE id = ?`, [status, at, requestId]);
    await emitStatus(q, requestId, now);
    return { ok: true, status };
  });
}

// ---- reading, for the officials' page and tests -----------------------------------------
export interface RequestSummary {
  id: string;
  code: string;
  townshipRef: string;
  kioskId: string;
  type: RequestType;
  village: string;
  status: RequestStatus;
  receivedAt: string;
  statusUpdatedAt: string;
  /** Badge id of the hall attendant who filed it for a walk-in, or null. */
  assistedBy: string | null;
}

export interface RequestDetail extends RequestSummary {
  request: RelayRequest;
  history: Array<{ n: number; status: RequestStatus; at: string; note: string | null; by: string | null }>;
}

export interface RequestFilter {
  village?: string | undefined;
  type?: string | undefined;
  status?: string | undefined;
  limit?: number;
  offset?: number;
}

function summary(r: RequestRow): RequestSummary {
  return { id: r.id, code: r.code, townshipRef: r.township_ref, kioskId: r.kiosk_id, type: r.type, village: r.village, status: r.status, receivedAt: r.received_at, statusUpdatedAt: r.status_updated_at, assistedBy: r.assisted_by };
}

export async function listRequests(store: SqlRunner, f: RequestFilter = {}): Promise<{ rows: RequestSummary[]; total: number }> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.village) (where.push('village = ?'), args.push(f.village));
  if (f.type) (where.push('type = ?'), args.push(f.type));
  if (f.status) (where.push('status = ?'), args.push(f.status));
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM requests ${w}`, [...args]))!.n;
  const rows = await store.all<RequestRow>(`SELECT * FROM requests ${w} ORDER BY ref DESC LIMIT ? OFFSET ?`, [...args, f.limit ?? 100, f.offset ?? 0]);
  return { rows: rows.map(summary), total };
}

export async function distinctVillages(store: SqlRunner): Promise<string[]> {
  return (await store.all<{ village: string }>(`SELECT DISTINCT village FROM requests ORDER BY village`)).map((r) => r.village);
}

export async function getRequest(store: SqlRunner, id: string): Promise<RequestDetail | null> {
  const r = await store.get<RequestRow>(`SELECT * FROM requests WHERE id = ?`, [id]);
  if (!r) return null;
  const history = (await store.all<{ n: number; status: RequestStatus; at: string; note: string | null; by_official: string | null }>(`SELECT n, status, at, note, by_official FROM request_history WHERE request_id = ? ORDER BY n`, [id])).map((h) => ({ n: h.n, status: h.status, at: h.at, note: h.note, by: h.by_official }));
  return { ...summary(r), request: JSON.parse(r.body) as RelayRequest, history };
}
