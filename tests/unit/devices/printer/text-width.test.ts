import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printable, textWidth, wrapText } from '#src/devices/printer/text-width.js';

test('Chinese characters take two columns, Latin one', () => {
  assert.equal(textWidth('abc'), 3);
  assert.equal(textWidth('村便民服务'), 10);
  assert.equal(textWidth('Ａ１'), 4); // full-width forms
  assert.equal(textWidth('电话：138'), 9);
});

test('a long Chinese sentence wraps at 16 characters on 58 mm (32 columns)', () => {
  const s = '请带上身份证户口本和残疾证明原件及复印件到村委会办理申请手续谢谢';
  const lines = wrapText(s, 32);
  assert.equal(lines.join(''), s);
  for (const l of lines.slice(0, -1)) assert.equal(textWidth(l), 32, l);
  assert.equal(lines[0], '请带上身份证户口本和残疾证明原件');
});

test('mixed Chinese and Latin: widths never exceed the line, nothing is lost', () => {
  const s = '请拨打 13812345678 联系王主任，或者发送短信 to the office at 0351-1234567 anytime';
  for (const cols of [32, 48, 16, 7]) {
    const lines = wrapText(s, cols);
    for (const l of lines) assert.ok(textWidth(l) <= cols, `${JSON.stringify(l)} is ${textWidth(l)} > ${cols}`);
    assert.equal(lines.join('').replace(/ /g, ''), s.replace(/ /g, ''));
  }
  // The phone number is a word: it is not split at 32 columns.
  assert.ok(wrapText(s, 32).some((l) => l.includes('13812345678')));
});

test('a Chinese character that would overflow by one column moves to the next line', () => {
  // 31 Latin columns + a 2-column character does not fit in 32.
  const lines = wrapText('a'.repeat(31) + '中', 32);
  assert.deepEqual(lines, ['a'.repeat(31), '中']);
});

test('closing punctuation never starts a line; opening never ends one', () => {
  const lines = wrapText('一二三四五六七八九十一二三四五六，七八', 32);
  assert.ok(!lines[1]!.startsWith('，'), JSON.stringify(lines));
  assert.ok(lines.every((l) => textWidth(l) <= 32));
  const open = wrapText('一二三四五六七八九十一二三四五（注）', 32);
  assert.ok(!open[0]!.endsWith('（'), JSON.stringify(open));
});

test('Latin words wrap at spaces; a word longer than the line is split', () => {
  assert.deepEqual(wrapText('Keep this receipt and bring it', 12), ['Keep this', 'receipt and', 'bring it']);
  assert.deepEqual(wrapText('x'.repeat(25), 10), ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
});

test('explicit newlines are kept, control characters and emoji are made printable', () => {
  assert.deepEqual(wrapText('第一行\n第二行', 32), ['第一行', '第二行']);
  assert.equal(printable('a\u0007b😀'), 'a b?');
});
