// Household cards: VKH2 (signed by the township key, with a card id, the key id and an
// expiry). Issuing a card revokes every earlier card of the household; a revocation is a
// 'card-revocation' item in the signed change feed, for every kiosk, in the same
// transaction. Deactivating a household revokes its cards too.
// Issuing reads the live cards, then writes: it locks the household's row first (a no-op
// UPDATE, the lock deactivating takes too), so two issues at once from two township processes
// leave one live card, and an issue racing a deactivation never leaves a live card behind.
import { randomBytes } from 'node:crypto';
import { HOUSEHOLD_V2_PREFIX, type HouseholdCard } from '../../protocol/household-card.js';
import { CardRevocationBody } from '../../protocol/feed.js';
import { signHouseholdCard } from '../../protocol/household-card-signing.js';
import type { SqlRunner } from '../store/sql-store.js';
import { inTx, type SqlTarget } from '../store/in-tx.js';
import type { TownshipKey } from '../keys.js';
import { appendChange } from '../feed.js';
import { audit } from '../audit.js';
import { getHousehold, maskedHeadName } from './registry.js';
import { cardTags } from './tags.js';
import { officialContact } from '../accounts.js';

export interface IssuedCard {
  cardId: string;
  householdId: string;
  text: string;
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  card: HouseholdCard;
}

export type IssueCardResult = { ok: true; card: IssuedCard; revoked: string[] } | { ok: false; code: 'not-found' | 'inactive'; message: string };

async function revokeLiveCards(store: SqlRunner, householdId: string, reason: 'reissued' | 'deactivated', by: string | null, now: Date): Promise<string[]> {
  const live = await store.all<{ card_id: string }>(`SELECT card_id FROM household_cards WHERE household_id = ? AND revoked_at IS NULL`, [householdId]);
  const at = now.toISOString();
  for (const { card_id } of live) {
    await store.run(`UPDATE household_cards SET revoked_at = ? WHERE card_id = ?`, [at, card_id]);
    const body = CardRevocationBody.parse({ cardId: card_id, householdId, revokedAt: at, reason });
    await appendChange(store, { type: 'card-revocation', itemId: card_id, kioskId: null, op: 'upsert', version: 1, body, at: now });
    await audit(store, { at: now, by, subjectType: 'household', subjectId: householdId, action: 'card-revoked', detail: { cardId: card_id, reason } });
  }
  return live.map((r) => r.card_id);
}

export async function issueCard(store: SqlTarget, key: TownshipKey, householdId: string, validityDays: number, by: string | null, now: Date): Promise<IssueCardResult> {
  return inTx(store, async (q): Promise<IssueCardResult> => {
      await q.run(`UPDATE households SET active = active WHERE id = ?`, [householdId]);
      const h = await getHousehold(q, householdId);
      if (!h) return { ok: false, code: 'not-found', message: `there is no household ${householdId.slice(0, 40)}` };
      if (!h.active) return { ok: false, code: 'inactive', message: `household ${h.id} is deactivated; edit it back to active before printing a card` };
      const revoked = await revokeLiveCards(q, h.id, 'reissued', by, now);
      const cardId = `C-${randomBytes(9).toString('base64url').replace(/[_]/g, 'x')}`;
      const issuedAt = now.toISOString();
      const expiresAt = new Date(now.getTime() + validityDays * 86_400_000).toISOString();
      const official = h.official ? await officialContact(q, h.official) : null;
      const card: HouseholdCard = {
        householdId: h.id,
        village: h.village,
        maskedName: maskedHeadName(h.headName),
        tags: cardTags(h.tags),
        issuedAt,
        cardId,
        expiresAt,
        kid: key.keyId,
        official: official && official.phone ? { name: official.name, phone: official.phone } : null,
      };
      const text = signHouseholdCard(key.privateKeyPem, card, HOUSEHOLD_V2_PREFIX);
      await q.run(`INSERT INTO household_cards(card_id, household_id, text, issued_at, expires_at, revoked_at, issued_by) VALUES (?, ?, ?, ?, ?, NULL, ?)`, [cardId, h.id, text, issuedAt, expiresAt, by]);
      await audit(q, { at: now, by, subjectType: 'household', subjectId: h.id, action: 'card-issued', detail: { cardId, revoked } });
      return { ok: true, card: { cardId, householdId: h.id, text, issuedAt, expiresAt, revokedAt: null, card }, revoked };
    });
}

/** The household's current (unrevoked) card, or null. */
export async function currentCard(store: SqlRunner, householdId: string): Promise<IssuedCard | null> {
  const r = await store.get<{ card_id: string; household_id: string; text: string; issued_at: string; expires_at: string; revoked_at: string | null }>(`SELECT * FROM household_cards WHERE household_id = ? AND revoked_at IS NULL ORDER BY issued_at DESC LIMIT 1`, [householdId]);
  if (!r) return null;
  const json = JSON.parse(Buffer.from(r.text.split('.')[1]!, 'base64url').toString('utf8')) as HouseholdCard;
  return { cardId: r.card_id, householdId: r.household_id, text: r.text, issuedAt: r.issued_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, card: json };
}

export async function cardHistory(store: SqlRunner, householdId: string): Promise<Array<{ cardId: string; issuedAt: string; expiresAt: string; revokedAt: string | null }>> {
  return (await store.all<{ card_id: string; issued_at: string; expires_at: string; revoked_at: string | null }>(`SELECT card_id, issued_at, expires_at, revoked_at FROM household_cards WHERE household_id = ? ORDER BY issued_at DESC`, [householdId])).map((r) => ({
    cardId: r.card_id,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
}

export type DeactivateResult = { ok: true; revoked: string[] } | { ok: false; code: 'not-found'; message: string };

export async function setHouseholdActive(store: SqlTarget, householdId: string, active: boolean, by: string | null, now: Date): Promise<DeactivateResult> {
  return inTx(store, async (q): Promise<DeactivateResult> => {
      const r = await q.run(`UPDATE households SET active = ?, updated_at = ?, updated_by = ? WHERE id = ?`, [active ? 1 : 0, now.toISOString(), by, householdId]);
      if (r.changes === 0) return { ok: false, code: 'not-found', message: `there is no household ${householdId.slice(0, 40)}` };
      const revoked = active ? [] : await revokeLiveCards(q, householdId, 'deactivated', by, now);
      await audit(q, { at: now, by, subjectType: 'household', subjectId: householdId, action: active ? 'household-edited' : 'household-deactivated', detail: active ? { active: true } : { revoked } });
      return { ok: true, revoked };
    });
}
