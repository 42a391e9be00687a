// Raw scanner bytes -> text. Strict UTF-8 first, then GB18030 (Chinese QR codes in the wild
// come in both); trailing CR, LF, Tab and NUL trimmed (any mix, the same for every scanner
// mode: HID POS, keyboard, simulator, keyboard wedge all pass through here); a size limit. Browser-safe (no Node imports)
// and never throws: every input gives a defined result.

/** Largest payload the kiosk accepts, in bytes after trimming. */
export const MAX_SCAN_BYTES = 2048;

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

export function decodePayload(bytes: Uint8Array): DecodeResult {
  let end = bytes.length;
  while (end > 0 && isTrailingJunk(bytes[end - 1]!)) end--;
  if (end === 0) return { ok: false, reason: 'empty', byteLength: 0 };
  if (end > MAX_SCAN_BYTES) return { ok: false, reason: 'too-long', byteLength: end };
  const view = bytes.subarray(0, end);
  try {
    return { ok: true, text: utf8.decode(view), encoding: 'utf-8', byteLength: end };
  } catch {
    // not UTF-8: try GB18030 below
  }
  if (gb18030) {
    try {
      return { ok: true, text: gb18030.decode(view), encoding: 'gb18030', byteLength: end };
    } catch {
      // neither
    }
  }
  return { ok: false, reason: 'invalid-encoding', byteLength: end };
}

const encoder = new TextEncoder();

/** Text that arrived as text (keyboard wedge, simulator lines): same trimming and limit. */
export function decodeText(text: string): DecodeResult {
  // Cheap guard before encoding something huge: 4 bytes per UTF-16 unit is the upper bound.
  if (text.length > MAX_SCAN_BYTES * 4) return { ok: false, reason: 'too-long', byteLength: text.length };
  return decodePayload(encoder.encode(text));
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
