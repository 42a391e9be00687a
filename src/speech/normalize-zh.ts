// Chinese text as it should be spoken: every number written out in characters, the way a
// person reads it aloud, before the text is turned into pinyin.
//   phone numbers and codes   13803512468 -> 幺三八，零三五幺，二四六八 (digit by digit, 1 = 幺)
//   amounts                   1,500 元 -> 一千五百元, ¥2,000 -> 两千元
//   dates                     2027年10月31日 / 2027-10-31 -> 二零二七年十月三十一日
//   ranges                    80 到 89 岁 / 80-89 岁 -> 八十到八十九岁
//   percentages               60% 到 70% -> 百分之六十到百分之七十
//   times                     8:30-12:00 -> 八点半到十二点
// Latin letters are left as letters (the pinyin step spells them); what remains of a
// number after these rules is read as a whole number, or digit by digit when it is long.
import { decimalToHanzi, digitsToHanzi, integerToHanzi } from './numbers-zh.js';

/** Measure words after which 2 is said 两 (两个, 两张, 两天), not 二. */
const MEASURE = '个张本份间亩块次天年人位名只条家户件岁层台头匹把周小斤吨箱袋包瓶种项回趟套双对公元角';
/** Units that make a long bare number an amount or count rather than a code. */
const QUANTITY = /^\s*(元|块|万|亿|人|亩|斤|公斤|千克|克|吨|米|公里|平方|个|户|次|名|位|头|只|件|台|箱|袋)/;

const TIME_RANGE = /(?<![\d:])(\d{1,2}):(\d{2})(?:\s*[-~～–—至到]\s*(\d{1,2}):(\d{2}))?(?![\d:])/g;

function time(h: string, m: string): string {
  const hh = integerToHanzi(Number(h)).replace(/^两/, '二');
  const mm = Number(m);
  const hour = Number(h) === 2 ? '两' : hh;
  if (mm === 0) return `${hour}点`;
  if (mm === 30) return `${hour}点半`;
  return `${hour}点${mm < 10 ? '零' : ''}${integerToHanzi(mm)}分`;
}

function day(y: string | undefined, m: string, d: string | undefined, dayWord = '日'): string {
  let out = '';
  if (y) out += `${digitsToHanzi(y, { yao: false })}年`;
  out += `${integerToHanzi(Number(m)).replace(/^两/, '二')}月`;
  if (d) out += `${integerToHanzi(Number(d)).replace(/^两/, '二')}${dayWord}`;
  return out;
}

/** A bare number: the amount, 两 before a measure word, digit by digit when it is a code. */
function number(raw: string, after: string, before: string): string {
  if (raw.includes(',')) return integerToHanzi(Number(raw.replace(/,/g, '')));
  if (raw.includes('.')) return decimalToHanzi(raw);
  if (/第\s*$/.test(before)) return integerToHanzi(Number(raw)).replace(/^两/, '二');
  const long = raw.length >= 5 || (raw.length > 1 && raw.startsWith('0'));
  if (long && !QUANTITY.test(after)) return digitsToHanzi(raw);
  if (raw === '2' && new RegExp(`^\\s*[${MEASURE}]`).test(after)) return '两';
  return integerToHanzi(Number(raw));
}

/** Mobile, landline with area code, 400/800 service numbers; digits may be grouped by spaces or dashes. */
export const PHONE = /(?<![\dA-Za-z])(?:1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}(?:[ -]?\d){7,8}|[48]00(?:[ -]?\d){7})(?![\dA-Za-z])/g;

/** The groups a phone number is read in: as written, else 3-4-4 (mobile) or area code + fours. */
export function phoneGroupsOf(text: string): string[] {
  const written = text.split(/[ -]+/).filter(Boolean);
  if (written.length > 1) return written;
  const d = written[0] ?? '';
  if (/^1\d{10}$/.test(d)) return [d.slice(0, 3), d.slice(3, 7), d.slice(7)];
  const head = /^[48]00/.test(d) ? 3 : /^0(10|2\d)/.test(d) ? 3 : 4;
  const groups = [d.slice(0, head)];
  for (let i = head; i < d.length; i += 4) groups.push(d.slice(i, i + 4));
  return groups;
}

/** A phone number: digit groups separated by a short pause. */
function phone(groups: string[]): string {
  return groups.map((g) => digitsToHanzi(g)).join('，');
}

/** Letters and digits of a code, one by one: "K7M3-F2QX" -> "K 七 M 三，F 二 Q X". */
function spellCode(code: string): string {
  return code
    .split(/[-_]/)
    .map((part) => [...part].map((c) => (/\d/.test(c) ? digitsToHanzi(c) : c.toUpperCase())).join(' '))
    .join('，');
}

/**
 * Whether a text may hold something about one person (a phone number, a code, a masked
 * number, any run of 4+ digits): such audio is not written to the disk cache.
 */
