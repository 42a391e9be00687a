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
  })
  .strict();

/** Assisted filing: the attendant files for a walk-in; `token` is the attendant session, whose badge id is recorded. */
export const SubmitAssistedInput = SubmitRequestInput.extend({ token: z.string().max(200) }).strict();

export const StorageFailureReason = z.enum(['storage-full', 'storage-error']);

export const SubmitRequestOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), id: z.string(), code: z.string(), createdAt: z.string(), cancellableUntil: z.string() }),
  z.object({ ok: z.literal(false), reason: z.enum(['storage-full', 'storage-error', 'invalid', 'signed-out']), message: z.string() }),
]);
export type SubmitRequestOutput = z.infer<typeof SubmitRequestOutput>;

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
