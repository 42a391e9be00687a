// Decodes the QR codes in a PDF the way a reader would see them: pdftoppm renders each
// page to PNG (poppler-utils), zbarimg reads every QR code on it (zbar-tools). Both are
// Debian packages that .ci/run installs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PdfText {
  pages: number;
  /** Every QR code text found, page by page, in zbarimg's order. */
  codes: string[][];
  /** pdftotext output (to check the printed words). */
  text: string;
  /** pdffonts output (to check the font is embedded as a subset). */
  fonts: string;
}

export function readPdf(pdf: Buffer, dpi = 150): PdfText {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-qr-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, path.join(dir, 'page')], { stdio: 'pipe' });
    const pages = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).sort();
    const codes = pages.map((p) => {
      let out = '';
      try {
        // -q: no summary; --raw: the data only; one symbol per line (our payloads have no newlines).
        out = execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', path.join(dir, p)], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
      } catch (e) {
        out = ((e as { stdout?: Buffer }).stdout ?? Buffer.alloc(0)).toString('utf8'); // exit 4 = nothing found
      }
      return out.split('\n').filter((l) => l.length > 0);
    });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
    const fonts = execFileSync('pdffonts', [file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
    return { pages: pages.length, codes, text, fonts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every QR code text in a PNG image (zbarimg), as a scanner pointed at the printout reads it. */
export function readQrImage(file: string): string[] {
  let out = '';
  try {
    out = execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  } catch (e) {
    out = ((e as { stdout?: Buffer }).stdout ?? Buffer.alloc(0)).toString('utf8'); // exit 4 = nothing found
  }
  return out.split('\n').filter((l) => l.length > 0);
}
