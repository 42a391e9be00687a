// Turning content and queries into what the two search indexes hold (see 002_content.ts).
// Queries are never interpolated into FTS syntax: they are cut into letter/digit terms and
// each term is written as a quoted FTS5 string, so `"`, `*`, NEAR, `-`, parentheses,
// emoji and 10 KB strings are just text. Terms of 3+ letters may be English or pinyin,
// and a term mixing pinyin and characters (bu贴) is pinyin or as written (CT检查): each of
// those is one "either" term, matched as written (trigram) OR as a pinyin prefix (grams).
import { mixedTermAsPinyin, pinyinMatchOf } from './pinyin.js';

/** Longest query text that is looked at (characters); the rest is ignored. */
export const MAX_QUERY_CHARS = 100;
/** At most this many terms (all must match). */
export const MAX_QUERY_TERMS = 8;

const HAN = /\p{Script=Han}/u;
const TERM = /[\p{L}\p{N}]+/gu;

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Splits a term into runs of Chinese characters and runs of everything else (letters/digits). */
function runs(term: string): Array<{ han: boolean; text: string }> {
  const out: Array<{ han: boolean; text: string }> = [];
  for (const ch of term) {
    const han = HAN.test(ch);
    const last = out[out.length - 1];
    if (last && last.han === han) last.text += ch;
    else out.push({ han, text: ch });
  }
  return out;
}

/**
 * The `grams` column: Chinese runs as overlapping bigrams plus the run's last character,
 * Latin/digit runs as whole words. "申请补贴 for seniors" -> "申请 请补 补贴 贴 for seniors".
 */
export function gramsOf(text: string): string {
  const tokens = new Set<string>();
  for (const m of normalise(text).matchAll(TERM)) {
    for (const r of runs(m[0])) {
      if (!r.han) {
        tokens.add(r.text);
        continue;
      }
      const chars = [...r.text];
      for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i]! + chars[i + 1]!);
      tokens.add(chars[chars.length - 1]!);
    }
  }
  return [...tokens].join(' ');
}

/** The `search_text` column: both languages, normalised, one line. */
export function searchTextOf(parts: Array<string | null | undefined>): string {
  return normalise(parts.filter((p): p is string => Boolean(p)).join(' \u2027 ')).replace(/\s+/g, ' ');
}

export interface ParsedQuery {
  /** FTS5 MATCH expression for the trigram index (terms of 3+ characters), or null. */
  trigram: string | null;
  /** FTS5 MATCH expression for the grams index (terms of 1-2 characters), or null. */
  grams: string | null;
  /** Terms matched as written (trigram) or as pinyin (grams prefix); each one must match. */
  either: Array<{ trigram: string; grams: string }>;
  /** The terms, for logging and tests. */
  terms: string[];
  /** True when the person typed something but nothing searchable was left (only symbols). */
  nothingSearchable: boolean;
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Never throws, whatever the input. */
export function parseQuery(raw: unknown): ParsedQuery {
  const text = typeof raw === 'string' ? raw : '';
  const cut = [...text.slice(0, MAX_QUERY_CHARS * 2)].slice(0, MAX_QUERY_CHARS).join('');
  const norm = normalise(cut);
  const terms = [...new Set([...norm.matchAll(TERM)].map((m) => m[0]))].slice(0, MAX_QUERY_TERMS);
  const long: string[] = [];
  const short: string[] = [];
  const either: ParsedQuery['either'] = [];
  for (const term of terms) {
    const py = mixedTermAsPinyin(term) ?? (/^[a-z]{3,}$/.test(term) ? term : null);
    if (py !== null) {
      either.push({ trigram: quote(term), grams: pinyinMatchOf(py.replace(/[^a-z]/g, '')) });
      continue;
    }
    if ([...term].length >= 3) {
      long.push(quote(term));
      continue;
    }
    // 1-2 characters: match a bigram token exactly, or any token starting with a single
    // Chinese character / a short Latin word as a word prefix.
    const parts = runs(term).map((r) => ([...r.text].length === 2 && r.han ? quote(r.text) : `${quote(r.text)}*`));
    short.push(parts.join(' AND '));
  }
  return {
    trigram: long.length ? long.join(' AND ') : null,
    grams: short.length ? short.join(' AND ') : null,
    either,
    terms,
    nothingSearchable: terms.length === 0 && text.trim().length > 0,
  };
}
