// Numbers read the way a person reads them aloud (issue 10 §1), in both languages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeEn } from '#src/speech/normalize-en.js';
import { mayBePersonal, normalizeZh } from '#src/speech/normalize-zh.js';
import { decimalToHanzi, digitsToHanzi, integerToHanzi } from '#src/speech/numbers-zh.js';

test('whole numbers in words, with 十 for 10-19 and 两 before 千/万', () => {
  const cases: Array<[number, string]> = [
    [0, '零'], [7, '七'], [10, '十'], [15, '十五'], [20, '二十'], [89, '八十九'], [100, '一百'], [110, '一百一十'], [200, '二百'], [560, '五百六十'],
    [1005, '一千零五'], [1050, '一千零五十'], [1200, '一千二百'], [1500, '一千五百'], [2000, '两千'], [2500, '两千五百'], [10000, '一万'],
    [10005, '一万零五'], [20000, '两万'], [150000, '十五万'], [1000000, '一百万'], [100000000, '一亿'], [120003400, '一亿二千万三千四百'],
  ];
  for (const [n, want] of cases) assert.equal(integerToHanzi(n), want, String(n));
  assert.equal(decimalToHanzi('2.5'), '二点五');
  assert.equal(decimalToHanzi('0.05'), '零点零五');
  assert.equal(digitsToHanzi('13810'), '幺三八幺零');
  assert.equal(digitsToHanzi('2027', { yao: false }), '二零二七');
});

test('phone numbers are read digit by digit, 1 as 幺, with a pause between groups', () => {
  assert.equal(normalizeZh('电话 15368170540'), '电话 幺五三，六八幺七，零五四零');
  assert.equal(normalizeZh('电话 153 6817 0540。'), '电话 幺五三，六八幺七，零五四零。');
  assert.equal(normalizeZh('0359-5551234'), '零三五九，五五五幺二三四');
  assert.equal(normalizeZh('03595551234'), '零三五九，五五五幺，二三四');
  assert.equal(normalizeZh('0355 7488 352'), '零三五五，七四八八，三五二');
  assert.equal(normalizeZh('010 6512 3456'), '零幺零，六五幺二，三四五六');
  assert.equal(normalizeZh('400-810-8888'), '四零零，八幺零，八八八八');
  // Not an amount: 五十三亿... would be wrong.
  assert.doesNotMatch(normalizeZh('13803512468'), /[亿万千百十]/);
});

test('a masked phone is read by its last digits', () => {
  assert.equal(normalizeZh('工作人员会打您留的电话：138****5678'), '工作人员会打您留的电话：尾号五六七八');
  assert.equal(normalizeEn('We will call 138****5678'), 'We will call a number ending in 5 6 7 8');
});

test('codes are spelled: letters stay letters for the pinyin step, digits one by one', () => {
  assert.equal(normalizeZh('编号 K7M3-F2QX'), '编号 K 七 M 三，F 二 Q X');
  assert.equal(normalizeZh('身份证 142701195003151234'), '身份证 幺四二七零幺幺九五零零三幺五幺二三四');
});

test('amounts in full: 1,500 元 -> 一千五百元, ¥ and per-unit prices', () => {
  assert.equal(normalizeZh('每学期 1,500 元'), '每学期 一千五百 元');
  assert.equal(normalizeZh('一次性补贴 500 元到 2,000 元'), '一次性补贴 五百 元到 两千 元');
  assert.equal(normalizeZh('¥3.5'), '三点五元');
  assert.equal(normalizeZh('150 元/天'), '一百五十 元每天');
  assert.equal(normalizeZh('补助 20000 元'), '补助 两万 元');
});

test('dates, month names, times and opening hours', () => {
  assert.equal(normalizeZh('2027年10月31日前'), '二零二七年十月三十一日前');
  assert.equal(normalizeZh('截止 2027-10-31'), '截止 二零二七年十月三十一日');
  assert.equal(normalizeZh('每年 2 月'), '每年 二月');
  assert.equal(normalizeZh('工作日 8:30-12:00，14:30-17:30。'), '工作日 八点半到十二点，十四点半到十七点半。');
  assert.equal(normalizeZh('2:05'), '两点零五分');
});

test('ranges and percentages are read naturally', () => {
  assert.equal(normalizeZh('80 到 89 岁'), '八十 到 八十九 岁');
  assert.equal(normalizeZh('80-89 岁'), '八十到八十九 岁');
  assert.equal(normalizeZh('报销 60% 到 70%'), '报销 百分之六十到百分之七十');
  assert.equal(normalizeZh('报销 85%'), '报销 百分之八十五');
  assert.equal(normalizeZh('3~5 天'), '三到五 天');
});

test('2 before a measure word is 两, ordinals stay 二', () => {
  assert.equal(normalizeZh('照片 2 张'), '照片 两 张');
  assert.equal(normalizeZh('第 2 步'), '第 二 步');
  assert.equal(normalizeZh('满 3 个月'), '满 三 个月');
});

test('English: phone numbers and codes one by one, months in full, ranges with "to"', () => {
  assert.equal(normalizeEn('Call 153 6817 0540.'), 'Call 1 5 3, 6 8 1 7, 0 5 4 0.');
  assert.equal(normalizeEn('or 0355 7488 352'), 'or 0 3 5 5, 7 4 8 8, 3 5 2');
  assert.equal(normalizeEn('Code K7M3-F2QX'), 'Code K 7 M 3, F 2 Q X');
  assert.equal(normalizeEn('Code ACDE-FGHJ, bring your ID'), 'Code A C D E, F G H J, bring your I D');
  assert.equal(normalizeEn('Until 31 Oct 2027'), 'Until 31 October 2027');
  assert.equal(normalizeEn('Working days 8:30-12:00'), 'Working days 8:30 to 12:00');
  assert.equal(normalizeEn('aged 80-89'), 'aged 80 to 89');
  assert.equal(normalizeEn('5km away'), '5 kilometres away');
});

test('what may be about one person (kept out of the audio cache), and what is not', () => {
  for (const t of ['电话 153 6817 0540', '15368170540', '回执编号 K7M3-F2QX', '138****5678', '身份证 142701195003151234', '0355 7488 352']) assert.equal(mayBePersonal(t), true, t);
  for (const t of ['截止 2027年10月31日', '截止 2027-10-31', '每户一次性补助 5,000 元到 20000 元', '您好！请点一个按钮', '80-89 岁', 'Until 31 Oct 2027']) assert.equal(mayBePersonal(t), false, t);
});
