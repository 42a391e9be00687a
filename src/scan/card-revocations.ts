// Revoked household cards, kiosk side. The township sends each revoked card id as a
// 'card-revocation' item in its signed change feed (src/protocol/feed.ts); the sync applies
// it here (verified page, in the page's transaction) and the scanner refuses that card with
// "this card has been replaced". Stored in the kv table as `card-revoked:<cardId>`, so no
// migration is needed and a lookup is one primary-key read.
import type { Db } from '../db/open.js';
import { CardRevocationBody, type ChangeItem } from '../protocol/feed.js';
import type { HouseholdCard, ScanRoute } from '../contract/devices.js';

const KEY = (cardId: string) => `card-revoked:${cardId}`;

export function applyCardRevocation(db: Db, item: ChangeItem): 'applied' | 'skipped' {
  if (item.op !== 'upsert') return 'skipped'; // revocations are never withdrawn
  const body = CardRevocationBody.safeParse(item.body);
  if (!body.success || body.data.cardId !== item.id) return 'skipped';
  db.prepare(`INSERT INTO kv(key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`).run(
    KEY(body.data.cardId),
    JSON.stringify({ householdId: body.data.householdId, revokedAt: body.data.revokedAt, reason: body.data.reason }),
    new Date().toISOString(),
  );
  return 'applied';
}

export function isCardRevoked(db: Db, cardId: string): boolean {
  return db.prepare(`SELECT 1 FROM kv WHERE key = ?`).get(KEY(cardId)) !== undefined;
}

/** A verified household route stays one only if its card is neither revoked nor expired. */
export function checkCardStanding(db: Db, route: ScanRoute, now: Date): ScanRoute {
  if (route.kind !== 'household') return route;
  const card: HouseholdCard = route.card;
  if (card.cardId && isCardRevoked(db, card.cardId)) return { kind: 'invalid-card', reason: 'revoked' };
  if (card.expiresAt) {
    const t = Date.parse(card.expiresAt);
    if (Number.isNaN(t) || t < now.getTime()) return { kind: 'invalid-card', reason: 'expired' };
  }
  return route;
}
