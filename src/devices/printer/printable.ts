// The one sanitiser every text passes on its way to the printer (layout.ts applies it to
// every laid-out line, and the encoder applies it again to whatever it is given), so the
// preview and the paper show the same characters and no text can carry a printer command.
//
// 1. Control characters. Any byte below 0x20 inside text IS a command to an ESC/POS printer:
//    GS V (0x1d 0x56) cuts the paper, ESC p (0x1b 0x70) kicks a cash drawer, DLE EOT asks
//    for status. C0, DEL, C1 and the Unicode line/paragraph separators become a space. Text
//    from outside is also refused at the boundary (src/protocol/content.ts), but the printer
//    does not rely on that.
// 2. Characters a GBK printer font cannot draw. Printers sold in China have a GBK font;
//    GB18030's 4-byte codes (NBSP, •, emoji, CJK Extension A such as 䶮 in most cases) and
//    its 2-byte additions outside GBK (the FE50-FEA0 row, private-use rows, €) misprint. A
//    character is kept only when it is printable ASCII or a 2-byte code that Windows code page
//    936 (GBK) encodes the same way; otherwise it becomes a safe equivalent (NBSP -> space,
//    • -> ·, − -> -, ï -> i ...) or "?".
import iconv from 'iconv-lite';

/** Hand-picked equivalents for characters outside GBK that turn up in real text. */
const EQUIVALENT: Record<string, string> = {
  '\u00a0': ' ', // no-break space
  '\u2007': ' ',
  '\u202f': ' ',
  '\u205f': ' ',
  '\u200b': '', // zero-width space, joiners, word joiner, BOM, soft hyphen: invisible
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
  '\u00ad': '',
  '\u2022': '·', // bullet
  '\u2027': '·', // hyphenation point
  '\u30fb': '·', // katakana middle dot
  '\u2219': '·',
  '\u22c5': '·',
  '\u2010': '-',
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-',
  '\u2212': '-', // minus sign
  '\u2043': '-',
  '\u00ab': '《',
  '\u00bb': '》',
  '\u2039': '<',
  '\u203a': '>',
  '\u201a': ',',
  '\u201e': '"',
  '\u00a9': '(C)',
  '\u00ae': '(R)',
  '\u2122': 'TM',
  '\u00a5': '￥',
  '\u20ac': 'EUR',
  '\u00bd': '1/2',
  '\u00bc': '1/4',
  '\u00be': '3/4',
};

const safeCache = new Map<string, boolean>();

/** Printable ASCII, or a 2-byte GB18030 code that is also GBK (code page 936). */
export function isPrinterSafe(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return true;
  if (cp < 0xa0 || cp > 0xffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  let ok = safeCache.get(ch);
  if (ok === undefined) {
    const gbk = iconv.encode(ch, 'cp936');
    ok = gbk.length === 2 && gbk.equals(iconv.encode(ch, 'gb18030'));
    if (safeCache.size < 20_000) safeCache.set(ch, ok);
  }
  return ok;
}

const allSafe = (s: string) => [...s].every(isPrinterSafe);

/** What a character outside GBK prints as: an equivalent, its compatibility form, its base letter, or "?". */
function equivalent(ch: string): string {
  const mapped = EQUIVALENT[ch];
  if (mapped !== undefined) return mapped;
  if (/\p{Zs}/u.test(ch)) return ' ';
  if (/\p{M}/u.test(ch)) return ''; // a stray combining mark
  const nfkc = ch.normalize('NFKC');
  if (nfkc !== ch && nfkc && allSafe(nfkc)) return nfkc;
  const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
  if (base !== ch && base && allSafe(base)) return base;
  return '?';
}

/** Printable form of one line of text: only printable ASCII and GBK 2-byte codes remain. */
export function printable(text: string): string {
  let out = '';
  // NFC first, so "e" + combining acute is the one GBK character é.
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) out += ' ';
    else if (isPrinterSafe(ch)) out += ch;
    else out += equivalent(ch);
  }
  return out;
}
