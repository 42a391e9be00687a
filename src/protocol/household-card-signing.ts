// Issuing a household card (format in household-card.ts): the township signs, and the kiosk's
// tests sign cards to scan. The kiosk verifies in src/scan/household-card.ts.
import { createPrivateKey, sign } from 'node:crypto';
import { HOUSEHOLD_PREFIX, type HOUSEHOLD_V2_PREFIX, type HouseholdCard } from './household-card.js';

export function signHouseholdCard(privateKeyPem: string, card: HouseholdCard, prefix: typeof HOUSEHOLD_PREFIX | typeof HOUSEHOLD_V2_PREFIX = HOUSEHOLD_PREFIX): string {
  const body = `${prefix}${Buffer.from(JSON.stringify(card), 'utf8').toString('base64url')}`;
  const sig = sign(null, Buffer.from(body, 'ascii'), createPrivateKey(privateKeyPem)).toString('base64url');
  return `${body}.${sig}`;
}
