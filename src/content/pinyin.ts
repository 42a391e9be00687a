// Pinyin for search: villagers who can't type Chinese spell what they want on the on-screen
// keyboard, in full pinyin (butie), initials (bt) or a mix of pinyin and characters (bu贴),
// always without tones. pinyin-pro turns the content's titles and summaries into pinyin when
// content is applied. The result goes into the grams index (002_content.ts, word-prefix
// matching), like Chinese bigrams: tokens that start at every character of a Chinese run,
//   full pinyin of two syllables  补贴申请 -> butie tieshen shenqing qing
//   initials of four characters            btsq tsq sq q
// A query is cut into syllables and matched pair by pair (butieshen -> butie AND tieshen*), or
// as initials four at a time (hlbtsq -> hlbt AND btsq*). Short tokens keep the number of
// distinct terms under a prefix small, so prefix lookups stay fast at 50,000 postings.
// ü is written v (nv, lv), as on every Chinese keyboard. Polyphones take pinyin-pro's reading
// in context; a query's characters are converted the same way, so both sides agree.
import { pinyin } from 'pinyin-pro';
import { SYLLABLES } from './syllables.js';

const HAN_RUN = /\p{Script=Han}+/gu;
const HAN = /\p{Script=Han}/u;
const LATIN = /[a-z]/;

/** A cache of converted runs: titles, places and employers repeat across thousands of items. */
const CACHE_LIMIT = 20_000;
const cache = new Map<string, string[]>();

/** Toneless syllables of a run of Chinese characters, one per character. */
export function syllables(run: string): string[] {
  const hit = cache.get(run);
  if (hit) return hit;
  const out = pinyin(run, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(run, out);
  return out;
}

/** Characters per initials token. */
export const INITIALS_TOKEN = 4;

/** The grams tokens for some content texts (titles and summaries), space separated. */
export function pinyinTokensOf(texts: Array<string | null | undefined>): string {
  const tokens = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const m of t.normalize('NFKC').toLowerCase().matchAll(HAN_RUN)) {
      const s = syllables(m[0]).filter(Boolean);
      for (let i = 0; i < s.length; i++) {
        tokens.add(s[i]! + (s[i + 1] ?? ''));
        tokens.add(s.slice(i, i + INITIALS_TOKEN).map((x) => x[0]).join(''));
      }
    }
  }
  return [...tokens].join(' ');
}

/**
 * Letters cut into syllables, longest first; the last piece may be the start of one
 * (butie -> bu tie, buti -> bu ti, shenq -> shen q). Null when the letters are not pinyin.
 */
export function segment(letters: string): string[] | null {
  const inv = SYLLABLES;
  const out: string[] = [];
  for (let i = 0; i < letters.length; ) {
    let len = 0;
    for (let l = Math.min(6, letters.length - i); l > 0; l--) {
      if (inv.has(letters.slice(i, i + l))) {
        len = l;
        break;
      }
    }
    if (!len) {
      const rest = letters.slice(i);
      for (const sy of inv) if (sy.startsWith(rest)) return [...out, rest];
      return null;
    }
    out.push(letters.slice(i, i + len));
    i += len;
  }
  return out;
}

const q = (s: string) => `"${s}"`;

/**
 * The grams MATCH expression for letters read as pinyin: full syllables pair by pair, or
 * initials four at a time, either one. Letters only (a-z).
 */
export function pinyinMatchOf(letters: string): string {
  const ways: string[] = [];
  const s = segment(letters);
  if (s && s.length > 1) {
    const pairs: string[] = [];
    for (let i = 0; i + 1 < s.length; i++) pairs.push(i + 2 === s.length ? `${q(s[i]! + s[i + 1]!)}*` : q(s[i]! + s[i + 1]!));
    ways.push(pairs.join(' AND '));
  }
  // Initials too, unless the letters are clearly spelt-out syllables (5+ letters of pinyin).
  if (!s || letters.length <= INITIALS_TOKEN) {
    const quads: string[] = [];
    if (letters.length <= INITIALS_TOKEN) quads.push(`${q(letters)}*`);
    else for (let i = 0; i + INITIALS_TOKEN <= letters.length; i++) quads.push(q(letters.slice(i, i + INITIALS_TOKEN)));
    ways.push(quads.join(' AND '));
  }
  if (s && s.length === 1 && letters.length > INITIALS_TOKEN) ways.push(`${q(s[0]!)}*`);
  return ways.length === 1 ? ways[0]! : ways.map((w) => `(${w})`).join(' OR ');
}

/**
 * A query term that mixes pinyin letters and Chinese characters (bu贴, 补tie) written all in
 * pinyin (butie), or null when the term is not such a mix. Digits with characters (2027年)
 * are not a mix: they are searched as written.
 */
export function mixedTermAsPinyin(term: string): string | null {
  if (!HAN.test(term) || !LATIN.test(term)) return null;
  return term.replace(HAN_RUN, (run) => syllables(run).join(''));
}
