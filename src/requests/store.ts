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
import { canonicalRequestBytes, RelayRequest, RequestPayload, sealRelayBody } from '../protocol/relay.js';
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
  /** Badge id of the attendant filing it for a walk-in (assisted filing); travels to the township. */
  assistedBy?: string | null;
  /**
   * The client's id for this submission (a UUID made by the renderer). A repeat with the same
   * id returns the request that was saved the first time and never saves a second one.
   */
  submissionId?: string | null;
}

export type StorageFailure = 'storage-full' | 'storage-error';

export type SubmitResult =
  /** repeat: this submission id had already been saved; the answer is that original request. */
  | { ok: true; id: string; code: string; kioskSeq: number; createdAt: string; cancellableUntil: string; bytes: number; repeat: boolean }
  | { ok: false; reason: StorageFailure | 'invalid'; message: string }
  /** The submission id was already used for a request with other content: nothing new was saved. */
  | { ok: false; reason: 'submission-id-used'; message: string; original: { id: string; code: string } };

/** What the kiosk holds for one submission id. */
export type SubmissionLookup = { found: true; id: string; code: string; createdAt: string; cancellableUntil: string } | { found: false };

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

/**
 * The exact wire bytes of a RelayRequest, made once when the request is saved (and frozen at
 * the first send): the JSON text with sha256 of those very bytes appended as the last member.
 * The relay sends the stored text unchanged (src/protocol/relay.ts, sealRelayBody).
 */
export function relayBody(r: Omit<RelayRequest, 'sha256'>): { body: string; sha256: string } {
  return sealRelayBody(canonicalRequestBytes(r), (bytes) => sha256Hex(bytes));
}

/** sha256 of what a submission asks for, to tell an identical repeat from a reused id. */
export function submissionSha256(input: SubmitInput): string {
  const c = input.contact;
  return sha256Hex(JSON.stringify([c.phone, c.name, c.householdId, input.payload, input.relatedId ?? null]));
}

export interface RequestStore {
  submit(input: SubmitInput): SubmitResult;
  /** The request saved for a submission id, if any (read straight from the database). */
  lookupSubmission(submissionId: string): SubmissionLookup;
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
    `INSERT INTO requests (id, code, kiosk_seq, type, created_at, created_ms, phone, name, household_id, related_id, payload, body, sha256, assisted_by, submission_id, submission_sha256)
     VALUES (@id, @code, @seq, @type, @createdAt, @createdMs, @phone, @name, @householdId, @relatedId, @payload, @body, @sha256, @assistedBy, @submissionId, @submissionSha)`,
  );
  const bySubmission = db.prepare<[string], { id: string; code: string; kiosk_seq: number; created_at: string; created_ms: number; body: string; submission_sha256: string }>(
    'SELECT id, code, kiosk_seq, created_at, created_ms, body, submission_sha256 FROM requests WHERE submission_id = ?',
  );
  const insertOutbox = db.prepare("INSERT INTO outbox (request_id, state, next_attempt_ms) VALUES (?, 'queued', ?)");
  const getForCancel = db.prepare<[string], { created_ms: number; state: string; maybe_delivered: number; frozen_at: string | null; kiosk_seq: number; code: string; created_at: string; assisted_by: string | null }>(
    'SELECT r.created_ms, r.frozen_at, r.kiosk_seq, r.code, r.created_at, r.assisted_by, o.state, o.maybe_delivered FROM requests r JOIN outbox o ON o.request_id = r.id WHERE r.id = ?',
  );
  const setCancelled = db.prepare("UPDATE outbox SET state = 'cancelled' WHERE request_id = ? AND state = 'queued'");
  const stampCancelled = db.prepare('UPDATE requests SET cancelled_at = ? WHERE id = ?');
  const updateBody = db.prepare('UPDATE requests SET phone = @phone, name = @name, household_id = @householdId, payload = @payload, body = @body, sha256 = @sha256, type = @type WHERE id = @id AND frozen_at IS NULL');

  type TxResult =
    | { kind: 'new' | 'repeat'; id: string; code: string; kioskSeq: number; createdAt: string; createdMs: number; bytes: number }
    | { kind: 'conflict'; id: string; code: string };
  const submitTx = db.transaction((input: SubmitInput): TxResult => {
    const submissionId = input.submissionId ?? null;
    const submissionSha = submissionId ? submissionSha256(input) : null;
    if (submissionId) {
      const prior = bySubmission.get(submissionId);
      if (prior) {
        if (prior.submission_sha256 !== submissionSha) return { kind: 'conflict', id: prior.id, code: prior.code };
        return { kind: 'repeat', id: prior.id, code: prior.code, kioskSeq: prior.kiosk_seq, createdAt: prior.created_at, createdMs: prior.created_ms, bytes: Buffer.byteLength(prior.body) };
      }
    }
    let code = '';
    for (let i = 0; ; i++) {
      if (i >= 20) throw new Error('could not find an unused request code after 20 tries; the random source is broken');
      code = newHumanCode(random);
      if (!codeTaken.get(code, code)) break;
    }
    const seq = (nextSeq.get() as { seq: number }).seq;
    const at = now();
    const id = newId();
    const unsigned = { id, code, kioskId: deps.kioskId, kioskSeq: seq, createdAt: at.toISOString(), contact: input.contact, payload: input.payload, ...(input.assistedBy ? { assistedBy: input.assistedBy } : {}) };
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
      assistedBy: input.assistedBy ?? null,
      submissionId,
      submissionSha,
    });
    insertOutbox.run(id, at.getTime());
    return { kind: 'new', id, code, kioskSeq: seq, createdAt: unsigned.createdAt, createdMs: at.getTime(), bytes: Buffer.byteLength(body) };
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
        const r = submitTx.immediate(input);
        if (r.kind === 'conflict') {
          return {
            ok: false,
            reason: 'submission-id-used',
            message: `This submission id was already used for another request (code ${r.code}) with different content; nothing new was saved. Start a new submission with a new id.`,
            original: { id: r.id, code: r.code },
          };
        }
        return { ok: true, id: r.id, code: r.code, kioskSeq: r.kioskSeq, createdAt: r.createdAt, cancellableUntil: new Date(r.createdMs + windowMs).toISOString(), bytes: r.bytes, repeat: r.kind === 'repeat' };
      } catch (e) {
        const f = storageFailure(e);
        if (!f) throw e;
        return { ok: false, reason: f, message: `${STORAGE_MESSAGE[f]} (${(e as Error).message})` };
      }
    },

    lookupSubmission(submissionId) {
      const row = bySubmission.get(submissionId);
      if (!row) return { found: false };
      return { found: true, id: row.id, code: row.code, createdAt: row.created_at, cancellableUntil: new Date(row.created_ms + windowMs).toISOString() };
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
          const { body, sha256 } = relayBody({ id, code: row.code, kioskId: deps.kioskId, kioskSeq: row.kiosk_seq, createdAt: row.created_at, contact: input.contact, payload: input.payload, ...(row.assisted_by ? { assistedBy: row.assisted_by } : {}) });
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
