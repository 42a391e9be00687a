// The CJK font for cards and posters. PDFs embed only the glyphs they use (pdfkit subsets
// the font), so a PDF opens anywhere; but the township machine needs ONE font with Chinese
// glyphs to subset from. Order: pdf.fontFile / TOWNSHIP_PDF_FONT_FILE ("file" or
// "file.ttc#PostScriptName"), then the usual system places:
//   Debian/Ubuntu: fonts-noto-cjk (/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc)
//                  or fonts-wqy-microhei; Windows: Microsoft YaHei / SimHei.
// With none of them, printing a card or poster answers with a message saying exactly this.
import { existsSync } from 'node:fs';

export interface PdfFont {
  file: string;
  /** The face inside a .ttc collection; null for a single-font file. */
  face: string | null;
}

const CANDIDATES: PdfFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf', face: null },
  { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { file: 'C:\\Windows\\Fonts\\msyh.ttc', face: 'MicrosoftYaHei' },
  { file: 'C:\\Windows\\Fonts\\simhei.ttf', face: null },
];

export const FONT_HELP =
  'Printing cards and posters needs a font with Chinese characters: install Debian\'s fonts-noto-cjk (apt-get install fonts-noto-cjk), or set pdf.fontFile / TOWNSHIP_PDF_FONT_FILE to a .ttf/.otf file (or "file.ttc#PostScriptName" for a collection).';

export type FontResult = { ok: true; font: PdfFont } | { ok: false; message: string };

export function findPdfFont(configured: string | null): FontResult {
  if (configured) {
    const i = configured.lastIndexOf('#');
    const font: PdfFont = i > 0 ? { file: configured.slice(0, i), face: configured.slice(i + 1) } : { file: configured, face: null };
    if (!existsSync(font.file)) return { ok: false, message: `pdf.fontFile "${font.file}" does not exist. ${FONT_HELP}` };
    if (/\.ttc$/i.test(font.file) && !font.face) return { ok: false, message: `pdf.fontFile "${font.file}" is a font collection: name the face, e.g. "${font.file}#NotoSansCJKsc-Regular".` };
    return { ok: true, font };
  }
  const found = CANDIDATES.find((c) => existsSync(c.file));
  return found ? { ok: true, font: found } : { ok: false, message: `No Chinese font was found on this machine. ${FONT_HELP}` };
}
