// Formatting for content screens: phone digit groups, pay, dates, the current language's text.
import type { LocalizedText } from '#contract/core.js';

export type UiLang = 'zh-CN' | 'en';

export const uiLang = (lng: string): UiLang => (lng === 'en' ? 'en' : 'zh-CN');

/** The item's text in the UI language. */
export const tx = (text: LocalizedText | null | undefined, lang: UiLang): string => (text ? text[lang] : '');

/** 13803512468 -> "138 0351 2468"; landlines: area code, then groups of 4 from the left. */
export function phoneGroups(phone: string): string[] {
  const d = phone.replace(/\D/g, '');
  if (/^1\d{10}$/.test(d)) return [d.slice(0, 3), d.slice(3, 7), d.slice(7)];
  const area = /^0(10|2\d)/.test(d) ? d.slice(0, 3) : d.slice(0, 4);
  const rest = d.slice(area.length);
  const groups = [area];
  for (let i = 0; i < rest.length; i += 4) groups.push(rest.slice(i, i + 4));
  return groups;
}
export const formatPhone = (phone: string): string => phoneGroups(phone).join(' ');

/** 2026-11-20 -> "2026年11月20日" / "20 Nov 2026". */
export function formatDay(day: string, lang: UiLang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  if (lang === 'zh-CN') return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

/** An ISO time in China time: "2026年11月20日 14:05" / "20 Nov 2026, 14:05". */
export function formatTime(iso: string, lang: UiLang): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return formatDay(iso, lang);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + 8 * 3600_000).toISOString();
  const day = formatDay(local.slice(0, 10), lang);
  return lang === 'zh-CN' ? `${day} ${local.slice(11, 16)}` : `${day}, ${local.slice(11, 16)}`;
}

export function formatAmount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
