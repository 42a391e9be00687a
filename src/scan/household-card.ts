// Household cards (format: src/protocol/household-card.ts), signed by the township; the kiosk
// verifies them with config.township.publicKey. Issuing is protocol shared with the township
// (src/protocol/household-card-signing.ts), re-exported here for the kiosk's tools and tests.
import { verify } from 'node:crypto';
import { publicKeyFromBase64 } from '../protocol/signing.js';
import type { CardVerifier } from './route.js';

export { signHouseholdCard } from '../protocol/household-card-signing.js';

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
