// Numbers as a Mandarin speaker says them: amounts in full (1500 -> 一千五百), and codes or
// phone numbers digit by digit with 1 said as 幺 (yāo), which cannot be misheard as 七.
const DIGIT = '零一二三四五六七八九';
const SMALL_UNITS = ['', '十', '百', '千'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** 0 < n < 10000, without the leading-一十 shortening. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const d = Math.floor(n / 10 ** place) % 10;
    if (d === 0) {
      if (out) zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGIT[d]! + SMALL_UNITS[place]!;
  }
  return out;
}

/**
 * A whole number in words: 10 -> 十, 15 -> 十五, 110 -> 一百一十, 1005 -> 一千零五,
 * 2000 -> 两千, 20000 -> 两万. Numbers of 16 digits or more are read digit by digit.
 */
export function integerToHanzi(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return digitsToHanzi(String(n).replace(/\D/g, ''), { yao: false });
  if (n === 0) return '零';
  if (n >= 1e16) return digitsToHanzi(String(n), { yao: false });
  const groups: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 10000)) groups.push(x % 10000);
  let out = '';
  let zero = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) {
      if (out) zero = true;
      continue;
    }
    if (out && (zero || g < 1000)) out += '零';
    zero = false;
    out += group(g) + BIG_UNITS[i]!;
  }
  // 一十五 -> 十五 (also 一十五万 -> 十五万).
  if (out.startsWith('一十')) out = out.slice(1);
  // A leading 2 before 千, 万 or 亿 is 两 (两千, 两万); before 十/百 and alone it stays 二.
  if (/^二[千万亿]/.test(out)) out = '两' + out.slice(1);
  return out;
}

/** "2.5" -> 二点五, "0.05" -> 零点零五; the integer part as an amount. */
export function decimalToHanzi(text: string): string {
  const [int = '0', frac = ''] = text.split('.');
  const whole = integerToHanzi(Number(int || '0'));
  const f = frac.replace(/0+$/, '');
  return f ? `${whole}点${digitsToHanzi(f, { yao: false })}` : whole;
}

/** Digit by digit: "138" -> 幺三八 (phone numbers, codes); with yao: false, 1 -> 一 (years, decimals). */
export function digitsToHanzi(digits: string, opts: { yao: boolean } = { yao: true }): string {
  let out = '';
  for (const c of digits) {
    if (c >= '0' && c <= '9') out += c === '1' && opts.yao ? '幺' : DIGIT[Number(c)]!;
  }
  return out;
}
