// Scan routing: what a decoded scan means and where it should take the villager. Pure (the
// signature check is passed in), total and never throws: every string maps to a defined route.
//
//   VKH1.<b64url json>.<b64url sig>  household card (Ed25519 over "VKH1.<b64url json>")
//   VKH2.<b64url json>.<b64url sig>  the same, versioned: the json also has cardId, kid, expiresAt
//                                    (revocation and expiry are checked by the scanner module)
//   VKR:XXXX-XXXX or XXXX-XXXX       receipt code -> its status page
//   VKP:policy:<id> / VKP:job:<id>   poster code -> that policy or job
//   VKP:village:<name>               village poster -> the policies
//   http(s)://...?vk=VKP:...         a township poster's phone URL: the kiosk code inside wins
//   VKB:<badgeId>                    attendant badge -> PIN prompt
//   VKE1:<b64url json>               kiosk enrolment (src/protocol/enrolment.ts) -> settings screen
//   http(s)://...                    a link: shown as a QR code for a phone, never opened
//   anything else                    "the kiosk does not know this code"
import { HouseholdCard, type ScanRoute } from '../contract/devices.js';
import { CONTENT_ID } from '../protocol/content.js';
import { ENROLMENT_PREFIX } from '../protocol/enrolment.js';
import { HOUSEHOLD_PREFIX, HOUSEHOLD_V2_PREFIX } from '../protocol/household-card.js';
import { CODE_PATTERN } from '../protocol/relay.js';
import { decodeText, hasControlCharacters, type DecodeResult } from './decode.js';
import { recogniseSensitive } from './sensitive.js';

/** Checks a household card signature; null when the kiosk has no township key. */
export type CardVerifier = ((signedPart: string, signatureB64url: string) => boolean) | null;

// The card prefixes are protocol shared with the township (src/protocol/household-card.ts).
export { HOUSEHOLD_PREFIX, HOUSEHOLD_V2_PREFIX };
/** Policy/job ids: the one content id rule the township issues and slips print (src/protocol/content.ts). */
const POSTER_ID = CONTENT_ID;
const BADGE_ID = /^[A-Za-z0-9-]{3,40}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;
const MAX_URL = 1000;

function base64UrlToString(s: string): string | null {
  if (!B64URL.test(s) || s.length % 4 === 1) return null;
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  try {
    const bin = atob(b64);
    // Only the canonical spelling: unused low bits must be zero, so one card has one text.
    if (btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') !== s) return null;
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function maskName(name: string): string {
  if (name.includes('*')) return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

function routeHousehold(text: string, verify: CardVerifier): ScanRoute {
  const parts = text.split('.');
  if (parts.length !== 3 || !parts[1] || !parts[2]) return { kind: 'invalid-card', reason: 'malformed' };
  const json = base64UrlToString(parts[1]);
  if (json === null || !B64URL.test(parts[2])) return { kind: 'invalid-card', reason: 'malformed' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { kind: 'invalid-card', reason: 'malformed' };
  }
  const card = HouseholdCard.safeParse(parsed);
  if (!card.success) return { kind: 'invalid-card', reason: 'malformed' };
  if (parts[0] === 'VKH2' && (!card.data.cardId || !card.data.expiresAt || !card.data.kid)) return { kind: 'invalid-card', reason: 'malformed' };
  if (verify === null) return { kind: 'invalid-card', reason: 'no-key' };
  let good = false;
  try {
    good = verify(`${parts[0]}.${parts[1]}`, parts[2]);
  } catch {
    good = false;
  }
  if (!good) return { kind: 'invalid-card', reason: 'bad-signature' };
  return { kind: 'household', card: { ...card.data, maskedName: maskName(card.data.maskedName) } };
}

const VILLAGE_NAME = /^[^\s/?#]{1,40}$/u;

/** VKP:policy:<id>, VKP:job:<id>, VKP:village:<name>. */
function routePoster(text: string): ScanRoute {
  const m = /^VKP:(policy|job|village):(.*)$/u.exec(text);
  if (!m) return { kind: 'unknown', reason: 'malformed-kiosk-code' };
  if (m[1] === 'village') return VILLAGE_NAME.test(m[2]!) ? { kind: 'village', name: m[2]! } : { kind: 'unknown', reason: 'malformed-kiosk-code' };
  if (!POSTER_ID.test(m[2]!)) return { kind: 'unknown', reason: 'malformed-kiosk-code' };
  return m[1] === 'policy' ? { kind: 'policy', id: m[2]! } : { kind: 'job', id: m[2]! };
}

function routeUrl(text: string): ScanRoute | null {
  if (!/^https?:\/\//i.test(text)) return null;
  if (text.length > MAX_URL || /\s/.test(text)) return { kind: 'unknown', reason: 'unrecognised' };
  try {
    const u = new URL(text);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname) return { kind: 'unknown', reason: 'unrecognised' };
    // A township poster: the phone-page URL carries the kiosk's own code in ?vk= (only
    // poster codes; a card or a badge inside a URL is not honoured).
    const vk = u.searchParams.get('vk');
    if (vk !== null && vk.startsWith('VKP:')) {
      const r = routePoster(vk);
      if (r.kind !== 'unknown') return r;
    }
    return { kind: 'url', url: u.href };
  } catch {
    return { kind: 'unknown', reason: 'unrecognised' };
  }
}

/** Classifies decoded scan text. */
export function routeText(text: string, verify: CardVerifier): ScanRoute {
  if (text.length === 0) return { kind: 'unknown', reason: 'empty' };
  if (hasControlCharacters(text)) return { kind: 'unknown', reason: 'control-characters' };
  const sensitive = recogniseSensitive(text);
  if (sensitive) return sensitive;
  if (text.startsWith(HOUSEHOLD_PREFIX) || text.startsWith(HOUSEHOLD_V2_PREFIX)) return routeHousehold(text, verify);
  const upper = text.toUpperCase();
  if (upper.startsWith('VKR:')) {
    const code = upper.slice(4);
    return CODE_PATTERN.test(code) ? { kind: 'receipt', code } : { kind: 'unknown', reason: 'malformed-kiosk-code' };
  }
  if (CODE_PATTERN.test(upper)) return { kind: 'receipt', code: upper };
  if (text.startsWith('VKP:')) return routePoster(text);
  if (text.startsWith(ENROLMENT_PREFIX)) return { kind: 'enrolment' };
  if (text.startsWith('VKB:')) {
    const id = text.slice(4);
    return BADGE_ID.test(id) ? { kind: 'badge', badgeId: id } : { kind: 'unknown', reason: 'malformed-kiosk-code' };
  }
  return routeUrl(text) ?? { kind: 'unknown', reason: 'unrecognised' };
}

/** A decode result (or failure) to a route. */
export function routeDecoded(decoded: DecodeResult, verify: CardVerifier): ScanRoute {
  if (!decoded.ok) return { kind: 'unknown', reason: decoded.reason };
  return routeText(decoded.text, verify);
}

/** Convenience for tests and tools: text in, route out, with the same trimming and limit. */
export function routeScanText(text: string, verify: CardVerifier): ScanRoute {
  return routeDecoded(decodeText(text), verify);
}
