// Pinyin for search: villagers who can't type Chinese spell what they want on the on-screen
// keyboard, in full pinyin (butie), initials (bt) or a mix of pinyin and characters (bu贴),
// always without tones. pinyin-pro turns the content's titles and summaries into pinyin when
// content is applied. The result goes into the grams index (002_content.ts, word-prefix
// matching), as tokens that start at every character of a Chinese run:
//   full pinyin  补贴申请 -> butieshenqing tieshenqing shenqing qing   (up to 24 letters)
//   initials               btsq tsq sq q                              (up to 12 letters)
// so a query is a prefix of one token: butie*, tieshen*, bt*, hlbt*. Prefix lookups walk the
// sorted term list, so they stay fast however common the syllables are (a trigram index
// over pinyin is slow: xia, ian, ang ... are in every other posting).
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

/** Longest full-pinyin token (letters); longer queries match from their first 24 letters. */
export const MAX_FULL_TOKEN = 24;
/** Longest initials token (letters). */
export const MAX_INITIALS_TOKEN = 12;

/** The grams tokens for some content texts (titles and summaries), space separated. */
export function pinyinTokensOf(texts: Array<string | null | undefined>): string {
  const tokens = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const m of t.normalize('NFKC').toLowerCase().matchAll(HAN_RUN)) {
      const s = syllables(m[0]).filter(Boolean);
      for (let i = 0; i < s.length; i++) {
        let full = '';
        for (let j = i; j < s.length && full.length + s[j]!.length <= MAX_FULL_TOKEN; j++) full += s[j];
        if (full) tokens.add(full);
        let initials = '';
        for (let j = i; j < s.length && initials.length < MAX_INITIALS_TOKEN; j++) initials += s[j]![0];
        tokens.add(initials);
      }
    }
  }
  return [...tokens].join(' ');
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
