// Posters (A4), equipment sticker sheets (A4 of 24 labels) and village codes. Every QR is
// the phone-page URL with the kiosk code inside (public/urls.ts posterUrl): a phone opens
// the page, a kiosk scanner opens the policy, job or village.
import type { JobBody, PolicyBody } from '../../protocol/content.js';
import { drawQr, MM, newDoc, type Doc } from './draw.js';
import type { PdfFont } from './font.js';

const A4W = 210 * MM;
const A4H = 297 * MM;

function header(doc: Doc, townshipName: string, kicker: string): void {
  doc.rect(0, 0, A4W, 24 * MM).fill('#0b3d91');
  doc.fillColor('#ffffff').fontSize(14).text(townshipName, 15 * MM, 6 * MM, { width: A4W - 30 * MM, lineBreak: false, ellipsis: true });
  doc.fontSize(11).text(kicker, 15 * MM, 14 * MM, { width: A4W - 30 * MM, lineBreak: false });
  doc.fillColor('#000000');
}

function qrBlock(doc: Doc, qrText: string, y: number, size: number, zh: string, en: string): void {
  drawQr(doc, qrText, (A4W - size) / 2, y, size, 'Q');
  doc.fontSize(16).text(zh, 15 * MM, y + size + 2 * MM, { width: A4W - 30 * MM, align: 'center' });
  doc.fontSize(11).fillColor('#333333').text(en, 15 * MM, doc.y, { width: A4W - 30 * MM, align: 'center' });
  doc.fillColor('#000000');
}

function section(doc: Doc, zh: string, en: string, body: string, maxH: number): void {
  const x = 15 * MM;
  const w = A4W - 30 * MM;
  doc.fontSize(12).fillColor('#0b3d91').text(`${zh}  ${en}`, x, doc.y + 3 * MM, { width: w });
  doc.fillColor('#000000').fontSize(15).text(body, x, doc.y + 1 * MM, { width: w, height: maxH, ellipsis: true });
}

function footerContact(doc: Doc, label: string, name: string, phone: string): void {
  const y = A4H - 30 * MM;
  doc.moveTo(15 * MM, y).lineTo(A4W - 15 * MM, y).lineWidth(1).strokeColor('#0b3d91').stroke();
  doc.fontSize(12).text(label, 15 * MM, y + 3 * MM, { width: A4W - 30 * MM });
  doc.fontSize(22).text(`${name}   电话 ${phone}`, 15 * MM, doc.y + 1 * MM, { width: A4W - 30 * MM, lineBreak: false, ellipsis: true });
}

export async function policyPoster(font: PdfFont, townshipName: string, p: PolicyBody, qrText: string): Promise<Buffer> {
  const { doc, done } = newDoc('A4', font, p.title['zh-CN']);
  header(doc, townshipName, '政策告知  Policy notice');
  doc.fontSize(30).text(p.title['zh-CN'], 15 * MM, 30 * MM, { width: A4W - 30 * MM, height: 26 * MM, ellipsis: true });
  doc.fontSize(14).fillColor('#333333').text(p.title.en, 15 * MM, doc.y, { width: A4W - 30 * MM, lineBreak: false, ellipsis: true });
  doc.fillColor('#000000');
  section(doc, '谁可以申请', 'Who qualifies', p.whoQualifies['zh-CN'], 28 * MM);
  section(doc, '能得到什么', 'What you get', p.benefit['zh-CN'], 22 * MM);
  if (p.deadline) section(doc, '截止日期', 'Deadline', p.deadline, 10 * MM);
  qrBlock(doc, qrText, Math.max(doc.y + 5 * MM, 140 * MM), 80 * MM, '用手机或村里的服务终端扫码,看办理方法', 'Scan with a phone or at the village kiosk to see how to apply');
  footerContact(doc, `负责人 Official in charge · ${p.official.title['zh-CN']}`, p.official.name['zh-CN'], p.official.phone);
  doc.end();
  return done;
}

