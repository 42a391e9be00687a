// English text as it should be spoken by espeak-ng's English voice: phone numbers and codes
// one character at a time (with pauses between groups), month abbreviations in full, time
// ranges with "to". espeak-ng reads amounts (1,500), percentages and years well by itself.
import { PHONE, phoneGroupsOf } from './normalize-zh.js';

const MONTHS: Record<string, string> = {
  Jan: 'January',
  Feb: 'February',
  Mar: 'March',
  Apr: 'April',
  Jun: 'June',
  Jul: 'July',
  Aug: 'August',
  Sep: 'September',
  Sept: 'September',
  Oct: 'October',
  Nov: 'November',
  Dec: 'December',
};

const spell = (group: string) => [...group].join(' ');

export function normalizeEn(input: string): string {
  let s = input.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05]/g, (c) => c.normalize('NFKC')).replace(/(\d)：(?=\d)/g, '$1:');
  s = s.replace(/https?:\/\/([^\s/]+)\S*/gi, (_m, host: string) => `the web address ${host.replace(/\./g, ' dot ')} `);
  const phone = (...groups: string[]) => groups.map(spell).join(', ');
  s = s.replace(/(?<![\dA-Za-z])\d{3,4}\*{3,}(\d{3,4})(?![\dA-Za-z])/g, (_m, tail: string) => `a number ending in ${spell(tail)}`);
  s = s.replace(PHONE, (m) => phone(...phoneGroupsOf(m)));
  // Codes mixing letters and digits: K7M3-F2QX -> "K 7 M 3, F 2 Q X".
  s = s.replace(/(?<![A-Za-z0-9])(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9])/g, (m) => {
    if (/^\d+(?:km|kg|m|cm|am|pm|st|nd|rd|th)$/i.test(m)) return m;
    return m.split('-').map((p) => spell(p.toUpperCase())).join(', ');
  });
  // Capital-letter codes and abbreviations (ACDE-FGHJ, ID, QR) letter by letter.
  s = s.replace(/(?<![A-Za-z0-9])[A-Z]{2,}(?:-[A-Z0-9]+)*(?![A-Za-z0-9])/g, (m) => m.split('-').map(spell).join(', '));
  // Long bare digit strings (ids) one by one.
  s = s.replace(/(?<![\d,.])\d{7,}(?![\d,.])/g, (m) => spell(m));
  s = s.replace(/\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?/g, (m) => MONTHS[m.replace('.', '')] ?? m);
  s = s.replace(/(\d{1,2}:\d{2})\s*[-–—~]\s*(\d{1,2}:\d{2})/g, '$1 to $2');
  s = s.replace(/(\d)\s*[-–—~]\s*(\d)/g, '$1 to $2');
  s = s.replace(/(\d)\s*km\b/gi, '$1 kilometres').replace(/[¥￥]\s*(\d[\d,]*(?:\.\d+)?)/g, '$1 yuan');
  s = s.replace(/\s*[·•|]\s*/g, ', ');
  // Chinese characters in English text would be read as "Chinese letter ..." codes: drop them.
  s = s.replace(/[\u3400-\u9fff\uf900-\ufaff]+/g, ' ');
  return s.replace(/\s+/g, ' ').trim();
}
