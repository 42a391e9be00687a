// Custom pinyin for local place and person names, in the shape both the township's content
// items (policy/job `pronunciations`) and the hall's config (speech.pronunciations) carry:
// a word of Chinese characters -> tone-numbered pinyin, one syllable per character,
// e.g. { "曾家庄": "zeng1 jia1 zhuang1" }. The kiosk's read-aloud uses it (docs/speech.md).
import { z } from 'zod';

const INITIALS = ['zh', 'ch', 'sh', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'r', 'z', 'c', 's', 'y', 'w'];
const FINALS = ['a', 'o', 'e', 'ai', 'ei', 'ao', 'ou', 'an', 'en', 'ang', 'eng', 'ong', 'er', 'i', 'ia', 'ie', 'iao', 'iu', 'ian', 'in', 'iang', 'ing', 'iong', 'u', 'ua', 'uo', 'uai', 'ui', 'uan', 'un', 'uang', 'ueng', 'v', 've', 'van', 'vn', 'ue', 'io', 'm', 'n', 'ng'];
const SYLLABLE = new RegExp(`^(?:${INITIALS.join('|')})?(?:${[...FINALS].sort((a, b) => b.length - a.length).join('|')})$`);

/** One pinyin syllable with its tone digit 1-5 (5 = neutral), ü written v: "hang2", "lv4". */
export function isToneSyllable(token: string): boolean {
  const m = /^([a-z]+)([1-5])$/.exec(token);
  return m !== null && SYLLABLE.test(m[1]!);
}

export const Pronunciations = z
  .record(z.string().regex(/^[\u3400-\u9fff]{1,20}$/, 'a word of 1-20 Chinese characters'), z.string().max(200))
  .superRefine((rec, ctx) => {
    if (Object.keys(rec).length > 500) ctx.addIssue({ code: 'custom', message: 'at most 500 words' });
    for (const [word, py] of Object.entries(rec)) {
      const syl = py.trim().toLowerCase().replace(/ü/g, 'v').split(/\s+/);
      if (syl.length !== [...word].length || !syl.every(isToneSyllable)) {
        ctx.addIssue({ code: 'custom', path: [word], message: `"${py}" must be pinyin with tone digits, one syllable per character of "${word}" (e.g. "zeng1 jia1 zhuang1")` });
      }
    }
  });
export type Pronunciations = z.infer<typeof Pronunciations>;