export function mayBePersonal(text: string): boolean {
  // Years, dates and amounts are not about anyone.
  const t = text.replace(/\d{4}\s*[年-](?=\s*\d{1,2}\D)|(?<![\d*])(?:19|20)\d{2}(?![\d*]|[ -]\d)|\d[\d,]*(?:\.\d+)?\s*(?:元|块|yuan)/g, ' ');
  return /\d{4}|\d[ -]\d{3}|\*{2,}/.test(t) || /(?<![A-Za-z0-9])(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{4,}/.test(t);
}

export function normalizeZh(input: string): string {
  // Full-width digits, letters and ％ become ASCII (and ： between digits); Chinese punctuation stays as it is.
  let s = input.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05\uFF0E]/g, (c) => c.normalize('NFKC')).replace(/(\d)：(?=\d)/g, '$1:');
  // Web addresses: say that it is one and name the site.
  s = s.replace(/https?:\/\/([^\s/]+)\S*/gi, (_m, host: string) => `网址 ${host.replace(/\./g, ' 点 ')} `);
  // A masked phone (138****5678, 0359****234) is read by what is left: 尾号五六七八.
  s = s.replace(/(?<![\dA-Za-z])\d{3,4}\*{3,}(\d{3,4})(?![\dA-Za-z])/g, (_m, tail: string) => `尾号${digitsToHanzi(tail)}`);
  // Phone numbers (mobile 3-4-4, landline area code + 7-8 digits, 400/800 service numbers),
  // grouped as written, or in the usual groups when written without spaces.
  s = s.replace(PHONE, (m) => phone(phoneGroupsOf(m)));
  // Units written in Latin letters.
  s = s
    .replace(/(\d)\s*km\b/gi, '$1公里')
    .replace(/(\d)\s*kg\b/gi, '$1公斤')
    .replace(/(\d)\s*(m²|㎡|m2\b|平米)/g, '$1平方米')
    .replace(/(\d)\s*°C/g, '$1摄氏度');
  // Codes: runs that mix letters and digits (receipt codes K7M3-F2QX, VKR:...).
  s = s.replace(/(?<![A-Za-z0-9])(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9])/g, (m) => spellCode(m));
  // Dates.
  s = s.replace(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*([日号])/g, (_m, y: string, mo: string, d: string, w: string) => day(y, mo, d, w));
  s = s.replace(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, (_m, y: string, mo: string, d: string) => day(y, mo, d));
  s = s.replace(/(\d{4})\s*年\s*(\d{1,2})\s*月/g, (_m, y: string, mo: string) => day(y, mo, undefined));
  s = s.replace(/(\d{4})\s*年/g, (_m, y: string) => `${digitsToHanzi(y, { yao: false })}年`);
  s = s.replace(/(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*([日号])/g, (_m, mo: string, d: string, w: string) => day(undefined, mo, d, w));
  s = s.replace(/(?<!\d)(\d{1,2})\s*月/g, (_m, mo: string) => `${integerToHanzi(Number(mo)).replace(/^两/, '二')}月`);
  s = s.replace(/(?<!\d)(\d{1,2})\s*([日号])/g, (_m, d: string, w: string) => `${integerToHanzi(Number(d)).replace(/^两/, '二')}${w}`);
  // Times of day and opening hours.
  s = s.replace(TIME_RANGE, (_m, h1: string, m1: string, h2?: string, m2?: string) => (h2 && m2 ? `${time(h1, m1)}到${time(h2, m2)}` : time(h1, m1)));
  // Percentages, also as a range (60-70%, 60% 到 70%).
  s = s.replace(/(\d+(?:\.\d+)?)\s*%?\s*[-~～–—至到]\s*(\d+(?:\.\d+)?)\s*%/g, (_m, a: string, b: string) => `百分之${decimalToHanzi(a)}到百分之${decimalToHanzi(b)}`);
  s = s.replace(/(\d+(?:\.\d+)?)\s*%/g, (_m, a: string) => `百分之${decimalToHanzi(a)}`);
  // Money signs and per-unit prices.
  s = s.replace(/[¥￥]\s*(\d[\d,]*(?:\.\d+)?)/g, '$1元');
  s = s.replace(/元\s*\/\s*(天|日|月|年|小时|斤|亩|人|次|件|公斤|个)/g, '元每$1');
  // Ranges of plain numbers: 80-89 岁, 3~5 天.
  s = s.replace(/(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*[-~～–—]\s*(?=\d)/g, '$1到');
  // Whatever number is left.
  s = s.replace(/\d[\d,]*(?:\.\d+)?/g, (m, offset: number, whole: string) => {
    const raw = m.replace(/,$/, '');
    const trailing = m.slice(raw.length);
    return number(raw, whole.slice(offset + m.length), whole.slice(Math.max(0, offset - 2), offset)) + trailing;
  });
  // Symbols a listener needs in words.
  s = s.replace(/\s*[·•|]\s*/g, '，').replace(/\+/g, '加').replace(/\s*[~～]\s*/g, '到').replace(/&/g, '和');
  return s.replace(/\s+/g, ' ').trim();
}
