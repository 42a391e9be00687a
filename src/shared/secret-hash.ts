// Hashing the secrets people type (attendant PINs, officials' passwords): scrypt with a
// per-secret random salt, stored as "scrypt$N$r$p$saltB64$hashB64".
//
// The secret is normalised to Unicode NFKC first, so a full-width "１２３４" typed on a
// Chinese input method and an ASCII "1234" are the same PIN, and composed and decomposed
// accents are the same password. Officials' passwords used to be normalised to NFC: a
// stored hash that does not match the NFKC form is tried once more with the NFC form, so
// every existing password still verifies (the two forms differ only for passwords with
// compatibility characters, and then only the NFC form was ever stored).
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;
/** A stored hash asking for more work than this is refused rather than computed. */
const MAX_N = 1 << 17;

function scrypt(secret: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(secret, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(secret.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P, maxmem: 256 * N * R });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong secret and for a malformed or unreasonable stored hash; never throws. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > MAX_N || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || expected.length < 16 || expected.length > 64) return false;
  const forms = [...new Set([secret.normalize('NFKC'), secret.normalize('NFC')])];
  try {
    for (const form of forms) {
      const key = await scrypt(form, salt, expected.length, { N: n, r, p, maxmem: 256 * n * r });
      if (timingSafeEqual(key, expected)) return true;
    }
    return false;
  } catch {
    return false;
  }
}
