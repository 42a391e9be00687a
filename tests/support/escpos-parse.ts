// Reads ESC/POS bytes back the way a printer would, for tests: strips commands, decodes text
// after FS & as GB18030 (before it, bytes >= 0x80 are flagged), pulls QR payloads out of
// GS ( k, and records size, alignment, bold, feeds, cuts and anything it does not know.
import iconv from 'iconv-lite';

export interface ParsedLine {
  text: string;
  /** GS ! multipliers in effect when the line was printed. */
  width: number;
  height: number;
  align: 'left' | 'center' | 'right';
  bold: boolean;
  /** Whether Chinese mode (FS &) was on. */
  chinese: boolean;
  /**
   * Printed width in dots, from the bytes alone (not from Unicode): in Chinese mode a byte
   * below 0x80 is a 12-dot cell and every 2-byte GB18030 code a 24-dot cell (a 4-byte code is
   * counted as the two 2-byte cells a GBK printer reads it as); outside it every byte is 12 dots.
   * Times the GS ! width multiplier.
   */
  dots: number;
  /** 4-byte GB18030 codes on the line (outside GBK: many printer fonts cannot draw them). */
  fourByteCodes: number;
}

/** Dots and 4-byte codes of one line's raw bytes (see ParsedLine.dots). */
export function measureLine(raw: Uint8Array, chinese: boolean, widthMultiplier = 1): { dots: number; fourByteCodes: number } {
  let cells = 0;
  let fourByteCodes = 0;
  for (let i = 0; i < raw.length; ) {
    const b = raw[i]!;
    if (!chinese || b < 0x80) {
      cells += 12;
      i += 1;
    } else if (b >= 0x81 && b <= 0xfe && raw[i + 1] !== undefined && raw[i + 1]! >= 0x30 && raw[i + 1]! <= 0x39) {
      cells += 48;
      fourByteCodes++;
      i += 4;
    } else {
      cells += 24;
      i += 2;
    }
  }
  return { dots: cells * widthMultiplier, fourByteCodes };
}

export interface ParsedQr {
  payload: string;
  model: number | null;
  moduleSize: number | null;
  /** 'L' | 'M' | 'Q' | 'H' */
  ec: string | null;
  printed: boolean;
}

export interface ParsedJob {
  lines: ParsedLine[];
  qrs: ParsedQr[];
  cuts: number;
  feeds: number[];
  /** Command names in order: 'ESC @', 'FS &', 'FS .', 'GS !', 'GS V', 'GS ( k 80', ... */
  commands: string[];
  statusQueries: number[];
  unknown: string[];
  /** Bytes >= 0x80 seen while Chinese mode was off (they would print as garbage). */
  highBytesOutsideChinese: number;
  /** All printed text, one line per printed line. */
  text: string;
}

const hex = (b: number) => '0x' + b.toString(16).padStart(2, '0');

export function parseEscPos(input: Uint8Array): ParsedJob {
  const b = Buffer.from(input);
  const job: ParsedJob = { lines: [], qrs: [], cuts: 0, feeds: [], commands: [], statusQueries: [], unknown: [], highBytesOutsideChinese: 0, text: '' };
  let chinese = false;
  let width = 1;
  let height = 1;
  let align: ParsedLine['align'] = 'left';
  let bold = false;
  let pending: number[] = [];
  let qrModel: number | null = null;
  let qrSize: number | null = null;
  let qrEc: string | null = null;
  let stored: string | null = null;

  const flushText = (force: boolean) => {
    if (!pending.length && !force) return;
    const raw = Buffer.from(pending);
    const text = chinese ? iconv.decode(raw, 'gb18030') : raw.toString('latin1');
    job.lines.push({ text, width, height, align, bold, chinese, ...measureLine(raw, chinese, width) });
    pending = [];
  };

  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0x0a) {
      flushText(true);
      i++;
    } else if (c === 0x1b) {
      const op = b[i + 1];
      if (op === 0x40) {
        job.commands.push('ESC @');
        chinese = false; // initialize resets the mode on most printers
        width = height = 1;
        align = 'left';
        bold = false;
        i += 2;
      } else if (op === 0x61) {
        job.commands.push('ESC a');
        const n = b[i + 2]! % 48;
        align = n === 1 ? 'center' : n === 2 ? 'right' : 'left';
        i += 3;
      } else if (op === 0x45) {
        job.commands.push('ESC E');
        bold = (b[i + 2]! & 1) === 1;
        i += 3;
      } else if (op === 0x64) {
        job.commands.push('ESC d');
        job.feeds.push(b[i + 2]!);
        i += 3;
      } else {
        job.unknown.push(`ESC ${hex(op ?? 0)}`);
        i += 2;
      }
    } else if (c === 0x1c) {
      const op = b[i + 1];
      if (op === 0x26) {
        job.commands.push('FS &');
        chinese = true;
      } else if (op === 0x2e) {
        job.commands.push('FS .');
        chinese = false;
      } else job.unknown.push(`FS ${hex(op ?? 0)}`);
      i += 2;
    } else if (c === 0x1d) {
      const op = b[i + 1];
      if (op === 0x21) {
        job.commands.push('GS !');
        const n = b[i + 2]!;
        width = ((n >> 4) & 7) + 1;
        height = (n & 7) + 1;
        i += 3;
      } else if (op === 0x56) {
        job.commands.push('GS V');
        job.cuts++;
        const m = b[i + 2]!;
        i += m === 65 || m === 66 || m === 97 || m === 98 ? 4 : 3;
      } else if (op === 0x28 && b[i + 2] === 0x6b) {
        const len = b[i + 3]! + b[i + 4]! * 256;
        const body = b.subarray(i + 5, i + 5 + len);
        const fn = body[1]!;
        job.commands.push(`GS ( k ${fn}`);
        if (body[0] !== 0x31) job.unknown.push(`GS ( k cn=${hex(body[0]!)}`);
        else if (fn === 0x41) qrModel = body[2]! - 0x30;
        else if (fn === 0x43) qrSize = body[2]!;
        else if (fn === 0x45) qrEc = ({ 48: 'L', 49: 'M', 50: 'Q', 51: 'H' } as Record<number, string>)[body[2]!] ?? null;
        else if (fn === 0x50) stored = body.subarray(3).toString('latin1');
        else if (fn === 0x51) {
          if (stored !== null) job.qrs.push({ payload: stored, model: qrModel, moduleSize: qrSize, ec: qrEc, printed: true });
        } else job.unknown.push(`GS ( k fn=${fn}`);
        i += 5 + len;
      } else {
        job.unknown.push(`GS ${hex(op ?? 0)}`);
        i += 2;
      }
    } else if (c === 0x10 && b[i + 1] === 0x04) {
      job.statusQueries.push(b[i + 2]!);
      i += 3;
    } else if (c < 0x20) {
      job.unknown.push(`control ${hex(c)}`);
      i++;
    } else {
      if (c >= 0x80 && !chinese) job.highBytesOutsideChinese++;
      pending.push(c);
      i++;
    }
  }
  flushText(false);
  job.text = job.lines.map((l) => l.text).join('\n');
  return job;
}
