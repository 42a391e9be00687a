// Chinese text -> the tone-numbered pinyin espeak-ng's cmn-latn-pinyin voice is handed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BUILT_IN, mergeLexicons, Pronunciations } from '#src/speech/lexicon.js';
import { normalizeZh } from '#src/speech/normalize-zh.js';
import { toPinyin } from '#src/speech/pinyin.js';
import { isToneSyllable, PAUSES } from '#src/speech/syllables.js';

const spoken = (text: string, lexicon = BUILT_IN) => toPinyin(normalizeZh(text), lexicon);
const syllables = (py: string) => py.split(/\s+/).map((t) => t.replace(/[,.?!]$/, '')).filter((t) => t && !PAUSES.has(t));

/** Each syllable of `word` as read inside `sentence`. */
function readingOf(sentence: string, word: string): string {
  const all = syllables(spoken(sentence));
  const before = [...sentence.slice(0, sentence.indexOf(word))].filter((c) => /[\u3400-\u9fff]/.test(c)).length;
  return all.slice(before, before + [...word].length).join(' ');
}

test('polyphones come out right in context', () => {
  const cases: Array<[string, string, string]> = [
    ['我去银行取钱', '银行', 'yin2 hang2'],
    ['他在重庆打工', '重庆', 'chong2 qing4'],
    ['孩子长大了', '长大', 'zhang3 da4'],
    ['下个月还钱', '还钱', 'huan2 qian2'],
    ['我还有一个问题', '还有', 'hai2 you3'],
    ['晚上听音乐', '音乐', 'yin1 yue4'],
    ['这里的菜很便宜', '便宜', 'pian2 yi5'],
    ['办事很方便', '方便', 'fang1 bian4'],
    ['朝阳村的村民', '朝阳', 'chao2 yang2'],
    ['早上朝阳升起', '朝阳', 'zhao1 yang2'],
    ['这件事很重要', '重要', 'zhong4 yao4'],
    ['绳子的长度', '长度', 'chang2 du4'],
    ['过年要和面包饺子', '和面', 'huo2 mian4'],
    ['找曾主任', '曾主任', 'zeng1 zhu3 ren4'],
  ];
  const wrong = cases.filter(([s, w, want]) => readingOf(s, w) !== want).map(([s, w, want]) => `${s}: ${w} read "${readingOf(s, w)}", want "${want}"`);
  assert.deepEqual(wrong, []);
});

test('一 and 不 change tone before another syllable (pinyin-pro), third tones are left to espeak-ng', () => {
  assert.equal(readingOf('一个人', '一个'), 'yi2 ge4');
  assert.equal(readingOf('不对', '不对'), 'bu2 dui4');
  assert.equal(readingOf('你好', '你好'), 'ni3 hao3');
});

test('phone digits are read one by one, 1 as yao1', () => {
  assert.equal(spoken('电话 153 6817 0540'), 'dian4 hua4 yao1 wu3 san1, liu4 ba1 yao1 qi1, ling2 wu3 si4 ling2');
});

test('letters of a code are spelled the way Mandarin speakers say them', () => {
  assert.equal(spoken('K7'), 'kei4 qi1');
  assert.equal(spoken('二维码 QR'), 'er4 wei2 ma3 qiu1 a4');
});

test('a content item or hall names its own readings (custom pinyin wins over pinyin-pro)', () => {
  // pinyin-pro alone reads 曾 in this name as céng.
  assert.match(spoken('曾家庄村'), /^ceng2/);
  const lex = mergeLexicons(BUILT_IN, { 曾家庄: 'zeng1 jia1 zhuang1' });
  assert.equal(spoken('去曾家庄村', lex), 'qu4 zeng1 jia1 zhuang1 cun1');
  assert.equal(Pronunciations.safeParse({ 曾家庄: 'zeng1 jia1 zhuang1' }).success, true);
  const bad = Pronunciations.safeParse({ 曾家庄: 'zeng jia zhuang' });
  assert.equal(bad.success, false);
  assert.match(bad.error.issues[0]!.message, /tone digits, one syllable per character/);
  assert.equal(Pronunciations.safeParse({ 曾家庄: 'zeng1 jia1' }).success, false);
});

const repoRoot = path.resolve(import.meta.dirname, '../../..');
function contentTexts(): string[] {
  const texts: string[] = [];
  const walk = (v: unknown) => {
    if (v && typeof v === 'object') {
      if ('zh-CN' in v && typeof (v as Record<string, unknown>)['zh-CN'] === 'string') texts.push((v as Record<string, string>)["zh-CN"]!);
      else for (const x of Object.values(v)) walk(x);
    }
  };
  for (const f of ['policies.json', 'jobs.json']) walk(JSON.parse(readFileSync(path.join(repoRoot, 'resources/content', f), 'utf8')));
  return texts;
}

test('the pinyin handed to espeak-ng never has a digit that is not a tone mark (all sample content)', () => {
  const texts = contentTexts();
  assert.ok(texts.length > 500, `only ${texts.length} texts`);
  const bad: string[] = [];
  for (const t of texts) {
    const py = spoken(t);
    for (const tok of py.split(/\s+/)) {
      const core = tok.replace(/[,.?!]$/, '');
      if (!isToneSyllable(core)) bad.push(`${t} -> "${tok}"`);
    }
  }
  assert.deepEqual(bad.slice(0, 10), []);
});

const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;

test('espeak-ng reads exactly one syllable per pinyin syllable: no digit is read as a number', { skip: !hasEspeak && 'espeak-ng is not installed (.ci/run installs it)' }, () => {
  for (const text of ['电话 153 6817 0540', '一次性补贴 500 元到 2,000 元', '截止 2027年10月31日', '工作日 8:30-12:00', '编号 K7M3-F2QX', '报销 60% 到 70%']) {
    const py = spoken(text);
    const phonemes = execFileSync('espeak-ng', ['-q', '-v', 'cmn-latn-pinyin', '-x', '--stdin'], { input: py }).toString();
    const read = (phonemes.match(/_\|/g) ?? []).length;
    assert.equal(read, syllables(py).length, `${text}: handed ${syllables(py).length} syllables (${py}), espeak-ng read ${read}: ${phonemes}`);
  }
});
