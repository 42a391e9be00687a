// The township -> kiosk change feed (docs/relay-protocol.md). Defined once here; the kiosk's
// sync (src/content/sync*) and the township server (src/township/) both use these types.
//
//   GET /v1/kiosks/{kioskId}/changes?cursor=<opaque>&limit=<1..500>
//   Authorization: Bearer <per-kiosk token>
//   200 -> SignedFeedPage       410 -> the cursor is too old: start again with no cursor
//
// The signature covers the exact bytes of `payload` (a JSON text), so nothing depends on
// re-serialising JSON the same way on both ends.
import { z } from 'zod';
import { CONTENT_ID } from './content.js';

export const FEED_PATH = (kioskId: string) => `/v1/kiosks/${encodeURIComponent(kioskId)}/changes`;
export const FEED_MAX_PAGE_BYTES = 4 * 1024 * 1024;
export const FEED_DEFAULT_LIMIT = 200;
export const FEED_MAX_LIMIT = 500;

export const ItemType = z.enum(['policy', 'job', 'request-status', 'card-revocation']);
export type ItemType = z.infer<typeof ItemType>;

export const ChangeItem = z.discriminatedUnion('op', [
  z.object({
    seq: z.number().int().positive(),
    type: ItemType,
    id: z.string().min(1).max(200),
    op: z.literal('upsert'),
    version: z.number().int().nonnegative(),
    /** sha256 (hex) of JSON.stringify(body) as sent. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    body: z.unknown(),
  }),
  z.object({
    seq: z.number().int().positive(),
    type: ItemType,
    id: z.string().min(1).max(200),
    op: z.literal('delete'),
    version: z.number().int().nonnegative(),
    sha256: z.null(),
    body: z.null(),
  }),
]).refine((i) => (i.type !== 'policy' && i.type !== 'job') || CONTENT_ID.test(i.id), { message: 'a policy or job id: lowercase letters, digits and dashes (1-64), the one content id rule (src/protocol/content.ts)', path: ['id'] });
export type ChangeItem = z.infer<typeof ChangeItem>;

export const FeedPage = z.object({
  kioskId: z.string(),
  /** The cursor this page answers (null for the first page); the kiosk checks it is the one it sent. */
  cursor: z.string().nullable(),
  items: z.array(ChangeItem),
  nextCursor: z.string(),
  hasMore: z.boolean(),
  generatedAt: z.string(),
});
export type FeedPage = z.infer<typeof FeedPage>;

export const SignedFeedPage = z.object({
  /** JSON text of a FeedPage. */
  payload: z.string(),
  /** Ed25519 signature of the UTF-8 bytes of payload, base64. */
  signature: z.string(),
  /** First 16 hex chars of sha256(raw public key), to tell keys apart after a rotation. */
  keyId: z.string(),
});
export type SignedFeedPage = z.infer<typeof SignedFeedPage>;

// ---- request status, as carried by items of type 'request-status' ----------------------
export const RequestStatus = z.enum(['queued', 'sent', 'received', 'in-review', 'visit-scheduled', 'done', 'rejected', 'needs-attention']);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const StatusEntry = z.object({
  status: RequestStatus,
  at: z.string(),
  /** A plain-words note from the official (a reason when rejected, a date when a visit is set). */
  note: z.string().max(500).optional(),
});

export const RequestStatusBody = z.object({
  requestId: z.string(),
  code: z.string(),
  status: RequestStatus,
  updatedAt: z.string(),
  history: z.array(StatusEntry).max(50),
});
export type RequestStatusBody = z.infer<typeof RequestStatusBody>;

// ---- household card revocations, as carried by items of type 'card-revocation' ---------
// Item id = the revoked card's id; sent to every kiosk and never deleted, so a kiosk that
// syncs from the start learns every revoked card.
export const CardRevocationBody = z.object({
  cardId: z.string().regex(/^[A-Za-z0-9-]{4,40}$/),
  householdId: z.string().regex(/^[A-Za-z0-9-]{4,40}$/),
  revokedAt: z.string().max(40),
  reason: z.enum(['reissued', 'deactivated']),
});
export type CardRevocationBody = z.infer<typeof CardRevocationBody>;
