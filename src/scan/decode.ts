// Raw scanner bytes -> text. Strict UTF-8 and GB18030 (Chinese QR codes in the wild come in
// both): when the bytes are valid both ways the more plausible reading wins (encoding-guess.ts)
// unless config or the scanner's profile pins one. Trailing CR, LF, Tab and NUL are trimmed,
// in any mix and the same for every scanner mode (HID POS, keyboard, simulator, keyboard
// wedge all pass through here); a hard size limit. Browser-safe (no Node imports) and never
// throws: every input gives a defined result.
import { chooseReading } from './encoding-guess.js';

/** Largest payload the kiosk accepts, in bytes after trimming. */
export const MAX_SCAN_BYTES = 2048;

/** How scanned bytes are read: guessed, or pinned by config / the scanner's profile. */
export type ScanEncoding = 'auto' | 'utf-8' | 'gb18030';

export type DecodeResult =
  | { ok: true; text: string; encoding: 'utf-8' | 'gb18030'; byteLength: number }
  | { ok: false; reason: 'empty' | 'too-long' | 'invalid-encoding'; byteLength: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });
let gb18030: InstanceType<typeof TextDecoder> | null = null;
try {
  gb18030 = new TextDecoder('gb18030', { fatal: true });
} catch {
  gb18030 = null; // a runtime without full ICU: UTF-8 only
}

/** Suffixes scanners add after the data (configurable on most models): CR, LF, Tab, NUL. */
export function isTrailingJunk(b: number): boolean {
  return b === 0x0d || b === 0x0a || b === 0x09 || b === 0x00;
}

export function decodePayload(bytes: Uint8Array, encoding: ScanEncoding = 'auto'): DecodeResult {
  let end = bytes.length;
  while (end > 0 && isTrailingJunk(bytes[end - 1]!)) end--;
  if (end === 0) return { ok: false, reason: 'empty', byteLength: 0 };
  if (end > MAX_SCAN_BYTES) return { ok: false, reason: 'too-long', byteLength: end };
  const view = bytes.subarray(0, end);
  const read = (d: InstanceType<typeof TextDecoder> | null): string | null => {
    if (!d) return null;
    try {
      return d.decode(view);
    } catch {
      return null;
    }
  };
  // Pinned by config or the scanner's profile: that encoding only.
  if (encoding === 'gb18030' && gb18030) {
    const t = read(gb18030);
    return t === null ? { ok: false, reason: 'invalid-encoding', byteLength: end } : { ok: true, text: t, encoding: 'gb18030', byteLength: end };
  }
  const u = read(utf8);
  if (encoding === 'utf-8') return u === null ? { ok: false, reason: 'invalid-encoding', byteLength: end } : { ok: true, text: u, encoding: 'utf-8', byteLength: end };
  // Bytes >= 0x80 that are valid both ways: choose the more plausible reading (encoding-guess.ts).
  const g = u === null || view.some((b) => b >= 0x80) ? read(gb18030) : null;
  if (u !== null && g !== null && gb18030 && chooseReading(u, g, gb18030) === 'gb18030') return { ok: true, text: g, encoding: 'gb18030', byteLength: end };
  if (u !== null) return { ok: true, text: u, encoding: 'utf-8', byteLength: end };
  if (g !== null) return { ok: true, text: g, encoding: 'gb18030', byteLength: end };
  return { ok: false, reason: 'invalid-encoding', byteLength: end };
}

const encoder = new TextEncoder();

/** Text that arrived as text (keyboard wedge, simulator lines): same trimming and limit. */
export function decodeText(text: string): DecodeResult {
  // Cheap guard before encoding something huge: 4 bytes per UTF-16 unit is the upper bound.
  if (text.length > MAX_SCAN_BYTES * 4) return { ok: false, reason: 'too-long', byteLength: text.length };
  return decodePayload(encoder.encode(text), 'utf-8'); // already text: nothing to guess
}

// C0/C1 controls, zero-width and bidi override characters: never shown as they are.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

export const PREVIEW_MAX_CHARS = 120;

/** A short, safe-to-show version of a scanned text (rendered as text, never as markup). */
export function previewText(text: string): string {
  const chars = [...text.replace(INVISIBLE, '·')];
  return chars.length > PREVIEW_MAX_CHARS ? chars.slice(0, PREVIEW_MAX_CHARS).join('') + '…' : chars.join('');
}

export function hasControlCharacters(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}
