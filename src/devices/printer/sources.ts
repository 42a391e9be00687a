// Where printouts get their facts. runtime.ts passes these into the printer module:
//  - receipts: the requests module's getReceiptData when it exists (adapted here), else
//    basicReceiptSource, which reads the requests table directly;
//  - slips: the content store's policy()/job().
import type { LocalizedText } from '../../contract/core.js';
import type { SlipKind } from '../../contract/printer.js';
import type { Db } from '../../db/open.js';
import type { JobBody, PolicyBody } from '../../protocol/content.js';
import type { RequestType } from '../../protocol/relay.js';
import type { ReceiptData } from './receipt.js';
import { jobSlipData, policySlipData, type SlipData } from './slip.js';

export type ReceiptSource = (requestId: string) => ReceiptData | null;
export type SlipSource = (kind: SlipKind, id: string) => SlipData | null;

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

export const REQUEST_TYPE_LABEL: Record<RequestType, LocalizedText> = {
  'senior-subsidy': t('老年人/工伤护理补贴', 'Senior or injury-care subsidy'),
  'home-visit': t('预约上门服务', 'Home visit'),
  'legal-aid': t('法律援助', 'Legal aid'),
  'agronomist-visit': t('农技员上门', 'Agronomist visit'),
  'job-interest': t('报名招工', 'Job application'),
  'general-help': t('其他帮助', 'Other help'),
};

export const GENERIC_NEXT_STEPS: LocalizedText[] = [
  t('申请已保存在本机，联网后自动报送乡镇。', 'Your request is saved on this kiosk and goes to the township when the link is up.'),
  t('工作人员会在3个工作日内打电话联系您。', 'Staff will phone you within 3 working days.'),
  t('凭查询码可在一体机上查看办理进度。', 'Use your code at the kiosk to check progress.'),
];

/** Receipt facts straight from the requests table (used until the requests module provides its own). */
export function basicReceiptSource(db: Db, hallName: LocalizedText): ReceiptSource {
  let stmt: ReturnType<Db['prepare']> | null = null;
  return (requestId) => {
    try {
      stmt ??= db.prepare('SELECT id, code, type, created_at FROM requests WHERE id = ?');
    } catch {
      return null; // no requests table in this database
    }
    const row = stmt.get(requestId) as { id: string; code: string; type: string; created_at: string } | undefined;
    if (!row) return null;
    return {
      requestId: row.id,
      code: row.code,
      hallName,
      typeLabel: REQUEST_TYPE_LABEL[row.type as RequestType] ?? t(row.type, row.type),
      createdAt: row.created_at,
      nextSteps: GENERIC_NEXT_STEPS,
      official: { name: null, phone: null },
      materials: [],
    };
  };
}

export interface ContentLookup {
  policy(id: string): { body: PolicyBody } | null;
  job(id: string, now: Date): { body: JobBody } | null;
}

export function contentSlipSource(content: ContentLookup, hallName: LocalizedText, now: () => Date): SlipSource {
  return (kind, id) => {
    if (kind === 'policy') {
      const p = content.policy(id);
      return p ? policySlipData(id, p.body, hallName) : null;
    }
    const j = content.job(id, now());
    return j ? jobSlipData(id, j.body, hallName) : null;
  };
}

/** The shape of the requests module's getReceiptData (src/requests/receipt-data.ts) that the receipt needs. */
export interface RequestsReceiptLike {
  requestId: string;
  hallName: LocalizedText;
  typeTitle: LocalizedText;
  code: string;
  createdAt: string;
  whatNext: LocalizedText;
  contact: { phone: string; name: LocalizedText | null } | null;
  materials: LocalizedText[];
  maskedPhone?: string;
}

/** Adapts the requests module's receipt facts to the printer's ReceiptData. */
export function requestsReceiptSource(get: (requestId: string) => RequestsReceiptLike | null): ReceiptSource {
  return (requestId) => {
    const r = get(requestId);
    if (!r) return null;
    return {
      requestId: r.requestId,
      code: r.code,
      hallName: r.hallName,
      typeLabel: r.typeTitle,
      createdAt: r.createdAt,
      nextSteps: [r.whatNext],
      official: { name: r.contact?.name ?? null, phone: r.contact?.phone ?? null },
      materials: r.materials,
      ...(r.maskedPhone ? { maskedPhone: r.maskedPhone } : {}),
    };
  };
}
