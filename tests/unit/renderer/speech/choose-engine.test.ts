// Which voice reads a language (Windows browser voice, the runtime's espeak-ng, or none),
// and how screen text is cut into sentences.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseEngine } from '#renderer/src/features/speech/choose-engine.js';
import { sentences } from '#renderer/src/features/speech/parts.js';

const v = (name: string, lang: string, localService = true) => ({ name, lang, localService });
const WINDOWS = [v('Microsoft David - English (United States)', 'en-US'), v('Microsoft Huihui - Chinese (Simplified, PRC)', 'zh-CN'), v('Microsoft Kangkang - Chinese (Simplified, PRC)', 'zh-CN')];
const LINUX = [v('Chinese (Mandarin) espeak', 'zh'), v('English espeak', 'en')];

test('Windows with the Chinese speech pack: the browser voice, Huihui first', () => {
  const zh = chooseEngine('zh-CN', ['zh-CN', 'en'], WINDOWS);
  assert.equal(zh.kind === 'browser' && zh.voice.name, WINDOWS[1]!.name);
  const en = chooseEngine('en', [], WINDOWS);
  assert.equal(en.kind === 'browser' && en.voice.name, WINDOWS[0]!.name);
});

test("Linux: speechSynthesis' espeak voices are never used; the runtime reads", () => {
  assert.deepEqual(chooseEngine('zh-CN', ['zh-CN', 'en'], LINUX), { kind: 'runtime' });
  assert.deepEqual(chooseEngine('en', ['zh-CN', 'en'], LINUX), { kind: 'runtime' });
});

test('Windows without the speech pack but with espeak-ng: the runtime; with neither: none', () => {
  const noPack = [WINDOWS[0]!];
  assert.deepEqual(chooseEngine('zh-CN', ['zh-CN', 'en'], noPack), { kind: 'runtime' });
  assert.deepEqual(chooseEngine('zh-CN', [], noPack), { kind: 'none' });
  assert.deepEqual(chooseEngine('zh-CN', [], []), { kind: 'none' });
});

test('sentences: cut at 。！？；, long ones at commas, never empty', () => {
  assert.deepEqual(sentences('您好！请点一个按钮'), ['您好！', '请点一个按钮']);
  assert.deepEqual(sentences('带齐材料。干部核对材料，填写申请表。'), ['带齐材料。', '干部核对材料，填写申请表。']);
  const long = '户口在夏县、年满 60 岁的老人，受伤后 90 天内申请，行动不便的可以预约干部上门办理，材料齐全的当场受理，不齐全的一次告知要补什么';
  const parts = sentences(long);
  assert.ok(parts.length > 1);
  assert.ok(parts.every((p) => p.length <= 60));
  assert.equal(parts.join('').replace(/\s/g, ''), long.replace(/\s/g, ''), 'nothing lost');
  assert.deepEqual(sentences('Bring the papers. The official checks them.'), ['Bring the papers.', 'The official checks them.']);
  assert.deepEqual(sentences('……'), []);
});
