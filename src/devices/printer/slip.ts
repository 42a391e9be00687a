// Slips for a policy or a job posting: title, key facts, a phone number, and a QR code the
// kiosk's scanner opens again (VKP:policy:<id> / VKP:job:<id>).
import type { Lang, LocalizedText } from '../../contract/core.js';
import type { SlipKind } from '../../contract/printer.js';
import { CONTENT_ID, type JobBody, type PolicyBody } from '../../protocol/content.js';
import { QR_PAYLOAD, type Block } from './layout.js';
import { chinaDateTime, formatPhone, PRINT_TEXT as P, tr } from './strings.js';

export interface SlipData {
  kind: SlipKind;
  id: string;
  hallName: LocalizedText;
  title: LocalizedText;
  facts: Array<{ label: LocalizedText; value: LocalizedText }>;
  /** Materials to bring (policies). */
  materials: LocalizedText[];
  phone: { label: LocalizedText; number: string } | null;
}

export function slipQr(kind: SlipKind, id: string): string {
  return `VKP:${kind}:${id}`;
}

export function slipBlocks(d: SlipData, lang: Lang, printedAt: string): Block[] {
  const blocks: Block[] = [
    { t: 'text', text: tr(d.hallName, lang), align: 'center' },
    { t: 'text', text: tr(d.kind === 'policy' ? P.policySlip : P.jobSlip, lang), align: 'center' },
    { t: 'rule' },
    { t: 'text', text: tr(d.title, lang), bold: true },
    { t: 'rule' },
  ];
  for (const f of d.facts) blocks.push({ t: 'field', label: tr(f.label, lang), value: tr(f.value, lang) });
  if (d.materials.length) blocks.push({ t: 'text', text: tr(P.materials, lang), bold: true }, { t: 'bullets', items: d.materials.map((m) => tr(m, lang)) });
  if (d.phone) blocks.push({ t: 'field', label: tr(d.phone.label, lang), value: formatPhone(d.phone.number) }, { t: 'text', text: formatPhone(d.phone.number), align: 'center', scale: 2 });
  blocks.push({ t: 'field', label: tr(P.printedAt, lang), value: chinaDateTime(printedAt) });
  // A QR code only for an id the kiosk's scan route takes back (the one content id rule), so
  // a printed code always scans; the feed and the township refuse other ids anyway.
  const qr = slipQr(d.kind, d.id);
  if (CONTENT_ID.test(d.id) && QR_PAYLOAD.test(qr)) blocks.push({ t: 'rule' }, { t: 'qr', payload: qr }, { t: 'text', text: tr(P.scanForDetails, lang), align: 'center' });
  blocks.push({ t: 'feed', lines: 3 }, { t: 'cut' });
  return blocks;
}

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

export function policySlipData(id: string, b: PolicyBody, hallName: LocalizedText): SlipData {
  const facts: SlipData['facts'] = [
    { label: t('内容：', 'Benefit: '), value: b.benefit },
    { label: t('适用对象：', 'Who qualifies: '), value: b.whoQualifies },
    { label: t('办理地点：', 'Where: '), value: b.whereToGo },
  ];
  if (b.deadline) facts.push({ label: t('截止日期：', 'Deadline: '), value: t(b.deadline, b.deadline) });
  facts.push({ label: t('负责人：', 'Official: '), value: { 'zh-CN': `${b.official.name['zh-CN']}（${b.official.title['zh-CN']}）`, en: `${b.official.name.en} (${b.official.title.en})` } });
  return { kind: 'policy', id, hallName, title: b.title, facts, materials: b.materials, phone: { label: t('咨询电话：', 'Phone: '), number: b.official.phone } };
}

const PAY_UNIT: Record<JobBody['pay']['unit'], LocalizedText> = {
  day: t('元/天', 'yuan/day'),
  month: t('元/月', 'yuan/month'),
  hour: t('元/小时', 'yuan/hour'),
  piece: t('元/件', 'yuan/piece'),
};

export function jobSlipData(id: string, b: JobBody, hallName: LocalizedText): SlipData {
  const range = b.pay.min === b.pay.max ? `${b.pay.max}` : `${b.pay.min}-${b.pay.max}`;
  const unit = b.pay.unit === 'piece' && b.pay.pieceNote ? { 'zh-CN': `元（${b.pay.pieceNote['zh-CN']}）`, en: `yuan (${b.pay.pieceNote.en})` } : PAY_UNIT[b.pay.unit];
  const place = (l: 'zh-CN' | 'en') => [b.location.county[l], b.location.township[l], b.location.village?.[l]].filter(Boolean).join(l === 'en' ? ', ' : ' ');
  const facts: SlipData['facts'] = [
    { label: t('用工单位：', 'Employer: '), value: b.employer.name },
    { label: t('工资：', 'Pay: '), value: { 'zh-CN': `${range} ${unit['zh-CN']}`, en: `${range} ${unit.en}` } },
    { label: t('地点：', 'Where: '), value: { 'zh-CN': place('zh-CN'), en: place('en') } },
    { label: t('工作时间：', 'Hours: '), value: b.hours },
    { label: t('招聘人数：', 'Openings: '), value: t(String(b.openings), String(b.openings)) },
  ];
  const contact = b.contactName ? { 'zh-CN': `联系人 ${b.contactName['zh-CN']}：`, en: `Contact ${b.contactName.en}: ` } : t('联系电话：', 'Phone: ');
  return { kind: 'job', id, hallName, title: b.title, facts, materials: [], phone: { label: contact, number: b.contactPhone } };
}
