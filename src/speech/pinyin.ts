// Spoken Chinese text (after normalize-zh) -> what espeak-ng's cmn-latn-pinyin voice is
// given: tone-numbered syllables ("yin2 hang2"), commas and full stops for pauses, and Latin
// letters spelled the way Mandarin speakers say them (K -> kei4). pinyin-pro chooses the
// reading of each character in context and applies the 一/不 tone changes; espeak-ng
// applies third-tone sandhi itself. Words in the lexicon are read as the lexicon says.
import { pinyin } from 'pinyin-pro';
import type { Lexicon } from './lexicon.js';
import { isToneSyllable, PAUSES } from './syllables.js';

const HANZI = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Letter names as Mandarin speakers say them, in pinyin espeak-ng reads. */
const LETTERS: Record<string, string> = {
  A: 'ei1', B: 'bi4', C: 'xi1', D: 'di4', E: 'yi4', F: 'ai2 fu5', G: 'ji4', H: 'ai1 qi1', I: 'ai4', J: 'jie4', K: 'kei4', L: 'ai2 le5', M: 'ai2 mu5',
  N: 'en1', O: 'ou1', P: 'pi4', Q: 'qiu1', R: 'a4', S: 'ai2 si5', T: 'ti4', U: 'you1', V: 'wei1', W: 'da2 bu5 liu5', X: 'ai2 ke4 si5', Y: 'wai4', Z: 'zei4',
};
const DIGITS = ['ling2', 'yi1', 'er4', 'san1', 'si4', 'wu3', 'liu4', 'qi1', 'ba1', 'jiu3'];

const PAUSE_OF: Record<string, string> = {
  '，': ',', ',': ',', '、': ',', '；': ',', ';': ',', '：': ',', ':': ',', '（': ',', '(': ',', '）': ',', ')': ',', '“': ',', '”': ',', '"': ',',
  '《': ',', '》': ',', '【': ',', '】': ',', '—': ',', '-': ',', '/': ',',
  '。': '.', '.': '.', '！': '!', '!': '!', '？': '?', '?': '?', '…': '.',
};

/** pinyin-pro's syllable -> espeak-ng's form: ü as v, the neutral tone 0 as 5. */
function clean(s: string): string | null {
  const t = s.toLowerCase().replace(/ü/g, 'v').replace(/0$/, '5');
  return isToneSyllable(t) ? t : null;
}

/** Splits a run of characters at lexicon words (longest first), converting each piece. */
function hanziRun(run: string, lexicon: Lexicon, words: string[]): string[] {
  const out: string[] = [];
  let plain = '';
  const flush = () => {
    if (!plain) return;
    for (const s of pinyin(plain, { toneType: 'num', type: 'array' })) {
      const c = clean(s);
      if (c) out.push(c);
    }
    plain = '';
  };
  for (let i = 0; i < run.length; ) {
    const w = words.find((word) => run.startsWith(word, i));
    if (w) {
      flush();
      out.push(...lexicon[w]!.split(/\s+/));
      i += w.length;
    } else {
      plain += run[i];
      i++;
    }
  }
  flush();
  return out;
}

/**
 * Returns space-separated tokens, each a tone syllable (isToneSyllable) or a pause mark.
 * A digit never appears outside a syllable: stray digits are read as Chinese digits.
 */
export function toPinyin(text: string, lexicon: Lexicon = {}): string {
  const words = Object.keys(lexicon).sort((a, b) => b.length - a.length);
  const tokens: string[] = [];
  const pause = (p: string) => {
    if (tokens.length === 0) return;
    const last = tokens[tokens.length - 1]!;
    if (PAUSES.has(last)) {
      if (p !== ',' && last === ',') tokens[tokens.length - 1] = p;
    } else tokens.push(p);
  };
  const chars = [...text];
  for (let i = 0; i < chars.length; ) {
    const c = chars[i]!;
    if (HANZI.test(c)) {
      let j = i;
      while (j < chars.length && HANZI.test(chars[j]!)) j++;
      tokens.push(...hanziRun(chars.slice(i, j).join(''), lexicon, words));
      i = j;
      continue;
    }
    if (/[A-Za-z]/.test(c)) tokens.push(...LETTERS[c.toUpperCase()]!.split(' '));
    else if (/\d/.test(c)) tokens.push(DIGITS[Number(c)]!);
    else if (PAUSE_OF[c]) pause(PAUSE_OF[c]);
    i++;
  }
  while (tokens.length && tokens[0] && PAUSES.has(tokens[0])) tokens.shift();
  return tokens.join(' ').replace(/ ([,.?!])/g, '$1');
}
