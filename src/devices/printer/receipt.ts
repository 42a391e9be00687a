// The receipt for a submitted request, as layout blocks (see layout.ts).
import type { Lang, LocalizedText } from '../../contract/core.js';
import type { Block } from './layout.js';
import { chinaDateTime, formatPhone, PRINT_TEXT as P, tr } from './strings.js';

/** Everything a receipt shows. Built by a ReceiptSource from the request store. */
export interface ReceiptData {
  requestId: string;
  /** The human code, e.g. "7KQ3-MX4P". */
  code: string;
  hallName: LocalizedText;
  /** Request type, in words. */
  typeLabel: LocalizedText;
  /** ISO time the request was saved. */
  createdAt: string;
  /** What happens next, one short sentence per item. */
  nextSteps: LocalizedText[];
  official: { name: LocalizedText | null; phone: string | null };
  /** Materials to bring. */
  materials: LocalizedText[];
  /** The villager's own phone, masked (138****5678), so they see it was taken down right. */
  maskedPhone?: string;
}

/** The receipt QR payload: ASCII only (keyboard-mode scanners drop anything else). */
export function receiptQr(code: string): string {
  return `VKR:${code}`;
}

export function receiptBlocks(d: ReceiptData, lang: Lang): Block[] {
  const blocks: Block[] = [
    { t: 'text', text: tr(d.hallName, lang), align: 'center', bold: true },
    { t: 'text', text: tr(P.receiptTitle, lang), align: 'center' },
    { t: 'rule' },
    { t: 'field', label: tr(P.requestType, lang), value: tr(d.typeLabel, lang) },
    { t: 'field', label: tr(P.submittedAt, lang), value: chinaDateTime(d.createdAt) },
    ...(d.maskedPhone ? [{ t: 'field' as const, label: tr(P.yourPhone, lang), value: d.maskedPhone }] : []),
    { t: 'text', text: tr(P.yourCode, lang), align: 'center' },
    { t: 'text', text: d.code, align: 'center', scale: 2, bold: true },
    { t: 'text', text: tr(P.keepThis, lang) },
    { t: 'rule' },
  ];
  if (d.nextSteps.length) blocks.push({ t: 'text', text: tr(P.nextSteps, lang), bold: true }, { t: 'bullets', items: d.nextSteps.map((s) => tr(s, lang)) });
  if (d.materials.length) blocks.push({ t: 'text', text: tr(P.materials, lang), bold: true }, { t: 'bullets', items: d.materials.map((m) => tr(m, lang)) });
  if (d.official.name) blocks.push({ t: 'field', label: tr(P.official, lang), value: tr(d.official.name, lang) });
  if (d.official.phone) blocks.push({ t: 'field', label: tr(P.officialPhone, lang), value: formatPhone(d.official.phone) });
  blocks.push(
    { t: 'rule' },
    { t: 'qr', payload: receiptQr(d.code) },
    { t: 'text', text: tr(P.scanToCheck, lang), align: 'center' },
    { t: 'feed', lines: 3 },
    { t: 'cut' },
  );
  return blocks;
}
