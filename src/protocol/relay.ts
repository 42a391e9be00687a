// The kiosk -> township relay of service requests (docs/relay-protocol.md). Defined once;
// the kiosk's relay worker and the township server both use these types.
//
//   PUT  /v1/kiosks/{kioskId}/requests/{requestId}   body RelayRequest
//        201 created | 200 identical copy already held (same ack) | 409 same id, other content
//        422 invalid | 401/403 bad kiosk token | 429/503 (Retry-After) and other 5xx: transient
//   POST /v1/kiosks/{kioskId}/requests:batch          body RelayBatch (<= 50 items, <= 256 KB)
//        200 RelayBatchResult: one result per item, in order
//
// The township never answers "accepted but maybe not stored": 200/201 means durably stored.
import { z } from 'zod';

export const RELAY_PUT_PATH = (kioskId: string, requestId: string) => `/v1/kiosks/${encodeURIComponent(kioskId)}/requests/${encodeURIComponent(requestId)}`;
export const RELAY_BATCH_PATH = (kioskId: string) => `/v1/kiosks/${encodeURIComponent(kioskId)}/requests:batch`;
export const RELAY_BATCH_MAX_ITEMS = 50;
export const RELAY_BATCH_MAX_BYTES = 256 * 1024;

/** Unambiguous alphabet for human codes: no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V. */
export const CODE_ALPHABET = '34679ACDEFGHJKMNPQRTWXY';
export const CODE_PATTERN = /^[34679ACDEFGHJKMNPQRTWXY]{4}-[34679ACDEFGHJKMNPQRTWXY]{4}$/;

export const RequestType = z.enum(['senior-subsidy', 'home-visit', 'legal-aid', 'agronomist-visit', 'job-interest', 'general-help']);
export type RequestType = z.infer<typeof RequestType>;

const phone = z.string().regex(/^1[3-9]\d{9}$|^0\d{2,3}\d{7,8}$/, 'a mainland mobile (11 digits starting 1) or a landline with area code');
const householdId = z.string().regex(/^[A-Za-z0-9-]{4,40}$/).nullable();
const timeWindow = z.enum(['morning', 'afternoon', 'any']);

/** What the villager chose, per request type. Minimal personal data: phone, optional name. */
export const RequestPayload = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('senior-subsidy'),
    subsidy: z.enum(['injury-care', 'elderly-allowance', 'disability', 'other']),
    forWhom: z.enum(['self', 'family']),
    homeVisitNeeded: z.boolean(),
  }),
  z.object({
    type: z.literal('home-visit'),
    reason: z.enum(['subsidy-application', 'medical-insurance', 'certificate', 'other']),
    preferredDays: z.enum(['this-week', 'next-week', 'any']),
    timeWindow,
  }),
  z.object({
    type: z.literal('legal-aid'),
    matter: z.enum(['unpaid-wages', 'land-dispute', 'family', 'injury-compensation', 'other']),
    amountYuan: z.number().int().nonnegative().max(10_000_000).nullable(),
  }),
  z.object({
    type: z.literal('agronomist-visit'),
    crop: z.enum(['wheat', 'corn', 'millet', 'vegetables', 'fruit-trees', 'livestock', 'other']),
    problem: z.enum(['pests', 'disease', 'soil-fertiliser', 'weather-damage', 'other']),
    village: z.string().min(1).max(40),
  }),
  z.object({
    type: z.literal('job-interest'),
    jobId: z.string().min(1).max(200),
    jobTitle: z.string().max(200),
  }),
  z.object({
    type: z.literal('general-help'),
    topic: z.enum(['certificate', 'insurance', 'pension', 'housing', 'other']),
  }),
]);
export type RequestPayload = z.infer<typeof RequestPayload>;

export const RelayRequest = z.object({
  id: z.string().uuid(), // UUIDv7
  code: z.string().regex(CODE_PATTERN),
  kioskId: z.string(),
  /** The kiosk's monotonic sequence number for this request (clock-independent ordering). */
  kioskSeq: z.number().int().positive(),
  /** Kiosk wall time when saved; compare with the township's Date header to spot bad clocks. */
  createdAt: z.string(),
  contact: z.object({
    phone,
    name: z.string().max(40).nullable(),
    householdId,
  }),
  payload: RequestPayload,
  /** sha256 (hex) of the canonical body: JSON.stringify of this object without sha256, keys as above. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RelayRequest = z.infer<typeof RelayRequest>;

export const RelayAck = z.object({
  id: z.string(),
  receivedAt: z.string(),
  /** The township's own reference for the request. */
  townshipRef: z.string(),
});
export type RelayAck = z.infer<typeof RelayAck>;

export const RelayError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const RelayBatch = z.object({ items: z.array(z.unknown()).min(1).max(RELAY_BATCH_MAX_ITEMS) });
export const RelayBatchItemResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), id: z.string(), status: z.union([z.literal(200), z.literal(201)]), ack: RelayAck }),
  z.object({ ok: z.literal(false), id: z.string().nullable(), status: z.union([z.literal(409), z.literal(422), z.literal(500)]), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export const RelayBatchResult = z.object({ results: z.array(RelayBatchItemResult) });
export type RelayBatchResult = z.infer<typeof RelayBatchResult>;

/** The bytes that RelayRequest.sha256 covers. */
export function canonicalRequestBytes(r: Omit<RelayRequest, 'sha256'>): string {
  return JSON.stringify({ id: r.id, code: r.code, kioskId: r.kioskId, kioskSeq: r.kioskSeq, createdAt: r.createdAt, contact: r.contact, payload: r.payload });
}
