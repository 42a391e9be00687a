// Pinyin for search: villagers who can't type Chinese spell what they want on the on-screen
// keyboard, in full pinyin (butie), initials (bt) or a mix of pinyin and characters (bu贴),
// always without tones. pinyin-pro turns the content's titles and summaries into pinyin when
// content is applied; the result goes into the two existing search indexes (002_content.ts):
//   search_text (trigram)  each Chinese run as one word of full pinyin and one of initials:
//                          补贴申请 -> "butieshenqing btsq", so any 3+ letter piece matches
//   grams (word prefix)    each syllable and each pair of initials: "bu tie shen qing bt ts sq",
//                          so 1-2 letter queries (b, bu, bt) match without a scan.
// ü is written v (nv, lv), as on every Chinese keyboard. Polyphones take pinyin-pro's reading
// in context; a query's characters are converted the same way, so both sides agree.
import { pinyin } from 'pinyin-pro';

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

export interface PinyinIndexText {
  /** Goes into search_text (trigram index). */
  text: string;
  /** Goes into grams (word-prefix index). */
  grams: string;
}

/** The pinyin index entries for some content texts (titles and summaries). */
export function pinyinIndexOf(texts: Array<string | null | undefined>): PinyinIndexText {
  const words = new Set<string>();
  const grams = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const m of t.normalize('NFKC').toLowerCase().matchAll(HAN_RUN)) {
      const s = syllables(m[0]).filter(Boolean);
      if (!s.length) continue;
      const initials = s.map((x) => x[0]!);
      words.add(s.join(''));
      if (s.length > 1) words.add(initials.join(''));
      for (const x of s) grams.add(x);
      for (let i = 0; i + 1 < initials.length; i++) grams.add(initials[i]! + initials[i + 1]!);
    }
  }
  return { text: [...words].join(' '), grams: [...grams].join(' ') };
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
