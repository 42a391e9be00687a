// Column widths on a thermal printer in Chinese mode (FS &), measured from the bytes that are
// sent, not from Unicode's East-Asian-width tables: a byte below 0x80 prints in a 12-dot cell
// (one column), every 2-byte GB18030 code in a 24-dot cell (two columns), whatever Unicode
// calls it: “ ” ‘ ’ … — · × ° ℃ ① → are two columns on paper (docs/printer.md).
// 58 mm paper = 384 dots = 32 columns; 80 mm = 576 dots = 48 columns.
import iconv from 'iconv-lite';
import { printable } from './printable.js';

export { printable } from './printable.js';

/**
 * East Asian wide characters: a line may break before or after any of them (Latin words
 * break only at spaces). This decides WHERE lines may break, not how wide a character is.
 */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul Jamo
    (cp >= 0x2e80 && cp <= 0x303e) || // CJK radicals, Kangxi, CJK symbols and punctuation
    (cp >= 0x3041 && cp <= 0x33ff) || // Kana, Bopomofo, CJK compatibility
    (cp >= 0x3400 && cp <= 0x4dbf) || // CJK extension A
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
    (cp >= 0xa000 && cp <= 0xa4cf) || // Yi
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xff60) || // Full-width forms
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

const encodedLength = new Map<string, number>();

/** Columns one character takes on paper: the length of its GB18030 encoding (1 column = 12 dots). */
export function charWidth(ch: string): number {
  if (ch.length === 1 && ch.charCodeAt(0) < 0x80) return 1;
  let n = encodedLength.get(ch);
  if (n === undefined) {
    n = iconv.encode(ch, 'gb18030').length;
    if (encodedLength.size < 20_000) encodedLength.set(ch, n);
  }
  return n;
}

export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

// Chinese line-breaking rules (kinsoku, light): these never start a line ...
const NO_LINE_START = new Set([...'，。、；：！？）》」』】〕…—,.;:!?)]}%”’']);
// ... and these never end one.
const NO_LINE_END = new Set([...'（《「『【〔([{“‘']);

/**
 * Wraps text to `columns`, counting each character's encoded bytes. Latin words break at spaces
 * (a word longer than a line is split); Chinese breaks between any two characters, except
 * that closing punctuation never starts a line and opening punctuation never ends one.
 * Explicit newlines are kept; every line passes the printer's sanitiser (printable.ts).
 * Every returned line has textWidth(line) <= columns.
 */
export function wrapText(text: string, columns: number): string[] {
  if (columns < 2) throw new Error(`cannot wrap text to ${columns} columns: need at least 2`);
  const out: string[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    out.push(...wrapParagraph(printable(para).replace(/\s+$/u, ''), columns));
  }
  return out;
}

/** CJK characters, and the non-ASCII punctuation and symbols that sit between them (“ ” … — →). */
function breaksEitherSide(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return cp >= 0x80 && (isWide(cp) || !/[\p{L}\p{N}]/u.test(ch));
}

/** Tokens: a run of non-space Latin characters (a word, with its punctuation), a single CJK character or symbol, or spaces. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let word = '';
  for (const ch of text) {
    if (ch === ' ') {
      if (word) tokens.push(word), (word = '');
      if (tokens.length && tokens[tokens.length - 1]!.startsWith(' ')) tokens[tokens.length - 1] += ' ';
      else tokens.push(' ');
    } else if (breaksEitherSide(ch)) {
      // A break opportunity on both sides: CJK characters, and the two-byte punctuation and
      // symbols that sit between them (“ ” … — ① →); accented Latin letters stay in their word.
      if (word) tokens.push(word), (word = '');
      tokens.push(ch);
    } else word += ch;
  }
  if (word) tokens.push(word);
  return tokens;
}

function wrapParagraph(text: string, columns: number): string[] {
  if (text === '') return [''];
  const lines: string[] = [];
  let line = '';
  let width = 0;
  /** The tokens on the line, so closing punctuation can take the ones before it along. */
  let onLine: string[] = [];
  const flush = () => {
    lines.push(line.replace(/ +$/, ''));
    line = '';
    width = 0;
    onLine = [];
  };
  const append = (tok: string, w: number) => {
    line += tok;
    width += w;
    onLine.push(tok);
  };
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    let tok = tokens[i]!;
    if (tok.startsWith(' ')) {
      if (width === 0) continue; // no leading spaces on a wrapped line
      if (width + tok.length >= columns) {
        flush();
        continue;
      }
      append(tok, tok.length);
      continue;
    }
    let w = textWidth(tok);
    if (width + w <= columns) {
      // Opening punctuation must not end the line: carry it over if the next token will not fit.
      const next = tokens[i + 1];
      if (NO_LINE_END.has(tok) && next !== undefined && !next.startsWith(' ') && width + w + textWidth(next) > columns && width > 0) {
        flush();
      }
      append(tok, w);
      continue;
    }
    // Does not fit. Closing punctuation may not start a line: take the token before it (a
    // character, or a Latin word) along, and the one before that while the carried run still
    // starts with closing punctuation ("’，"), as long as the run fits on a line.
    if (NO_LINE_START.has(tok) && width > 0) {
      let k = onLine.length;
      let carriedWidth = w;
      do {
        k--;
        carriedWidth += textWidth(onLine[k]!);
      } while (k > 0 && NO_LINE_START.has(onLine[k]!));
      const carried = onLine.slice(k);
      if (k > 0 && !carried[0]!.startsWith(' ') && carriedWidth <= columns) {
        const kept = onLine.slice(0, k);
        line = kept.join('');
        flush();
        for (const c of carried) append(c, textWidth(c));
      } else flush();
      append(tok, w);
      continue;
    }
    if (width > 0) flush();
    // A word longer than a whole line: split it hard.
    while (w > columns) {
      let head = '';
      let hw = 0;
      for (const ch of tok) {
        const cw = charWidth(ch);
        if (hw + cw > columns) break;
        head += ch;
        hw += cw;
      }
      lines.push(head);
      tok = tok.slice(head.length);
      w = textWidth(tok);
    }
    append(tok, w);
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}
