// The layout model every printout goes through: receipt and slip builders produce blocks,
// layout() wraps them into printed lines for one paper width, and BOTH the ESC/POS encoder
// (escpos.ts) and the SVG preview (preview-svg.ts) draw exactly those
// lines, so the preview shows what the paper will show.
import type { PaperWidth } from '../../contract/printer.js';
import { printable } from './printable.js';
import { textWidth, wrapText } from './text-width.js';

export type Align = 'left' | 'center' | 'right';

export type Block =
  /** scale 2 = GS ! double width and height. */
  | { t: 'text'; text: string; align?: Align; scale?: 1 | 2; bold?: boolean }
  /** "label value" on one line, or the value indented under the label when it does not fit. The label carries its own colon. */
  | { t: 'field'; label: string; value: string }
  | { t: 'bullets'; items: string[] }
  | { t: 'rule' }
  | { t: 'qr'; payload: string }
  | { t: 'feed'; lines: number }
  | { t: 'cut' };

export type Line =
  | { t: 'text'; text: string; align: Align; scale: 1 | 2; bold: boolean }
  | { t: 'qr'; payload: string; moduleDots: number }
  | { t: 'feed'; lines: number }
  | { t: 'cut' };

export interface PaperSpec {
  width: PaperWidth;
  /** Printable dots across (203 dpi heads). */
  dots: number;
  /** Latin characters of 12 dots per line; Chinese characters take two columns. */
  columns: number;
  /** QR module size in dots (GS ( k function 167). */
  qrModuleDots: number;
}

export const PAPER: Record<PaperWidth, PaperSpec> = {
  58: { width: 58, dots: 384, columns: 32, qrModuleDots: 6 },
  80: { width: 80, dots: 576, columns: 48, qrModuleDots: 8 },
};

/** QR payloads must be printable ASCII: scanners in keyboard mode cannot carry anything else. */
export const QR_PAYLOAD = /^[\x20-\x7e]{1,200}$/;

export function layout(blocks: readonly Block[], paper: PaperSpec): Line[] {
  const lines: Line[] = [];
  // Every text line goes through the printer's one sanitiser (printable.ts), whichever path
  // made it: a field that fits on one line is not wrapped, but it is sanitised all the same.
  const text = (t: string, align: Align = 'left', scale: 1 | 2 = 1, bold = false) => lines.push({ t: 'text', text: printable(t), align, scale, bold });
  for (const b of blocks) {
    switch (b.t) {
      case 'text': {
        const scale = b.scale ?? 1;
        for (const t of wrapText(b.text, Math.floor(paper.columns / scale))) text(t, b.align ?? 'left', scale, b.bold ?? false);
        break;
      }
      case 'field': {
        const one = printable(b.label + b.value);
        if (!/[\r\n]/.test(b.label + b.value) && textWidth(one) <= paper.columns) text(one);
        else {
          for (const t of wrapText(b.label, paper.columns)) text(t);
          for (const t of wrapText(b.value, paper.columns - 2)) text('  ' + t);
        }
        break;
      }
      case 'bullets':
        for (const item of b.items) wrapText(item, paper.columns - 2).forEach((t, i) => text((i === 0 ? '- ' : '  ') + t));
        break;
      case 'rule':
        text('-'.repeat(paper.columns));
        break;
      case 'qr':
        if (!QR_PAYLOAD.test(b.payload)) throw new Error(`QR payload must be 1-200 printable ASCII characters, got ${JSON.stringify(b.payload.slice(0, 40))}`);
        lines.push({ t: 'qr', payload: b.payload, moduleDots: paper.qrModuleDots });
        break;
      case 'feed':
        lines.push({ t: 'feed', lines: b.lines });
        break;
      case 'cut':
        lines.push({ t: 'cut' });
        break;
    }
  }
  return lines;
}
