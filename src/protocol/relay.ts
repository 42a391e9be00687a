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

// Every field has a type and a limit (issue 8 item 22): a 60 KB createdAt is a 422 naming the field.
/** Kiosk ids as the kiosk config allows them. */
export const KIOSK_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** An ISO 8601 UTC time as Date.toISOString() writes it (the kiosk's createdAt, the township's receivedAt). */
export const IsoTime = z
  .string()
  .max(30, 'at most 30 characters (an ISO time such as 2026-03-01T02:00:00.000Z)')
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/, 'an ISO 8601 time such as 2026-03-01T02:00:00.000Z');
const ErrorBody = z.object({ code: z.string().max(100), message: z.string().max(2000) });

export const RelayRequest = z.object({
  id: z.string().uuid(), // UUIDv7
  code: z.string().regex(CODE_PATTERN),
  kioskId: z.string().regex(KIOSK_ID_PATTERN, 'letters, digits, dot, dash or underscore (1-64)'),
  /** The kiosk's monotonic sequence number for this request (clock-independent ordering). */
  kioskSeq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Kiosk wall time when saved; compare with the township's Date header to spot bad clocks. */
  createdAt: IsoTime,
  contact: z.object({
    phone,
    name: z.string().max(40).nullable(),
    householdId,
  }),
  payload: RequestPayload,
  /** Filed by a hall attendant for a walk-in: the attendant's badge id. Absent otherwise. */
  assistedBy: z.string().regex(/^[A-Za-z0-9-]{3,40}$/).optional(),
  /** sha256 (hex) of the exact body bytes as sent, with this last member taken out (see relayCoveredBytes). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RelayRequest = z.infer<typeof RelayRequest>;

export const RelayAck = z.object({
  id: z.string().max(100),
  receivedAt: IsoTime,
  /** The township's own reference for the request. */
  townshipRef: z.string().max(40),
});
export type RelayAck = z.infer<typeof RelayAck>;

export const RelayError = z.object({ error: ErrorBody });

export const RelayBatch = z.object({ items: z.array(z.unknown()).min(1).max(RELAY_BATCH_MAX_ITEMS) });
export const RelayBatchItemResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), id: z.string().max(100), status: z.union([z.literal(200), z.literal(201)]), ack: RelayAck }),
  z.object({ ok: z.literal(false), id: z.string().max(100).nullable(), status: z.union([z.literal(409), z.literal(422), z.literal(500)]), error: ErrorBody }),
]);
export const RelayBatchResult = z.object({ results: z.array(RelayBatchItemResult).max(RELAY_BATCH_MAX_ITEMS) });
export type RelayBatchResult = z.infer<typeof RelayBatchResult>;

/**
 * How the kiosk serialises a request (once, when it is saved). The township never
 * re-serialises: it hashes the bytes it received (relayCoveredBytes), so field order and
 * whitespace are the sender's business and a schema change on one side cannot break hashes.
 */
export function canonicalRequestBytes(r: Omit<RelayRequest, 'sha256'>): string {
  // assistedBy is last and only present when set, so unassisted requests hash as before.
  return JSON.stringify({ id: r.id, code: r.code, kioskId: r.kioskId, kioskSeq: r.kioskSeq, createdAt: r.createdAt, contact: r.contact, payload: r.payload, ...(r.assistedBy ? { assistedBy: r.assistedBy } : {}) });
}

// ---- hashing the exact bytes (issue 8 item 3) -------------------------------------------
// A relayed request body is a JSON object whose LAST member is "sha256":
//     <the request's own JSON text, without its closing brace>,"sha256":"<64 hex>"}
// sha256 covers the UTF-8 bytes of that text with the `,"sha256":"<hex>"` member removed,
// i.e. the bytes before it plus the closing "}". Both ends compute exactly this, over the
// bytes that travel (the kiosk over what it stores and sends, the township over the raw body
// or batch item it received), and nobody hashes a re-serialised object.

const SHA_TAIL = /,"sha256":"([0-9a-f]{64})"\}\s*$/;

/** Seals a request's JSON text (an object, no sha256 member): the body to send and its hash. */
export function sealRelayBody(requestJson: string, sha256Hex: (bytes: Uint8Array) => string): { body: string; sha256: string } {
  const text = requestJson.trimEnd();
  if (!text.startsWith('{') || !text.endsWith('}')) throw new Error('a relay request must be a JSON object');
  const sha256 = sha256Hex(new TextEncoder().encode(text));
  const open = text.slice(0, -1); // removing the tail member gives back `text` exactly
  return { body: `${open}${open.trimEnd().endsWith('{') ? '' : ','}"sha256":"${sha256}"}`, sha256 };
}

/**
 * The bytes a received body's sha256 covers, and the hash it claims; null when the body does
 * not end with the sha256 member (then it cannot be checked).
 */
export function relayCoveredBytes(bodyText: string): { covered: Uint8Array; claimed: string } | null {
  const m = SHA_TAIL.exec(bodyText);
  if (!m) return null;
  const covered = `${bodyText.slice(0, m.index)}}`;
  return { covered: new TextEncoder().encode(covered), claimed: m[1]! };
}
