// The candidate bar of the on-screen keyboard: words from the content's own titles that the
// letters typed so far could spell, not a general-purpose IME. Typing bt offers 补贴,
// 补贴和护理补贴 ...; typing sub offers subsidy. The store keeps the title words in
// content_words (006_pinyin_search.ts); this module picks the words and ranks them.
import { mixedTermAsPinyin, syllables } from './pinyin.js';
import { normalise } from './text.js';

export interface TitleWord {
  word: string;
  /** Toneless syllables, one per character; null for an English word. */
  syllables: string[] | null;
  /** How many titles use it. */
  uses: number;
}

/** The longest candidate offered, in characters. */
export const MAX_CANDIDATE_CHARS = 10;
export const MAX_CANDIDATES = 8;

const HAN_RUN = /\p{Script=Han}+/gu;
const EN_WORD = /[a-z]{3,}/g;

/** The words a title contributes: its Chinese runs, and its English words of 3+ letters. */
export function titleWords(title: { 'zh-CN': string; en: string }): Array<{ word: string; pinyin: string | null }> {
  const out = new Map<string, string | null>();
  for (const m of normalise(title['zh-CN']).matchAll(HAN_RUN)) out.set(m[0], syllables(m[0]).join(' '));
  for (const m of normalise(title.en).matchAll(EN_WORD)) out.set(m[0], null);
  return [...out].map(([word, pinyin]) => ({ word, pinyin }));
}

/** The last term of a query: what the person is spelling now. */
export function lastTerm(query: string): string {
  const terms = normalise(query).match(/[\p{L}\p{N}]+/gu);
  return terms ? terms[terms.length - 1]! : '';
}

/**
 * How many syllables, from syllable `from`, the letters spell: each syllable given in full, by
 * its first letter, or (the last one) by its beginning. 0 when they don't.
 */
function spelled(s: string[], from: number, q: string): number {
  const walk = (j: number, i: number): number => {
    if (i === q.length) return j;
    if (j === s.length) return -1;
    const syl = s[j]!;
    if (syl && q.startsWith(syl, i)) {
      const r = walk(j + 1, i + syl.length);
      if (r >= 0) return r;
    }
    if (syl.startsWith(q.slice(i))) return j + 1;
    if (syl[0] === q[i]) return walk(j + 1, i + 1);
    return -1;
  };
  const end = walk(from, 0);
  return end < 0 ? 0 : end - from;
}

/** The candidate words for what is being typed, best first. */
export function candidates(query: string, words: readonly TitleWord[], limit = MAX_CANDIDATES): string[] {
  const term = lastTerm(query);
  if (!/[a-z]/.test(term)) return [];
  const q = mixedTermAsPinyin(term) ?? term;
  const pinyinOnly = /^[a-z]+$/.test(q);
  const score = new Map<string, number>();
  const add = (w: string, uses: number) => score.set(w, (score.get(w) ?? 0) + uses);
  for (const w of words) {
    if (!w.syllables) {
      if (w.word.startsWith(term)) add(w.word, w.uses);
      continue;
    }
    if (!pinyinOnly) continue;
    const chars = [...w.word];
    for (let p = 0; p < chars.length; p++) {
      const k = spelled(w.syllables, p, q);
      if (!k) continue;
      add(chars.slice(p, p + Math.max(k, 2)).join(''), w.uses);
      if (chars.length - p > Math.max(k, 2)) add(chars.slice(p, p + MAX_CANDIDATE_CHARS).join(''), w.uses);
    }
  }
  return [...score]
    .sort((a, b) => b[1] - a[1] || [...a[0]].length - [...b[0]].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([w]) => w);
}
