// Where printouts get their facts. runtime.ts passes these into the printer module:
//  - receipts: the requests module's getReceiptData (src/requests/receipt-data.ts), adapted
//    here; its request-type label comes from the one catalogue, src/protocol/request-types.ts;
//  - slips: the content store's policy()/job().
import type { LocalizedText } from '../../contract/core.js';
import type { SlipKind } from '../../contract/printer.js';
import type { JobBody, PolicyBody } from '../../protocol/content.js';
import type { ReceiptData } from './receipt.js';
import { jobSlipData, policySlipData, type SlipData } from './slip.js';

export type ReceiptSource = (requestId: string) => ReceiptData | null;
export type SlipSource = (kind: SlipKind, id: string) => SlipData | null;

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
