// Shared PDF drawing: a document that resolves to bytes, the CJK font, and a QR code drawn
// as vector squares (sharp at any print size), with its quiet zone.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { PdfFont } from './font.js';

export type Doc = InstanceType<typeof PDFDocument>;

export const MM = 72 / 25.4;

export function newDoc(size: 'A4' | 'A6', font: PdfFont, title: string): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({ size, margin: 0, autoFirstPage: true, info: { Title: title, Producer: 'village-kiosk township', Creator: 'village-kiosk township' }, compress: true });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.face ?? undefined);
  doc.font('cjk');
  return { doc, done };
}

/** Draws `text` as a QR code whose outer size (including a 4-module quiet zone) is `size` points. Returns the module size. */
export function drawQr(doc: Doc, text: string, x: number, y: number, size: number, level: 'L' | 'M' | 'Q' | 'H' = 'M'): number {
  const qr = QRCode.create(text, { errorCorrectionLevel: level });
  const n = qr.modules.size;
  const m = size / (n + 8);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < n; row++) {
    let start = -1;
    for (let col = 0; col <= n; col++) {
      const dark = col < n && qr.modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        doc.rect(x + (4 + start) * m, y + (4 + row) * m, (col - start) * m, m);
        start = -1;
      }
    }
  }
  doc.fill('#000000');
  doc.restore();
  return m;
}
