// One-time launch codes: how a browser shell gets the session cookie without the session
// token ever being written into a page that any local user can fetch.
//
// A code is `<payload>.<mac>`: payload = 16 random bytes + the expiry (ms, 8 bytes), mac =
// HMAC-SHA256 over the payload with the launch key. The key is random per runtime start and
// lives in memory and in <dataDir>/launch.json (0600), so the kiosk's own OS user (npm run
// kiosk-url, the test harness) can mint codes without asking the runtime. The runtime
// accepts each code once, before it expires, and swaps it for an HttpOnly SameSite=Strict
// cookie holding the session token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The query parameter that carries a launch code: http://127.0.0.1:PORT/?launch=CODE */
export const LAUNCH_QUERY = 'launch';
/** How long a minted code may wait before it is used. */
export const LAUNCH_CODE_TTL_MS = 15 * 60_000;

export function newLaunchKey(): string {
  return randomBytes(32).toString('base64url');
}

function mac(key: string, payload: Buffer): Buffer {
  return createHmac('sha256', Buffer.from(key, 'base64url')).update('village-kiosk launch code v1\n').update(payload).digest();
}

export function mintLaunchCode(key: string, nowMs = Date.now(), ttlMs = LAUNCH_CODE_TTL_MS): string {
  const payload = Buffer.alloc(24);
  randomBytes(16).copy(payload, 0);
  payload.writeBigUInt64BE(BigInt(Math.floor(nowMs + ttlMs)), 16);
  return `${payload.toString('base64url')}.${mac(key, payload).toString('base64url')}`;
}

/** The runtime's URL with a fresh code in it. */
export function launchUrlFor(baseUrl: string, key: string, nowMs = Date.now()): string {
  const u = new URL(baseUrl);
  u.search = `?${LAUNCH_QUERY}=${mintLaunchCode(key, nowMs)}`;
  return u.toString();
}

export type RedeemResult = 'ok' | 'used' | 'expired' | 'invalid';

export interface LaunchCodeRedeemer {
  redeem(code: string, nowMs?: number): RedeemResult;
}

/** Accepts each valid code once. Used codes are remembered until they expire. */
export function createLaunchCodeRedeemer(key: string, maxRemembered = 10_000): LaunchCodeRedeemer {
  const used = new Map<string, number>();
  return {
    redeem(code, nowMs = Date.now()) {
      const m = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/.exec(code);
      if (!m) return 'invalid';
      const payload = Buffer.from(m[1]!, 'base64url');
      const given = Buffer.from(m[2]!, 'base64url');
      const expected = mac(key, payload);
      if (payload.length !== 24 || given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
      const expires = Number(payload.readBigUInt64BE(16));
      if (expires <= nowMs) return 'expired';
      const nonce = m[1]!;
      if (used.has(nonce)) return 'used';
      for (const [n, exp] of used) if (exp <= nowMs) used.delete(n);
      if (used.size >= maxRemembered) return 'invalid'; // a flood of codes: refuse rather than forget
      used.set(nonce, expires);
      return 'ok';
    },
  };
}
