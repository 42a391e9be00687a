// The household card format, shared by the township (which issues and signs cards) and the
// kiosk (which verifies them): `VKH1.` (or `VKH2.`, whose json adds cardId, kid and expiresAt)
// `<base64url(json)>.<base64url(Ed25519 signature)>`, signed over the ASCII text
// "<prefix><base64url(json)>". Signing lives in household-card-signing.ts (it needs
// node:crypto, and the renderer reads this file through src/contract/devices.ts).
import { z } from 'zod';

export const HOUSEHOLD_PREFIX = 'VKH1.';
export const HOUSEHOLD_V2_PREFIX = 'VKH2.';

export const HouseholdTag = z.string().regex(/^[a-z][a-z0-9-]{0,23}$/);

/** What a signed household card carries: the minimum to open the household's page. */
export const HouseholdCard = z
  .object({
    householdId: z.string().regex(/^[A-Za-z0-9-]{4,40}$/),
    village: z.string().min(1).max(40),
    /** Already masked by the township, e.g. 张**. The kiosk masks again if it is not. */
    maskedName: z.string().min(1).max(20),
    tags: z.array(HouseholdTag).max(12),
    issuedAt: z.string().max(40),
    // VKH2 cards (a versioned successor of VKH1) also carry these; VKH1 cards have none.
    /** This card's own id: reissuing a household's card revokes the old card id. */
    cardId: z.string().regex(/^[A-Za-z0-9-]{4,40}$/).optional(),
    /** After this the kiosk refuses the card (ISO date-time). */
    expiresAt: z.string().max(40).optional(),
    /** Which township key signed it (first 16 hex of sha256 of the public key). */
    kid: z.string().regex(/^[0-9a-f]{16}$/).optional(),
    /** The official in charge of the household, as printed on the card. */
    official: z.object({ name: z.string().min(1).max(40), phone: z.string().regex(/^[0-9]{7,12}$/) }).strict().nullable().optional(),
  })
  .strict();
export type HouseholdCard = z.infer<typeof HouseholdCard>;
