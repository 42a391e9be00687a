// What a printed receipt needs for one request, for the printer (src/devices/printer/).
//
//   getReceiptData(db, requestId, config) -> ReceiptData | null
//
// Everything is given in both languages. The QR payload is ASCII ("VKR:<code>", see
// docs/hardware.md) and opens "Check my request" when scanned at any kiosk.
// The phone is the official's phone from the related policy (the one the villager came from,
// else a policy in a matching category whose relatedRequestType is this type), the employer contact for a
// job interest, else the hall's phone from config (requests.hallPhone), else null.
import type { KioskConfig } from '../config/schema.js';
import type { LocalizedText } from '../contract/core.js';
import type { Db } from '../db/open.js';
import type { RequestType } from '../protocol/relay.js';
import type { PolicyBody, PolicyCategory } from '../protocol/content.js';
import { createContentStore, type ContentStore } from '../content/store.js';
import { receiptQrPayload } from './ids.js';
import { maskPhone } from './views.js';
import { REQUEST_TYPE_LABELS } from '../protocol/request-types.js';
import { DEFAULT_MATERIALS, WHAT_HAPPENS_NEXT } from './texts.js';

export interface ReceiptData {
  requestId: string;
  hallName: LocalizedText;
  type: RequestType;
  typeTitle: LocalizedText;
  /** XXXX-XXXX, ASCII. */
  code: string;
  createdAt: string;
  whatNext: LocalizedText;
  contact: { phone: string; name: LocalizedText | null; source: 'policy' | 'employer' | 'hall' } | null;
  materials: LocalizedText[];
  /** "VKR:<code>", ASCII. */
  qrPayload: string;
  /** The villager's phone, masked, so they can see it was taken down right. */
  maskedPhone: string;
}

/** Where to look for a policy about each request type when the villager did not come from one. */
const CATEGORIES: Record<RequestType, PolicyCategory[]> = {
  'senior-subsidy': ['subsidy', 'pension', 'disability'],
  'home-visit': ['subsidy', 'medical', 'pension', 'social-aid'],
  'legal-aid': ['legal'],
  'agronomist-visit': ['agriculture'],
  'job-interest': ['employment'],
  'general-help': [],
};

/** The related policy: the one the villager came from, else one whose relatedRequestType is this type. Never throws. */
function policyFor(content: ContentStore, type: RequestType, relatedId: string | null): PolicyBody | null {
  try {
    if (relatedId) {
      const p = content.policy(relatedId);
      if (p) return p.body;
    }
    for (const category of CATEGORIES[type]) {
      const page = content.searchPolicies({ query: '', category, offset: 0, limit: 50 });
      for (const summary of page.items) {
        const p = content.policy(summary.id);
        if (p?.body.relatedRequestType === type) return p.body;
      }
    }
  } catch {
    /* content tables missing or changing: fall back to the hall phone */
  }
  return null;
}

function jobContact(content: ContentStore, jobId: string): { phone: string; name: LocalizedText | null } | null {
  try {
    const j = content.job(jobId, new Date());
    return j ? { phone: j.body.contactPhone, name: j.body.contactName ?? null } : null;
  } catch {
    return null;
  }
}

export function getReceiptData(db: Db, requestId: string, config: Pick<KioskConfig, 'hallName' | 'requests'>): ReceiptData | null {
  const r = db
    .prepare<[string], { id: string; code: string; type: RequestType; created_at: string; payload: string; related_id: string | null; phone: string }>(
      'SELECT id, code, type, created_at, payload, related_id, phone FROM requests WHERE id = ?',
    )
    .get(requestId);
  if (!r) return null;
  const payload = JSON.parse(r.payload) as { type: RequestType; jobId?: string };
  const content = createContentStore(db);
  let contact: ReceiptData['contact'] = null;
  let materials = DEFAULT_MATERIALS[r.type];
  if (r.type === 'job-interest' && payload.jobId) {
    const j = jobContact(content, payload.jobId);
    if (j) contact = { ...j, source: 'employer' };
  } else {
    const p = policyFor(content, r.type, r.related_id);
    if (p) contact = { phone: p.official.phone, name: p.official.name, source: 'policy' };
    if (p?.materials.length) materials = p.materials;
  }
  if (!contact && config.requests.hallPhone) contact = { phone: config.requests.hallPhone, name: config.hallName, source: 'hall' };
  return {
    requestId: r.id,
    hallName: config.hallName,
    type: r.type,
    typeTitle: REQUEST_TYPE_LABELS[r.type],
    code: r.code,
    createdAt: r.created_at,
    whatNext: WHAT_HAPPENS_NEXT[r.type],
    contact,
    materials,
    qrPayload: receiptQrPayload(r.code),
    maskedPhone: maskPhone(r.phone),
  };
}
