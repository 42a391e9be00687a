// Identifiers for requests: UUIDv7 ids (RFC 9562, time-ordered) and short human codes.
// Both take their randomness from crypto.getRandomValues unless a test injects a source.
import { CODE_ALPHABET, CODE_PATTERN } from '../protocol/relay.js';

/** Fills and returns `n` random bytes. */
export type RandomBytes = (n: number) => Uint8Array;

export const secureRandomBytes: RandomBytes = (n) => crypto.getRandomValues(new Uint8Array(n));

export interface UuidV7Options {
  now?: () => number;
  random?: RandomBytes;
}

/**
 * Returns a UUIDv7 generator. Ids from one generator sort (as strings and as bytes) in the
 * order they were made, even within one millisecond or if the clock steps back: the 12-bit
 * rand_a field is a counter (RFC 9562 section 6.2, method 1) started at a random value below
 * 2048 each new millisecond; when it overflows, the timestamp is advanced by one ms.
 */
export function createUuidV7(opts: UuidV7Options = {}): () => string {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? secureRandomBytes;
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = Math.max(0, Math.floor(now()));
    const r = random(10);
    if (ms > lastMs) {
      lastMs = ms;
      counter = ((r[0]! << 8) | r[1]!) & 0x7ff;
    } else {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        lastMs = ms = lastMs + 1;
        counter = ((r[0]! << 8) | r[1]!) & 0x7ff;
      }
    }
    const b = new Uint8Array(16);
    // 48-bit big-endian milliseconds (split: JS bit ops are 32-bit).
    const hi = Math.floor(ms / 2 ** 32);
    const lo = ms >>> 0;
    b[0] = (hi >>> 8) & 0xff;
    b[1] = hi & 0xff;
    b[2] = (lo >>> 24) & 0xff;
    b[3] = (lo >>> 16) & 0xff;
    b[4] = (lo >>> 8) & 0xff;
    b[5] = lo & 0xff;
    b[6] = 0x70 | ((counter >>> 8) & 0x0f);
    b[7] = counter & 0xff;
    b[8] = 0x80 | (r[2]! & 0x3f);
    for (let i = 9; i < 16; i++) b[i] = r[i - 6]!;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** Milliseconds since the epoch encoded in a UUIDv7. */
export function uuidV7Time(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

export const UUID_V7_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A human code "XXXX-XXXX" from CODE_ALPHABET (23 symbols, about 36 bits). Rejection sampling
 * keeps every symbol equally likely: bytes >= 23*11 are thrown away.
 */
export function newHumanCode(random: RandomBytes = secureRandomBytes): string {
  const n = CODE_ALPHABET.length;
  const limit = n * Math.floor(256 / n);
  const out: string[] = [];
  while (out.length < 8) {
    for (const byte of random(16)) {
      if (byte >= limit) continue;
      out.push(CODE_ALPHABET[byte % n]!);
      if (out.length === 8) break;
    }
  }
  return `${out.slice(0, 4).join('')}-${out.slice(4).join('')}`;
}

/**
 * Normalises what a person typed or a scanner read into a code: upper-case, strips spaces and
 * dashes, accepts an optional "VKR:" prefix (the receipt QR payload). Null if it is not a code.
 */
export function normaliseCode(text: string): string | null {
  let t = text.trim().toUpperCase();
  if (t.startsWith('VKR:')) t = t.slice(4);
  t = t.replace(/[\s-]/g, '');
  if (t.length !== 8) return null;
  const code = `${t.slice(0, 4)}-${t.slice(4)}`;
  return CODE_PATTERN.test(code) ? code : null;
}

/** The receipt QR payload for a code (ASCII only, see docs/hardware.md). */
export function receiptQrPayload(code: string): string {
  return `VKR:${code}`;
}
