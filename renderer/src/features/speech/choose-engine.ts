// Which voice reads a language on this kiosk, in the order issue 10 asks for:
//   1. Chromium's speechSynthesis with a good local voice (Windows: the zh-CN voices Huihui,
//      Yaoyao or Kangkang of the Chinese speech pack; for English a Microsoft voice);
//   2. the runtime's espeak-ng (always the choice on Linux, where speechSynthesis has no
//      usable Chinese voice: it would be espeak-ng's broken "zh");
//   3. none: the button says in words that read-aloud is not set up.
import type { Lang } from '#contract/core.js';

export interface VoiceLike {
  name: string;
  lang: string;
  localService: boolean;
}

export type ReadEngine<V extends VoiceLike = VoiceLike> = { kind: 'browser'; voice: V } | { kind: 'runtime' } | { kind: 'none' };

const ZH_VOICES = /huihui|yaoyao|kangkang/i;

export function pickBrowserVoice<V extends VoiceLike>(voices: readonly V[], lang: Lang): V | null {
  const norm = (l: string) => l.replace('_', '-').toLowerCase();
  if (lang === 'zh-CN') return voices.find((v) => norm(v.lang) === 'zh-cn' && ZH_VOICES.test(v.name)) ?? null;
  return voices.find((v) => norm(v.lang).startsWith('en') && /microsoft/i.test(v.name) && v.localService) ?? null;
}

export function chooseEngine<V extends VoiceLike>(lang: Lang, runtimeLangs: readonly Lang[], voices: readonly V[]): ReadEngine<V> {
  const voice = pickBrowserVoice(voices, lang);
  if (voice) return { kind: 'browser', voice };
  if (runtimeLangs.includes(lang)) return { kind: 'runtime' };
  return { kind: 'none' };
}
