// Relayed service requests: durable, idempotent storage keyed by request id, and the
// status workflow (received -> in-review -> visit-scheduled -> done / rejected). Every
// status change appends to the request's history and emits a request-status feed item
// for the request's kiosk, in the same transaction.
import { RelayRequest, relayCoveredBytes, type RelayAck, type RelayBatchResult, type RequestType } from '../protocol/relay.js';
import { arrayElementTexts } from './json-spans.js';
import { RequestStatusBody, type RequestStatus } from '../protocol/feed.js';
import { sha256Hex } from '../protocol/signing.js';
import type { Db } from './db/index.js';
import { appendChange } from './feed.js';
import { cached } from '../db/statement-cache.js';
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

function villageOf(r: RelayRequest, kioskVillage: string): string {
  if (r.payload.type === 'agronomist-visit') return r.payload.village;
  return kioskVillage || r.kioskId;
}

interface RequestRow {
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

/** Stores one validated request (call inside a transaction). */
function storeValidated(db: Db, r: RelayRequest, text: string, kioskVillage: string, now: Date): StoreResult {
  const existing = cached(db, `SELECT id, kiosk_id, sha256, received_at, township_ref FROM requests WHERE id = ?`).get(r.id) as Pick<RequestRow, 'id' | 'kiosk_id' | 'sha256' | 'received_at' | 'township_ref'> | undefined;
  if (existing) {
    // Request ids are scoped per kiosk (issue 8 item 20): a kiosk only ever learns about its
    // own requests. Another kiosk's id gets a plain 409: no hash, no acknowledgement, no kiosk.
    if (existing.kiosk_id !== r.kioskId) {
      return { ok: false, status: 409, id: r.id, code: 'id-in-use', message: `The request id ${r.id} cannot be used by this kiosk; send the request under a new id.` };
    }
    if (existing.sha256 === r.sha256) return { ok: true, status: 200, ack: ackOf(existing) };
    return { ok: false, status: 409, id: r.id, code: 'conflict', message: `Request ${r.id} is already held with different content; it was not changed.` };
  }
  const at = now.toISOString();
  const info = cached(db, 
      `INSERT INTO requests(id, kiosk_id, code, sha256, type, village, phone, name, household_id, body, kiosk_seq, created_at, received_at, township_ref, status, status_updated_at, assisted_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'received', ?, ?)`,
    )
    .run(r.id, r.kioskId, r.code, r.sha256, r.payload.type, villageOf(r, kioskVillage), r.contact.phone, r.contact.name, r.contact.householdId, text, r.kioskSeq, r.createdAt, at, at, r.assistedBy ?? null);
  const townshipRef = `T${String(info.lastInsertRowid).padStart(6, '0')}`;
  cached(db, `UPDATE requests SET township_ref = ? WHERE id = ?`).run(townshipRef, r.id);
  cached(db, `INSERT INTO request_history(request_id, n, status, at, note, by_official) VALUES (?, 1, 'received', ?, NULL, NULL)`).run(r.id, at);
  emitStatus(db, r.id, now);
  return { ok: true, status: 201, ack: { id: r.id, receivedAt: at, townshipRef } };
}

/** `text`: the raw body exactly as received (its bytes are what the hash covers). */
export function storeRequest(db: Db, kioskId: string, kioskVillage: string, urlRequestId: string, body: unknown, text: string, now: Date): StoreResult {
  const v = validateRelay(kioskId, urlRequestId, body, text);
  if (!v.ok) return { ok: false, status: 422, id: v.id, code: 'invalid', message: v.message };
  return db.transaction(() => storeValidated(db, v.request, v.text, kioskVillage, now)).immediate();
}

/** One result per item; every good item is stored in one transaction; a bad item never blocks the rest. */
export function storeBatch(db: Db, kioskId: string, kioskVillage: string, items: unknown[], bodyText: string, now: Date): RelayBatchResult {
  // Each item's own text inside the batch body: its hash is checked over those bytes.
  const texts = arrayElementTexts(bodyText, 'items') ?? [];
  const validated = items.map((item, i) => validateRelay(kioskId, null, item, texts[i] ?? ''));
  return db
    .transaction((): RelayBatchResult => {
      const results: RelayBatchResult['results'] = validated.map((v) => {
        if (!v.ok) return { ok: false, id: v.id, status: 422, error: { code: 'invalid', message: v.message } };
        const r = storeValidated(db, v.request, v.text, kioskVillage, now);
        if (r.ok) return { ok: true, id: v.request.id, status: r.status, ack: r.ack };
        return { ok: false, id: r.id, status: r.status, error: { code: r.code, message: r.message } };
      });
      return { results };
    })
    .immediate();
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

function statusBody(db: Db, requestId: string): { body: RequestStatusBody; kioskId: string; version: number } {
  const req = cached(db, `SELECT id, code, kiosk_id, status, status_updated_at FROM requests WHERE id = ?`).get(requestId) as Pick<RequestRow, 'id' | 'code' | 'kiosk_id' | 'status' | 'status_updated_at'>;
  const hist = cached(db, `SELECT n, status, at, note FROM request_history WHERE request_id = ? ORDER BY n`).all(requestId) as Array<{ n: number; status: RequestStatus; at: string; note: string | null }>;
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

function emitStatus(db: Db, requestId: string, now: Date): void {
  const { body, kioskId, version } = statusBody(db, requestId);
  appendChange(db, { type: 'request-status', itemId: requestId, kioskId, op: 'upsert', version, body, at: now });
}

export type SetStatusResult = { ok: true; status: RequestStatus } | { ok: false; code: 'not-found' | 'not-allowed' | 'note-required' | 'note-too-long'; message: string };

export function setRequestStatus(db: Db, requestId: string, status: RequestStatus, note: string, by: string | null, now: Date): SetStatusResult {
  const trimmed = note.trim();
  if (trimmed.length > 500) return { ok: false, code: 'note-too-long', message: 'The note is longer than 500 characters.' };
  return db
    .transaction((): SetStatusResult => {
      const row = cached(db, `SELECT status FROM requests WHERE id = ?`).get(requestId) as { status: RequestStatus } | undefined;
      if (!row) return { ok: false, code: 'not-found', message: `There is no request ${requestId}.` };
      if (!(nextStatuses(row.status) as RequestStatus[]).includes(status)) {
        return { ok: false, code: 'not-allowed', message: `A request that is "${row.status}" cannot be set to "${status}".` };
      }
      if (status === 'rejected' && !trimmed) return { ok: false, code: 'note-required', message: 'Give the reason for rejecting (the villager sees it).' };
      const at = now.toISOString();
      const n = (cached(db, `SELECT MAX(n) AS n FROM request_history WHERE request_id = ?`).get(requestId) as { n: number }).n + 1;
      cached(db, `INSERT INTO request_history(request_id, n, status, at, note, by_official) VALUES (?, ?, ?, ?, ?, ?)`).run(requestId, n, status, at, trimmed || null, by);
      cached(db, `UPDATE requests SET status = ?, status_updated_at = ? WHERE id = ?`).run(status, at, requestId);
      emitStatus(db, requestId, now);
      return { ok: true, status };
    })
    .immediate();
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

export function listRequests(db: Db, f: RequestFilter = {}): { rows: RequestSummary[]; total: number } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.village) (where.push('village = ?'), args.push(f.village));
  if (f.type) (where.push('type = ?'), args.push(f.type));
  if (f.status) (where.push('status = ?'), args.push(f.status));
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (cached(db, `SELECT COUNT(*) AS n FROM requests ${w}`).get(...args) as { n: number }).n;
  const rows = cached(db, `SELECT * FROM requests ${w} ORDER BY ref DESC LIMIT ? OFFSET ?`).all(...args, f.limit ?? 100, f.offset ?? 0) as RequestRow[];
  return { rows: rows.map(summary), total };
}

export function distinctVillages(db: Db): string[] {
  return (cached(db, `SELECT DISTINCT village FROM requests ORDER BY village`).all() as Array<{ village: string }>).map((r) => r.village);
}

export function getRequest(db: Db, id: string): RequestDetail | null {
  const r = cached(db, `SELECT * FROM requests WHERE id = ?`).get(id) as RequestRow | undefined;
  if (!r) return null;
  const history = (cached(db, `SELECT n, status, at, note, by_official FROM request_history WHERE request_id = ? ORDER BY n`).all(id) as Array<{ n: number; status: RequestStatus; at: string; note: string | null; by_official: string | null }>).map((h) => ({ n: h.n, status: h.status, at: h.at, note: h.note, by: h.by_official }));
  return { ...summary(r), request: JSON.parse(r.body) as RelayRequest, history };
}
