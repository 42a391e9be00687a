// Household cards: `VKH1.` (or `VKH2.`, whose json adds cardId, kid and expiresAt) `<base64url(json)>.<base64url(Ed25519 signature)>`, signed by the
// township over the ASCII text "VKH1.<base64url(json)>". The kiosk verifies with
// config.township.publicKey. Issuing lives here too so the township tools and tests share it.
import { createPrivateKey, sign, verify } from 'node:crypto';
import type { HouseholdCard } from '../contract/devices.js';
import { publicKeyFromBase64 } from '../protocol/signing.js';
import type { HOUSEHOLD_V2_PREFIX} from './route.js';
import { HOUSEHOLD_PREFIX, type CardVerifier } from './route.js';

export function signHouseholdCard(privateKeyPem: string, card: HouseholdCard, prefix: typeof HOUSEHOLD_PREFIX | typeof HOUSEHOLD_V2_PREFIX = HOUSEHOLD_PREFIX): string {
  const body = `${prefix}${Buffer.from(JSON.stringify(card), 'utf8').toString('base64url')}`;
  const sig = sign(null, Buffer.from(body, 'ascii'), createPrivateKey(privateKeyPem)).toString('base64url');
  return `${body}.${sig}`;
}

/** The verifier for routeText; null when no township key is configured (or it is unusable). */
export function householdVerifier(publicKeyB64: string | null): CardVerifier {
  if (!publicKeyB64) return null;
  let key;
  try {
    key = publicKeyFromBase64(publicKeyB64);
  } catch {
    return null;
  }
  return (signedPart, sigB64url) => {
    try {
      const sig = Buffer.from(sigB64url, 'base64url');
      // Canonical encoding only (no spare-bit variants of the same signature).
      if (sig.length !== 64 || sig.toString('base64url') !== sigB64url) return false;
      return verify(null, Buffer.from(signedPart, 'utf8'), key, sig);
    } catch {
      return false;
    }
  };
}
