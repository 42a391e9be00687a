// HID keyboard mode: a scanner that types. Boot-keyboard reports [mods, 0, k1..k6] become
// text with the US layout. Only keys new relative to the previous report count (so "00" does
// not collapse to "0"); Enter or Tab ends a scan; a 0x01 (rollover error) report is ignored.
// Keyboard mode cannot carry Chinese (bytes >= 0x80 are lost by the scanner itself).

const SHIFT = 0x22;
const ENTER = 0x28;
const KP_ENTER = 0x58;
const TAB = 0x2b;
const ROLLOVER = 0x01;

const PLAIN: Record<number, string> = {};
const SHIFTED: Record<number, string> = {};
for (let u = 0x04; u <= 0x1d; u++) {
  PLAIN[u] = String.fromCharCode(0x61 + u - 0x04);
  SHIFTED[u] = String.fromCharCode(0x41 + u - 0x04);
}
'1234567890'.split('').forEach((c, i) => (PLAIN[0x1e + i] = c));
'!@#$%^&*()'.split('').forEach((c, i) => (SHIFTED[0x1e + i] = c));
const PUNCT: Array<[number, string, string]> = [
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x32, '#', '~'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x63, '.', '.'],
];
for (const [u, p, s] of PUNCT) {
  PLAIN[u] = p;
  SHIFTED[u] = s;
}
'1234567890'.split('').forEach((c, i) => {
  PLAIN[0x59 + i] = c;
  SHIFTED[0x59 + i] = c;
});

export function usageToChar(usage: number, shift: boolean): string | null {
  return (shift ? SHIFTED[usage] : PLAIN[usage]) ?? null;
}

export interface KeyboardDecoderOptions {
  /** Longest text kept; beyond it the scan is flagged as overflowing. */
  maxChars: number;
}

export interface KeyboardScan {
  text: string;
  overflow: boolean;
}

export class KeyboardReportDecoder {
  private prev = new Set<number>();
  private buf: string[] = [];
  private overflow = false;

  constructor(private readonly opts: KeyboardDecoderOptions = { maxChars: 4096 }) {}

  /** Feeds one input report; returns the scans it completes (usually none or one). */
  push(raw: Uint8Array): KeyboardScan[] {
    // 8 bytes = boot report; 9+ = a report id first (devices with numbered reports).
    if (raw.length < 8) return [];
    const report = raw.length >= 9 ? raw.subarray(1, 9) : raw.subarray(0, 8);
    const keys = [...report.subarray(2, 8)].filter((k) => k !== 0);
    if (keys.includes(ROLLOVER)) return [];
    const shift = (report[0]! & SHIFT) !== 0;
    const out: KeyboardScan[] = [];
    for (const k of keys) {
      if (this.prev.has(k)) continue;
      if (k === ENTER || k === KP_ENTER || k === TAB) {
        const done = this.flush();
        if (done) out.push(done);
        continue;
      }
      const c = usageToChar(k, shift);
      if (c === null) continue;
      if (this.buf.length < this.opts.maxChars) this.buf.push(c);
      else this.overflow = true;
    }
    this.prev = new Set(keys);
    return out;
  }

  /** Ends the current scan (terminator or idle timeout); null when nothing is buffered. */
  flush(): KeyboardScan | null {
    if (this.buf.length === 0) {
      this.overflow = false;
      return null;
    }
    const scan = { text: this.buf.join(''), overflow: this.overflow };
    this.buf = [];
    this.overflow = false;
    return scan;
  }

  get pending(): boolean {
    return this.buf.length > 0;
  }
}

/** Reports a keyboard-mode scanner would send for ASCII text, ended by Enter (fixtures, fakes). */
export function encodeKeyboardReports(text: string, terminator: 'enter' | 'tab' = 'enter'): Uint8Array[] {
  const reverse = new Map<string, { usage: number; shift: boolean }>();
  for (let u = 0x04; u <= 0x38; u++) {
    const p = PLAIN[u];
    const s = SHIFTED[u];
    if (p !== undefined && !reverse.has(p)) reverse.set(p, { usage: u, shift: false });
    if (s !== undefined && !reverse.has(s)) reverse.set(s, { usage: u, shift: true });
  }
  const out: Uint8Array[] = [];
  for (const ch of text) {
    const k = reverse.get(ch);
    if (!k) continue; // keyboard mode cannot send it
    out.push(Uint8Array.from([k.shift ? 0x02 : 0, 0, k.usage, 0, 0, 0, 0, 0]));
    out.push(new Uint8Array(8));
  }
  out.push(Uint8Array.from([0, 0, terminator === 'enter' ? ENTER : TAB, 0, 0, 0, 0, 0]));
  out.push(new Uint8Array(8));
  return out;
}
