// The durable request store: submitting, cancelling and (before the first send) amending a
// request. Every write here is one SQLite transaction; the database is opened with WAL and
// synchronous=FULL (src/db/open.ts), so when submitRequest returns {ok: true} the request and
// its outbox row are on disk and will survive a power cut.
//
// Expected failures are returned values, never throws: a full or failing disk gives
// {ok: false, reason: 'storage-full' | 'storage-error'} so the screen can say "please ask
// staff" instead of a false "saved".
import type { z } from 'zod';
import type { Db } from '../db/open.js';
import { canonicalRequestBytes, RelayRequest, RequestPayload } from '../protocol/relay.js';
import { sha256Hex } from '../protocol/signing.js';
import { createUuidV7, newHumanCode, secureRandomBytes, type RandomBytes } from './ids.js';

export const DEFAULT_CANCEL_WINDOW_MS = 10 * 60 * 1000;

export const RequestContact = RelayRequest.shape.contact;
export type RequestContact = z.infer<typeof RequestContact>;

export interface SubmitInput {
  contact: RequestContact;
  payload: RequestPayload;
  /** The policy or job the villager came from; kept on the kiosk only (receipt phone/materials). */
  relatedId?: string | null;
}

export type StorageFailure = 'storage-full' | 'storage-error';

export type SubmitResult =
  | { ok: true; id: string; code: string; kioskSeq: number; createdAt: string; cancellableUntil: string; bytes: number }
  | { ok: false; reason: StorageFailure | 'invalid'; message: string };

export type CancelResult =
  | { ok: true; cancelledAt: string }
  | { ok: false; reason: 'not-found' | 'too-late' | 'already-sending' | 'already-sent' | StorageFailure; message: string };

export type AmendResult = { ok: true; sha256: string } | { ok: false; reason: 'not-found' | 'frozen' | 'too-late' | 'cancelled' | 'invalid' | StorageFailure; message: string };

export interface StoreDeps {
  kioskId: string;
  now?: () => Date;
  /** Id generator (UUIDv7); one per process so ids stay monotonic. */
  newId?: () => string;
  random?: RandomBytes;
  cancelWindowMs?: number;
}

/** Classifies an error thrown by SQLite: a storage problem, or null for anything else. */
export function storageFailure(e: unknown): StorageFailure | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL') return 'storage-full';
  if (code.startsWith('SQLITE_CONSTRAINT')) return null;
  return 'storage-error';
}

const STORAGE_MESSAGE: Record<StorageFailure, string> = {
  'storage-full': 'The kiosk disk is full; the request was NOT saved. Staff must free space on the kiosk.',
  'storage-error': 'The kiosk could not write to its disk; the request was NOT saved. Staff must check the kiosk storage.',
};

/** The exact wire bytes of a RelayRequest: canonical JSON with sha256 appended as the last key. */
export function relayBody(r: Omit<RelayRequest, 'sha256'>): { body: string; sha256: string } {
  const canonical = canonicalRequestBytes(r);
  const sha256 = sha256Hex(canonical);
  return { body: `${canonical.slice(0, -1)},"sha256":"${sha256}"}`, sha256 };
}

export interface RequestStore {
  submit(input: SubmitInput): SubmitResult;
  cancel(id: string): CancelResult;
  amend(id: string, input: SubmitInput): AmendResult;
}

