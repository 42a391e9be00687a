// An SVG picture of exactly what the printer will print: drawn from the same laid-out lines
// the ESC/POS encoder sends (layout.ts), at one SVG unit per printer dot. Text stays text
// (Chinese included), the QR code is drawn module by module from the same payload.
import QRCode from 'qrcode';
import type { Line, PaperSpec } from './layout.js';
import { textWidth } from './text-width.js';

const LINE_DOTS = 32; // ~1/6 inch at 203 dpi, the usual default line spacing
const CHAR_DOTS = 12; // a Latin character cell; Chinese takes two
const MARGIN = 8;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface Preview {
  svg: string;
  widthDots: number;
  heightDots: number;
}

export function previewSvg(lines: readonly Line[], paper: PaperSpec, title: string): Preview {
  const parts: string[] = [];
  let y = MARGIN;
  for (const line of lines) {
    switch (line.t) {
      case 'text': {
        const h = LINE_DOTS * line.scale;
        const font = 24 * line.scale;
        const w = textWidth(line.text) * CHAR_DOTS * line.scale;
        const x = line.align === 'left' ? 0 : line.align === 'center' ? Math.round((paper.dots - w) / 2) : paper.dots - w;
        if (line.text.trim()) {
          parts.push(
            `<text x="${MARGIN + x}" y="${y + Math.round(h * 0.78)}" font-size="${font}"${line.bold ? ' font-weight="bold"' : ''} textLength="${w}" lengthAdjust="spacingAndGlyphs">${escapeXml(line.text)}</text>`,
          );
        }
        y += h;
        break;
      }
      case 'qr': {
        const qr = QRCode.create(line.payload, { errorCorrectionLevel: 'M' });
        const n = qr.modules.size;
        const m = line.moduleDots;
        const x0 = MARGIN + Math.round((paper.dots - n * m) / 2);
        const y0 = y + m * 2;
        let d = '';
        for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${x0 + c * m} ${y0 + r * m}h${m}v${m}h-${m}z`;
        parts.push(`<path class="qr" data-payload="${escapeXml(line.payload)}" d="${d}" fill="#000"/>`);
        y = y0 + n * m + m * 2 + LINE_DOTS - 24;
        break;
      }
      case 'feed':
        y += LINE_DOTS * line.lines;
        break;
      case 'cut':
        parts.push(`<line class="cut" x1="0" y1="${y + 4}" x2="${paper.dots + 2 * MARGIN}" y2="${y + 4}" stroke="#888" stroke-width="2" stroke-dasharray="10 6"/>`);
        y += 12;
        break;
    }
  }
  const width = paper.dots + 2 * MARGIN;
  const height = y + MARGIN;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" data-paper-width="${paper.width}">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect width="${width}" height="${height}" fill="#fff"/>` +
    `<g font-family="'Noto Sans Mono CJK SC','Noto Sans CJK SC','WenQuanYi Zen Hei Mono',monospace" fill="#000">${parts.join('')}</g>` +
    `</svg>`;
  return { svg, widthDots: width, heightDots: height };
}
