// RPC schemas of the service-request calls (names are in index.ts, "requests" section).
import { z } from 'zod';
import { RequestStatus } from '../protocol/feed.js';
import { RelayRequest, RequestPayload, RequestType } from '../protocol/relay.js';

export const SubmitRequestInput = z
  .object({
    contact: RelayRequest.shape.contact,
    payload: RequestPayload,
    /** The policy or job the villager came from (kept on the kiosk, for the receipt). */
    relatedId: z.string().min(1).max(200).nullable().default(null),
    /**
     * The client's id for this submission, made once per filled-in form (the renderer uses
     * crypto.randomUUID()). submit is idempotent on it: a repeat returns the original id and
     * code (repeat: true) and never saves a second request. Callers that could retry must
     * send one; without it every call is a new request.
     */
    submissionId: z.string().uuid().optional(),
  })
  .strict();

/** Assisted filing: the attendant files for a walk-in; `token` is the attendant session, whose badge id is recorded. */
export const SubmitAssistedInput = SubmitRequestInput.extend({ token: z.string().max(200) }).strict();

export const StorageFailureReason = z.enum(['storage-full', 'storage-error']);

export const SubmitRequestOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), id: z.string(), code: z.string(), createdAt: z.string(), cancellableUntil: z.string(), repeat: z.boolean().default(false) }),
  z.object({
    ok: z.literal(false),
    /**
     * storage-full, invalid, submission-id-used: certainly NOT saved.
     * storage-error: a disk error; whether the request was saved is NOT known (an I/O error
     * during commit may still have stored it): ask requests.lookupSubmission.
     * submission-id-used: the id was used for other content, or was already answered "not saved"
     * by lookupSubmission; `original` names the saved request when there is one.
     * signed-out: an assisted filing whose attendant session has ended: NOT saved.
     */
    reason: z.enum(['storage-full', 'storage-error', 'invalid', 'submission-id-used', 'signed-out']),
    message: z.string(),
    original: z.object({ id: z.string(), code: z.string() }).optional(),
  }),
]);
export type SubmitRequestOutput = z.infer<typeof SubmitRequestOutput>;

export const SubmissionLookupInput = z.object({ submissionId: z.string().uuid() }).strict();

/**
 * What happened to a submission whose answer was lost.
 *   saved      it is saved (the same id and code the lost answer carried)
 *   not-saved  certainly not saved; the id is closed, so a late copy of that submit is refused
 *   unknown    the kiosk cannot tell yet (its disk failed during that submit): ask again later
 */
export const SubmissionLookupOutput = z.discriminatedUnion('state', [
  z.object({ state: z.literal('saved'), id: z.string(), code: z.string(), createdAt: z.string(), cancellableUntil: z.string() }),
  z.object({ state: z.literal('not-saved') }),
  z.object({ state: z.literal('unknown'), message: z.string() }),
]);
export type SubmissionLookupOutput = z.infer<typeof SubmissionLookupOutput>;

export const RequestIdInput = z.object({ id: z.string().min(1).max(100) }).strict();

export const OutboxState = z.enum(['queued', 'attempting', 'sent', 'needs-attention', 'cancelled']);

export const RequestView = z.object({
  id: z.string(),
  code: z.string(),
  type: RequestType,
  createdAt: z.string(),
  outbox: OutboxState,
  maskedPhone: z.string(),
  cancellable: z.boolean(),
  cancellableUntil: z.string(),
});
export type RequestView = z.infer<typeof RequestView>;

export const GetRequestOutput = z.discriminatedUnion('found', [z.object({ found: z.literal(true), request: RequestView }), z.object({ found: z.literal(false) })]);

export const CancelRequestOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), cancelledAt: z.string() }),
  z.object({ ok: z.literal(false), reason: z.enum(['not-found', 'too-late', 'already-sending', 'already-sent', 'storage-full', 'storage-error']), message: z.string() }),
]);
export type CancelRequestOutput = z.infer<typeof CancelRequestOutput>;

export const TimelineStatus = z.union([RequestStatus, z.literal('cancelled')]);
export type TimelineStatus = z.infer<typeof TimelineStatus>;

export const StatusLookupInput = z.object({ code: z.string().min(1).max(40) }).strict();

export const StatusView = z.object({
  code: z.string(),
  id: z.string(),
  type: RequestType.nullable(),
  createdAt: z.string().nullable(),
  maskedPhone: z.string().nullable(),
  current: TimelineStatus,
  timeline: z.array(z.object({ status: TimelineStatus, at: z.string(), note: z.string().optional() })),
  statusReceivedAt: z.string().nullable(),
  cancellable: z.boolean(),
  cancellableUntil: z.string().nullable(),
});
export type StatusView = z.infer<typeof StatusView>;

export const StatusLookupOutput = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), status: StatusView, lastSyncAt: z.string().nullable() }),
  z.object({ found: z.literal(false), code: z.string().nullable(), lastSyncAt: z.string().nullable() }),
]);
export type StatusLookupOutput = z.infer<typeof StatusLookupOutput>;

export const AttentionListOutput = z.object({
  counts: z.object({ queued: z.number().int(), sent: z.number().int(), needsAttention: z.number().int(), cancelled: z.number().int() }),
  /** Why sending is paused (bad kiosk token, township URL refused), or null. */
  paused: z.string().nullable(),
  items: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      type: RequestType,
      createdAt: z.string(),
      maskedPhone: z.string(),
      state: z.enum(['needs-attention', 'queued']),
      httpStatus: z.number().int().nullable(),
      reason: z.string(),
      since: z.string(),
      attempts: z.number().int(),
    }),
  ),
});
export type AttentionListOutput = z.infer<typeof AttentionListOutput>;

export const RetryNowOutput = z.object({ ok: z.literal(true), waiting: z.number().int() });

export const RequestOptionsOutput = z.object({
  /** Villages offered on the agronomist form; the zh-CN name is what is sent. */
  villages: z.array(z.object({ 'zh-CN': z.string(), en: z.string() })),
  cancelWindowMinutes: z.number().int(),
});

/** The household page: this household's requests on this kiosk (code, type, where it is), no phone or name. */
export const HouseholdRequestsInput = z.object({ householdId: z.string().regex(/^[A-Za-z0-9-]{4,40}$/) }).strict();
export const HouseholdRequestsOutput = z.object({
  items: z.array(z.object({ id: z.string(), code: z.string(), type: RequestType, createdAt: z.string(), current: TimelineStatus, updatedAt: z.string() })).max(50),
});
export type HouseholdRequestsOutput = z.infer<typeof HouseholdRequestsOutput>;
