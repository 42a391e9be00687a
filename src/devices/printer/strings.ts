// Words printed on paper. The printout is made in the runtime (not the renderer), so its
// words live here, in both languages, rather than in the renderer's catalogues.
import type { Lang, LocalizedText } from '../../contract/core.js';

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

export const PRINT_TEXT = {
  receiptTitle: t('服务申请回执', 'Service request receipt'),
  yourCode: t('您的查询码', 'Your code'),
  keepThis: t('请保管好这张回执，凭查询码查询办理进度。', 'Keep this receipt. Use the code to check progress.'),
  requestType: t('申请事项：', 'Request: '),
  submittedAt: t('提交时间：', 'Submitted: '),
  nextSteps: t('接下来：', 'What happens next:'),
  officialPhone: t('联系电话：', 'Phone: '),
  yourPhone: t('您的电话：', 'Your phone: '),
  official: t('负责人：', 'Official: '),
  materials: t('请准备以下材料：', 'Please bring:'),
  scanToCheck: t('在一体机上扫描此码查看进度', 'Scan this code at the kiosk to see progress'),
  policySlip: t('政策信息', 'Policy'),
  jobSlip: t('招工信息', 'Job'),
  scanForDetails: t('在一体机上扫描此码查看详情', 'Scan this code at the kiosk for details'),
  printedAt: t('打印时间：', 'Printed: '),
  phone: t('电话：', 'Phone: '),
  sample: t('打印测试页', 'Printer test page'),
} as const;

export function tr(text: LocalizedText, lang: Lang): string {
  return text[lang] || text['zh-CN'];
}

/** "2025-03-14 09:30" in China time (UTC+8, no daylight saving), whatever the kiosk's TZ. */
export function chinaDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** 13812345678 -> 138 1234 5678; landlines keep their digits. Easier to read and dial. */
export function formatPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}
