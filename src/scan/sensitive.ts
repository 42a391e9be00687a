// Codes a villager may scan by mistake that must never be shown in full on a public screen
// or written to a log (issue 8 item 12):
//
//   payment codes   the 付款码 a phone shows to pay: WeChat 18 digits starting 10-15;
//                   Alipay 16-24 digits starting 25-30
//   resident ID     18 characters: 17 digits and an ISO 7064 MOD 11-2 check character (0-9, X)
//
// They are recognised before any other route, shown masked on a defined screen ("this is a
// payment code; the kiosk takes no payments"), and the scanner module puts only the masked
// form into events and logs. Pure and browser-safe.
export type SensitiveKind = { kind: 'payment-code'; provider: 'wechat' | 'alipay'; masked: string } | { kind: 'id-number'; masked: string };

const WECHAT = /^1[0-5]\d{16}$/;
const ALIPAY = /^(2[5-9]|30)\d{14,22}$/;
const ID_NUMBER = /^\d{17}[\dXx]$/;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** True when `text` is an 18-character resident ID number with a correct check character. */
export function isResidentIdNumber(text: string): boolean {
  if (!ID_NUMBER.test(text)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(text[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === text[17]!.toUpperCase();
}

/** Keeps the last 4 characters; everything else becomes "*". */
export function maskAllButLast4(text: string): string {
  return '*'.repeat(Math.max(0, text.length - 4)) + text.slice(-4);
}

/** A payment code or an ID number (masked), or null for anything else. */
export function recogniseSensitive(text: string): SensitiveKind | null {
  const t = text.trim();
  if (t.length < 16 || t.length > 24) return null;
  if (isResidentIdNumber(t)) return { kind: 'id-number', masked: maskAllButLast4(t.toUpperCase()) };
  if (WECHAT.test(t)) return { kind: 'payment-code', provider: 'wechat', masked: maskAllButLast4(t) };
  if (ALIPAY.test(t)) return { kind: 'payment-code', provider: 'alipay', masked: maskAllButLast4(t) };
  return null;
}
