// Household card PDFs: one A6 card per page, or A4 sheets of four A6 cards with cut marks
// (a whole village at once). Each card: the township, "household card", village, household
// id, masked head name, the signed VKH2 QR (about 62 mm), the official in charge and phone,
// how to use it and the expiry date.
import type { HouseholdCard } from '../../protocol/household-card.js';
import { beijingDay } from '../time.js';
import { drawQr, MM, newDoc, type Doc } from './draw.js';
import type { PdfFont } from './font.js';

export interface CardToPrint {
  text: string;
  card: HouseholdCard;
}

const W = 105 * MM;
const H = 148 * MM;

function drawCard(doc: Doc, c: CardToPrint, ox: number, oy: number, townshipName: string): void {
  const pad = 7 * MM;
  const inner = W - 2 * pad;
  doc.save();
  doc.rect(ox, oy, W, 16 * MM).fill('#0b3d91');
  doc.fillColor('#ffffff').fontSize(9).text(townshipName, ox + pad, oy + 2.5 * MM, { width: inner, lineBreak: false, ellipsis: true });
  doc.fontSize(15).text('户卡  Household card', ox + pad, oy + 7.5 * MM, { width: inner, lineBreak: false });
  doc.fillColor('#000000');
  let y = oy + 19 * MM;
  doc.fontSize(16).text(c.card.village, ox + pad, y, { width: inner * 0.6, lineBreak: false, ellipsis: true });
  doc.fontSize(11).text(c.card.maskedName, ox + pad + inner * 0.6, y + 1.5 * MM, { width: inner * 0.4, align: 'right', lineBreak: false });
  y += 8 * MM;
  doc.fontSize(10).fillColor('#333333').text(`户号 Household no.  ${c.card.householdId}`, ox + pad, y, { width: inner, lineBreak: false });
  doc.fillColor('#000000');
  y += 6 * MM;
  const qrSize = 62 * MM;
  drawQr(doc, c.text, ox + (W - qrSize) / 2, y, qrSize, 'M');
  y += qrSize + 1 * MM;
  doc.fontSize(10).text('到村里的服务终端扫这个码,查看适合您家的政策', ox + pad, y, { width: inner, align: 'center' });
  doc.fontSize(8).fillColor('#333333').text('Scan it at the village kiosk to see the policies for your household', ox + pad, doc.y, { width: inner, align: 'center' });
  doc.fillColor('#000000');
  y = oy + H - 24 * MM;
  doc.moveTo(ox + pad, y).lineTo(ox + W - pad, y).lineWidth(0.5).strokeColor('#999999').stroke();
  y += 2 * MM;
  doc.fontSize(9).text('负责干部 Official in charge', ox + pad, y, { width: inner });
  const off = c.card.official;
  if (off) doc.fontSize(14).text(`${off.name}  ${off.phone}`, ox + pad, doc.y + 0.5 * MM, { width: inner, lineBreak: false, ellipsis: true });
  else doc.fontSize(11).text('请咨询乡镇便民服务中心  Ask the township centre', ox + pad, doc.y + 0.5 * MM, { width: inner, lineBreak: false, ellipsis: true });
  doc.fontSize(8).fillColor('#333333').text(`有效期至 Valid until ${c.card.expiresAt ? beijingDay(c.card.expiresAt) : '—'}   ·   ${c.card.cardId ?? ''}`, ox + pad, oy + H - 8 * MM, { width: inner, lineBreak: false });
  doc.fillColor('#000000');
  doc.restore();
}

export async function cardPdf(font: PdfFont, townshipName: string, cards: CardToPrint[], layout: 'a6' | 'a4'): Promise<Buffer> {
  if (cards.length === 0) throw new Error('no cards to print');
  const { doc, done } = newDoc(layout === 'a6' ? 'A6' : 'A4', font, cards.length === 1 ? `户卡 ${cards[0]!.card.householdId}` : `户卡 ${cards.length}`);
  cards.forEach((c, i) => {
    if (layout === 'a6') {
      if (i > 0) doc.addPage({ size: 'A6', margin: 0 });
      drawCard(doc, c, 0, 0, townshipName);
      return;
    }
    const slot = i % 4;
    if (i > 0 && slot === 0) doc.addPage({ size: 'A4', margin: 0 });
    const ox = (slot % 2) * W;
    const oy = Math.floor(slot / 2) * (H + 1 * MM);
    drawCard(doc, c, ox, oy, townshipName);
    if (slot === 3 || i === cards.length - 1) {
      // cut lines between the cards
      doc.save().lineWidth(0.3).strokeColor('#bbbbbb').dash(3, { space: 3 });
      doc.moveTo(W, 0).lineTo(W, 2 * H + MM).stroke();
      doc.moveTo(0, H + 0.5 * MM).lineTo(2 * W, H + 0.5 * MM).stroke();
      doc.undash().restore();
    }
  });
  doc.end();
  return done;
}
