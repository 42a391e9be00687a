// ESC/POS bytes for the layout model (layout.ts).
//
// Encoder choice (docs/hardware.md, "Chinese text"): we encode with our own ~100 lines
// on top of iconv-lite (maintained; already a dependency) instead of a receipt library:
//  - @point-of-sale/receipt-printer-encoder has native QR but only single-byte code pages,
//    so every Chinese line would go through raw() with our own FS & + GB18030 bytes and our
//    own CJK-aware wrapping anyway; what is left for it (align, size, cut, QR) is a dozen
//    fixed byte sequences, and its initialize()/codepage handling is exactly where an
//    "FS ." (cancel Chinese mode) can sneak in after our FS &.
//  - receiptline does GB18030 after FS &, but prints QR codes as raster images (slower,
//    bigger jobs) and wraps with its own rules, so its preview would not be our layout.
//  - node-thermal-printer uses EUC code paths (wrong for GB18030); escpos/@node-escpos are stale.
// So: one layout model, one encoder, one preview, all tested by parsing the bytes back.
//
// The byte stream: ESC @ (initialize), then FS & (Chinese character mode; ESC @ may drop it
// on some models, so it comes AFTER ESC @), and never FS . afterwards. Text is GB18030 (ASCII
// is unchanged in GB18030). QR codes use the printer's native GS ( k, model 2, EC level M.
import iconv from 'iconv-lite';
import { layout, type Block, type Line, type PaperSpec } from './layout.js';
import { printable } from './printable.js';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export const CMD = {
  initialize: [ESC, 0x40],
  /** FS & : select Chinese character mode (the printer reads 2-byte GB18030/GBK codes). */
  chineseOn: [FS, 0x26],
  /** FS . : cancel Chinese character mode. The encoder never sends it. */
  chineseOff: [FS, 0x2e],
  align: (a: 'left' | 'center' | 'right') => [ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2],
  /** GS ! n: bits 4-6 width multiplier - 1, bits 0-2 height multiplier - 1. */
  size: (scale: 1 | 2) => [GS, 0x21, scale === 2 ? 0x11 : 0x00],
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  feed: (lines: number) => [ESC, 0x64, Math.max(0, Math.min(255, lines))],
  /** GS V 66 n: feed to the cutter and cut (partial cut leaves a tab, so paper does not fall). */
  cut: [GS, 0x56, 0x42, 0x00],
  /** DLE EOT n: real-time status (n = 1 printer, 2 offline cause, 4 roll paper sensor). */
  status: (n: 1 | 2 | 4) => [DLE, EOT, n],
} as const;

/** QR error correction level M (GS ( k function 169: 48 L, 49 M, 50 Q, 51 H). */
const QR_EC_M = 49;

function gsk(fn: number, ...data: number[]): number[] {
  const len = data.length + 2; // cn + fn + data
  return [GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, fn, ...data];
}

/** GS ( k: model 2, module size, error correction M, store the (ASCII) data, print it. */
export function qrCommands(payload: string, moduleDots: number): Buffer {
  const data = Buffer.from(payload, 'ascii');
  const storeLen = data.length + 3; // cn fn m + data
  return Buffer.concat([
    Buffer.from(gsk(0x41, 0x32, 0x00)), // function 165: model 2
    Buffer.from(gsk(0x43, Math.max(1, Math.min(16, moduleDots)))), // function 167: module size
    Buffer.from(gsk(0x45, QR_EC_M)), // function 169: error correction
    Buffer.from([GS, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30]), // function 180: store
    data,
    Buffer.from(gsk(0x51, 0x30)), // function 181: print
  ]);
}

/** GB18030 bytes of one line, through the printer's sanitiser: no text byte is ever below 0x20. */
export function encodeText(text: string): Buffer {
  return iconv.encode(printable(text), 'gb18030');
}

/** Encodes laid-out lines. Size, alignment and bold are sent only when they change. */
export function encodeLines(lines: readonly Line[]): Buffer {
  const parts: Buffer[] = [Buffer.from([...CMD.initialize, ...CMD.chineseOn])];
  let align: string = 'left';
  let scale: 1 | 2 = 1;
  let bold = false;
  const setAlign = (a: 'left' | 'center' | 'right') => {
    if (a !== align) parts.push(Buffer.from(CMD.align(a))), (align = a);
  };
  for (const line of lines) {
    switch (line.t) {
      case 'text':
        setAlign(line.align);
        if (line.scale !== scale) parts.push(Buffer.from(CMD.size(line.scale))), (scale = line.scale);
        if (line.bold !== bold) parts.push(Buffer.from(CMD.bold(line.bold))), (bold = line.bold);
        parts.push(encodeText(line.text), Buffer.from([LF]));
        break;
      case 'qr':
        setAlign('center');
        parts.push(qrCommands(line.payload, line.moduleDots), Buffer.from([LF]));
        break;
      case 'feed':
        parts.push(Buffer.from(CMD.feed(line.lines)));
        break;
      case 'cut':
        parts.push(Buffer.from(CMD.cut));
        break;
    }
  }
  if (scale !== 1) parts.push(Buffer.from(CMD.size(1)));
  if (bold) parts.push(Buffer.from(CMD.bold(false)));
  setAlign('left');
  return Buffer.concat(parts);
}

export function encodeBlocks(blocks: readonly Block[], paper: PaperSpec): Buffer {
  return encodeLines(layout(blocks, paper));
}
