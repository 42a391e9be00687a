// The layout model every printout goes through: receipt and slip builders produce blocks,
// layout() wraps them into printed lines for one paper width, and BOTH the ESC/POS encoder
// (escpos.ts) and the SVG preview (preview-svg.ts) draw exactly those
// lines, so the preview shows what the paper will show.
import type { PaperWidth } from '../../contract/printer.js';
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
  for (const b of blocks) {
    switch (b.t) {
      case 'text': {
        const scale = b.scale ?? 1;
        for (const text of wrapText(b.text, Math.floor(paper.columns / scale))) {
          lines.push({ t: 'text', text, align: b.align ?? 'left', scale, bold: b.bold ?? false });
        }
        break;
      }
      case 'field': {
        const head = b.label;
        const one = head + b.value;
        if (textWidth(one) <= paper.columns) {
          lines.push({ t: 'text', text: one, align: 'left', scale: 1, bold: false });
        } else {
          lines.push(...wrapText(head, paper.columns).map((text) => ({ t: 'text' as const, text, align: 'left' as const, scale: 1 as const, bold: false })));
          for (const text of wrapText(b.value, paper.columns - 2)) lines.push({ t: 'text', text: '  ' + text, align: 'left', scale: 1, bold: false });
        }
        break;
      }
      case 'bullets':
        for (const item of b.items) {
          wrapText(item, paper.columns - 2).forEach((text, i) => lines.push({ t: 'text', text: (i === 0 ? '- ' : '  ') + text, align: 'left', scale: 1, bold: false }));
        }
        break;
      case 'rule':
        lines.push({ t: 'text', text: '-'.repeat(paper.columns), align: 'left', scale: 1, bold: false });
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
