// Kiosk side of card revocation: a revocation item applied to a real kiosk database makes
// the scanner's check refuse that card (and only that card); an expired card is refused too.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '#src/db/open.js';
import { applyCardRevocation, checkCardStanding } from '#src/scan/card-revocations.js';
import { generateSigningKey, keyId, sha256Hex } from '#protocol/signing.js';
import { signHouseholdCard, householdVerifier } from '#src/scan/household-card.js';
import { HOUSEHOLD_V2_PREFIX, routeScanText } from '#src/scan/route.js';
import type { ChangeItem } from '#protocol/feed.js';

const key = generateSigningKey();
const card = (cardId: string, expiresAt = '2030-01-01T00:00:00.000Z') =>
  signHouseholdCard(key.privateKeyPem, { householdId: 'H-AAAA-CCCC', village: '西坡村', maskedName: '张*', tags: ['senior'], issuedAt: '2026-01-01T00:00:00.000Z', cardId, expiresAt, kid: keyId(key.publicKey), official: null }, HOUSEHOLD_V2_PREFIX);

test('a revoked card is refused as revoked, its replacement still opens, an expired card is refused as expired', () => {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-rev-')), 'kiosk.db'));
  const verify = householdVerifier(key.publicKey);
  const now = new Date('2026-12-01T00:00:00Z');
  const oldCard = routeScanText(card('C-old1'), verify);
  assert.equal(oldCard.kind, 'household');
  assert.equal(checkCardStanding(db, oldCard, now).kind, 'household');
  const body = { cardId: 'C-old1', householdId: 'H-AAAA-CCCC', revokedAt: now.toISOString(), reason: 'reissued' };
  const item: ChangeItem = { seq: 1, type: 'card-revocation', id: 'C-old1', op: 'upsert', version: 1, sha256: sha256Hex(JSON.stringify(body)), body };
  assert.equal(db.transaction(() => applyCardRevocation(db, item))(), 'applied');
  assert.deepEqual(checkCardStanding(db, oldCard, now), { kind: 'invalid-card', reason: 'revoked' });
  assert.equal(checkCardStanding(db, routeScanText(card('C-new2'), verify), now).kind, 'household');
  assert.deepEqual(checkCardStanding(db, routeScanText(card('C-new3', '2026-11-30T00:00:00.000Z'), verify), now), { kind: 'invalid-card', reason: 'expired' });
  // A body that names another card than the item is skipped, not applied.
  assert.equal(applyCardRevocation(db, { ...item, id: 'C-other' }), 'skipped');
  // A VKH2 card without its card id is malformed, not a household.
  const noId = signHouseholdCard(key.privateKeyPem, { householdId: 'H-AAAA-CCCC', village: '西坡村', maskedName: '张*', tags: [], issuedAt: 'x' }, HOUSEHOLD_V2_PREFIX);
  assert.deepEqual(routeScanText(noId, verify), { kind: 'invalid-card', reason: 'malformed' });
  db.close();
});