export function createRequestStore(db: Db, deps: StoreDeps): RequestStore {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? createUuidV7({ now: () => now().getTime() });
  const random = deps.random ?? secureRandomBytes;
  const windowMs = deps.cancelWindowMs ?? DEFAULT_CANCEL_WINDOW_MS;

  const codeTaken = db.prepare('SELECT 1 FROM requests WHERE code = ? UNION ALL SELECT 1 FROM request_status WHERE code = ? LIMIT 1');
  const nextSeq = db.prepare('SELECT COALESCE(MAX(kiosk_seq), 0) + 1 AS seq FROM requests');
  const insertRequest = db.prepare(
    `INSERT INTO requests (id, code, kiosk_seq, type, created_at, created_ms, phone, name, household_id, related_id, payload, body, sha256)
     VALUES (@id, @code, @seq, @type, @createdAt, @createdMs, @phone, @name, @householdId, @relatedId, @payload, @body, @sha256)`,
  );
  const insertOutbox = db.prepare("INSERT INTO outbox (request_id, state, next_attempt_ms) VALUES (?, 'queued', ?)");
  const getForCancel = db.prepare<[string], { created_ms: number; state: string; maybe_delivered: number; frozen_at: string | null; kiosk_seq: number; code: string; created_at: string }>(
    'SELECT r.created_ms, r.frozen_at, r.kiosk_seq, r.code, r.created_at, o.state, o.maybe_delivered FROM requests r JOIN outbox o ON o.request_id = r.id WHERE r.id = ?',
  );
  const setCancelled = db.prepare("UPDATE outbox SET state = 'cancelled' WHERE request_id = ? AND state = 'queued'");
  const stampCancelled = db.prepare('UPDATE requests SET cancelled_at = ? WHERE id = ?');
  const updateBody = db.prepare('UPDATE requests SET phone = @phone, name = @name, household_id = @householdId, payload = @payload, body = @body, sha256 = @sha256, type = @type WHERE id = @id AND frozen_at IS NULL');

  const submitTx = db.transaction((input: SubmitInput) => {
    let code = '';
    for (let i = 0; ; i++) {
      if (i >= 20) throw new Error('could not find an unused request code after 20 tries; the random source is broken');
      code = newHumanCode(random);
      if (!codeTaken.get(code, code)) break;
    }
    const seq = (nextSeq.get() as { seq: number }).seq;
    const at = now();
    const id = newId();
    const unsigned = { id, code, kioskId: deps.kioskId, kioskSeq: seq, createdAt: at.toISOString(), contact: input.contact, payload: input.payload };
    const { body, sha256 } = relayBody(unsigned);
    RelayRequest.parse(JSON.parse(body));
    insertRequest.run({
      id,
      code,
      seq,
      type: input.payload.type,
      createdAt: unsigned.createdAt,
      createdMs: at.getTime(),
      phone: input.contact.phone,
      name: input.contact.name,
      householdId: input.contact.householdId,
      relatedId: input.relatedId ?? null,
      payload: JSON.stringify(input.payload),
      body,
      sha256,
    });
    insertOutbox.run(id, at.getTime());
    return { id, code, kioskSeq: seq, createdAt: unsigned.createdAt, createdMs: at.getTime(), bytes: Buffer.byteLength(body) };
  });

  function validate(input: SubmitInput): string | null {
    const c = RequestContact.safeParse(input.contact);
    if (!c.success) return `contact: ${c.error.issues[0]?.message ?? 'invalid'}`;
    const p = RequestPayload.safeParse(input.payload);
    if (!p.success) return `payload: ${p.error.issues[0]?.message ?? 'invalid'}`;
    return null;
  }

  return {
    submit(input) {
      const problem = validate(input);
      if (problem) return { ok: false, reason: 'invalid', message: problem };
      try {
        const r = submitTx(input);
        return { ok: true, id: r.id, code: r.code, kioskSeq: r.kioskSeq, createdAt: r.createdAt, cancellableUntil: new Date(r.createdMs + windowMs).toISOString(), bytes: r.bytes };
      } catch (e) {
        const f = storageFailure(e);
        if (!f) throw e;
        return { ok: false, reason: f, message: `${STORAGE_MESSAGE[f]} (${(e as Error).message})` };
      }
    },

    cancel(id) {
      try {
        return db.transaction((): CancelResult => {
          const row = getForCancel.get(id);
          if (!row) return { ok: false, reason: 'not-found', message: 'There is no request with this id on this kiosk.' };
          const elig = cancelEligibility(row, now().getTime(), windowMs);
          if (row.state === 'cancelled') return { ok: true, cancelledAt: now().toISOString() };
          if (!elig.cancellable) return { ok: false, reason: elig.reason, message: elig.message };
          const at = now().toISOString();
          if (setCancelled.run(id).changes !== 1) return { ok: false, reason: 'already-sending', message: 'The request is being sent right now and can no longer be cancelled.' };
          stampCancelled.run(at, id);
          return { ok: true, cancelledAt: at };
        })();
      } catch (e) {
        const f = storageFailure(e);
        if (!f) throw e;
        return { ok: false, reason: f, message: STORAGE_MESSAGE[f] };
      }
    },

    amend(id, input) {
      const problem = validate(input);
      if (problem) return { ok: false, reason: 'invalid', message: problem };
      try {
        return db.transaction((): AmendResult => {
          const row = getForCancel.get(id);
          if (!row) return { ok: false, reason: 'not-found', message: 'There is no request with this id on this kiosk.' };
          if (row.state === 'cancelled') return { ok: false, reason: 'cancelled', message: 'The request was cancelled.' };
          if (row.frozen_at !== null || row.state !== 'queued') return { ok: false, reason: 'frozen', message: 'Sending has started; the request can no longer be changed.' };
          if (now().getTime() - row.created_ms > windowMs) return { ok: false, reason: 'too-late', message: 'The time to change this request has passed.' };
          const { body, sha256 } = relayBody({ id, code: row.code, kioskId: deps.kioskId, kioskSeq: row.kiosk_seq, createdAt: row.created_at, contact: input.contact, payload: input.payload });
          updateBody.run({ id, phone: input.contact.phone, name: input.contact.name, householdId: input.contact.householdId, payload: JSON.stringify(input.payload), body, sha256, type: input.payload.type });
          return { ok: true, sha256 };
        })();
      } catch (e) {
        const f = storageFailure(e);
        if (!f) throw e;
        return { ok: false, reason: f, message: STORAGE_MESSAGE[f] };
      }
    },
  };
}

export type CancelEligibility = { cancellable: true; until: number } | { cancellable: false; until: number; reason: 'too-late' | 'already-sending' | 'already-sent'; message: string };

/** Whether a request can still be cancelled: not sent, no send started that may have reached the township, within the window. */
export function cancelEligibility(row: { created_ms: number; state: string; maybe_delivered: number }, nowMs: number, windowMs: number): CancelEligibility {
  const until = row.created_ms + windowMs;
  if (row.state === 'sent' || row.state === 'needs-attention') return { cancellable: false, until, reason: 'already-sent', message: 'The request has already reached the township.' };
  if (row.state === 'attempting' || row.maybe_delivered) return { cancellable: false, until, reason: 'already-sending', message: 'Sending has already started, so the request can no longer be cancelled. Please ask staff.' };
  if (row.state === 'cancelled') return { cancellable: false, until, reason: 'already-sent', message: 'The request was already cancelled.' };
  if (nowMs > until) return { cancellable: false, until, reason: 'too-late', message: 'The 10 minutes for cancelling have passed.' };
  return { cancellable: true, until };
}