export async function jobPoster(font: PdfFont, townshipName: string, j: JobBody, qrText: string): Promise<Buffer> {
  const { doc, done } = newDoc('A4', font, j.title['zh-CN']);
  header(doc, townshipName, '招工  Job');
  doc.fontSize(30).text(j.title['zh-CN'], 15 * MM, 30 * MM, { width: A4W - 30 * MM, height: 26 * MM, ellipsis: true });
  const unit = { day: '天 day', month: '月 month', piece: '件 piece', hour: '小时 hour' }[j.pay.unit];
  const pay = j.pay.min === j.pay.max ? `${j.pay.min}` : `${j.pay.min}-${j.pay.max}`;
  doc.fontSize(24).fillColor('#137333').text(`${pay} 元 / ${unit}`, 15 * MM, doc.y + 2 * MM, { width: A4W - 30 * MM });
  doc.fillColor('#000000');
  section(doc, '用工单位', 'Employer', `${j.employer.name['zh-CN']}${j.employer.verifiedByTownship ? '(乡镇已核实)' : ''}`, 12 * MM);
  section(doc, '做什么', 'The work', j.duties['zh-CN'], 28 * MM);
  section(doc, '要求', 'Requirements', j.requirements.physical['zh-CN'], 14 * MM);
  qrBlock(doc, qrText, Math.max(doc.y + 5 * MM, 150 * MM), 75 * MM, '用手机或村里的服务终端扫码,看详情、报名', 'Scan with a phone or at the village kiosk for details');
  footerContact(doc, `联系 Contact${j.contactName ? ` · ${j.contactName['zh-CN']}` : ''}`, j.employer.name['zh-CN'].slice(0, 14), j.contactPhone);
  doc.end();
  return done;
}

export async function villagePoster(font: PdfFont, townshipName: string, village: string, official: { name: string; phone: string | null } | null, qrText: string): Promise<Buffer> {
  const { doc, done } = newDoc('A4', font, village);
  header(doc, townshipName, '村码  Village code');
  doc.fontSize(44).text(village, 15 * MM, 34 * MM, { width: A4W - 30 * MM, align: 'center' });
  doc.fontSize(18).text('扫码查看本村可以办的政策和负责干部', 15 * MM, doc.y + 3 * MM, { width: A4W - 30 * MM, align: 'center' });
  doc.fontSize(12).fillColor('#333333').text("Scan for this village's policies and the officials in charge", 15 * MM, doc.y, { width: A4W - 30 * MM, align: 'center' });
  doc.fillColor('#000000');
  qrBlock(doc, qrText, 85 * MM, 120 * MM, '手机扫码,或在村里的服务终端扫码', 'Scan with a phone or at the village kiosk');
  footerContact(doc, '本村负责干部 Official in charge of the village', official?.name ?? '乡镇便民服务中心', official?.phone ?? '—');
  doc.end();
  return done;
}

/** A4 sheet of 3 x 8 labels (70 x 37 mm), e.g. the clean-heating subsidy on every heat pump. */
export async function stickerSheet(font: PdfFont, p: PolicyBody, qrText: string, count = 24): Promise<Buffer> {
  const { doc, done } = newDoc('A4', font, `${p.title['zh-CN']} stickers`);
  const w = 70 * MM;
  const h = 37 * MM;
  const top = (A4H - 8 * h) / 2;
  for (let i = 0; i < count; i++) {
    const slot = i % 24;
    if (i > 0 && slot === 0) doc.addPage({ size: 'A4', margin: 0 });
    const x = (slot % 3) * w;
    const y = top + Math.floor(slot / 3) * h;
    doc.save().lineWidth(0.3).strokeColor('#cccccc').rect(x, y, w, h).stroke().restore();
    const q = 31 * MM;
    drawQr(doc, qrText, x + 2 * MM, y + 3 * MM, q, 'M');
    const tx = x + q + 3 * MM;
    const tw = w - q - 5 * MM;
    doc.fontSize(9).text(p.title['zh-CN'], tx, y + 4 * MM, { width: tw, height: 12 * MM, ellipsis: true });
    doc.fontSize(7).text(p.benefit['zh-CN'], tx, doc.y + 0.5 * MM, { width: tw, height: 9 * MM, ellipsis: true });
    doc.fontSize(8).text(`电话 ${p.official.phone}`, tx, y + h - 8 * MM, { width: tw, lineBreak: false });
    doc.fontSize(6).fillColor('#333333').text('扫码看政策 Scan for the policy', tx, y + h - 4.5 * MM, { width: tw, lineBreak: false, ellipsis: true });
    doc.fillColor('#000000');
  }
  doc.end();
  return done;
}
