// Readings pinyin-pro gets wrong, and the local names a hall or a content item adds.
//
// A lexicon maps a word (Chinese characters) to its pinyin with tone digits, one syllable per
// character: { "曾家庄": "zeng1 jia1 zhuang1" }. Three layers, later ones win:
//   1. BUILT_IN below: polyphones pinyin-pro misses in context (还钱, 和面, 姓曾, 朝阳升起);
//   2. the hall's config, speech.pronunciations (its villages, the officials' names);
//   3. a policy or job's own `pronunciations` field (src/protocol/content.ts), applied when
//      the renderer says which item the text comes from.

export type Lexicon = Readonly<Record<string, string>>;

export const BUILT_IN: Lexicon = {
  // 还 (give back) is huán before what is given back.
  还钱: 'huan2 qian2',
  还款: 'huan2 kuan3',
  还贷: 'huan2 dai4',
  还债: 'huan2 zhai4',
  还书: 'huan2 shu1',
  还给: 'huan2 gei3',
  还清: 'huan2 qing1',
  还上: 'huan2 shang4',
  归还: 'gui1 huan2',
  退还: 'tui4 huan2',
  // 和 in kneading dough.
  和面: 'huo2 mian4',
  // 曾 as a surname is zēng.
  姓曾: 'xing4 zeng1',
  曾先生: 'zeng1 xian1 sheng1',
  曾女士: 'zeng1 nv3 shi4',
  曾师傅: 'zeng1 shi1 fu4',
  曾主任: 'zeng1 zhu3 ren4',
  曾书记: 'zeng1 shu1 ji4',
  曾大爷: 'zeng1 da4 ye2',
  曾奶奶: 'zeng1 nai3 nai5',
  // 朝阳 is cháoyáng as a place (朝阳区, 朝阳村), zhāoyáng as the morning sun.
  朝阳升起: 'zhao1 yang2 sheng1 qi3',
  朝阳初升: 'zhao1 yang2 chu1 sheng1',
  早上的朝阳: 'zao3 shang4 de5 zhao1 yang2',
  // Common in hall texts.
  银行卡: 'yin2 hang2 ka3',
  长大后: 'zhang3 da4 hou4',
};

export { Pronunciations } from '../protocol/pronunciations.js';

export function mergeLexicons(...layers: Array<Lexicon | null | undefined>): Lexicon {
  const out: Record<string, string> = {};
  for (const l of layers) if (l) for (const [k, v] of Object.entries(l)) out[k] = v.trim().toLowerCase().replace(/ü/g, 'v');
  return out;
}
