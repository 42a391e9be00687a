// What a printed receipt needs for one request, for the printer (src/printing/).
//
//   getReceiptData(db, requestId, config) -> ReceiptData | null
//
// Everything is given in both languages. The QR payload is ASCII ("VKR:<code>", see
// shared/notes/hardware.md) and opens "Check my request" when scanned at any kiosk.
// The phone is the official's phone from the related policy (the one the villager came from,
// else the newest policy whose relatedRequestType is this type), the employer contact for a
// job interest, else the hall's phone from config (requests.hallPhone), else null.
import type { KioskConfig } from '../config/schema.js';
import type { LocalizedText } from '../contract/core.js';
import type { Db } from '../db/open.js';
import type { RequestType } from '../protocol/relay.js';
import { receiptQrPayload } from './ids.js';
import { maskPhone } from './views.js';
import { DEFAULT_MATERIALS, REQUEST_TYPE_TITLE, WHAT_HAPPENS_NEXT } from './texts.js';

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

function tableExists(db: Db, name: string): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
}

interface PolicyLike {
  official?: { name?: LocalizedText; phone?: string };
  materials?: LocalizedText[];
}

function policyFor(db: Db, type: RequestType, relatedId: string | null): PolicyLike | null {
  if (!tableExists(db, 'policies')) return null;
  try {
    const row =
      (relatedId ? db.prepare<[string], { body: string }>('SELECT body FROM policies WHERE id = ?').get(relatedId) : undefined) ??
      db.prepare<[string], { body: string }>("SELECT body FROM policies WHERE json_extract(body, '$.relatedRequestType') = ? ORDER BY updated_at DESC LIMIT 1").get(type);
    return row ? (JSON.parse(row.body) as PolicyLike) : null;
  } catch {
    return null;
  }
}

function jobContact(db: Db, jobId: string): { phone: string; name: LocalizedText | null } | null {
  if (!tableExists(db, 'jobs')) return null;
  try {
    const row = db.prepare<[string], { body: string }>('SELECT body FROM jobs WHERE id = ?').get(jobId);
    if (!row) return null;
    const b = JSON.parse(row.body) as { contactPhone?: string; contactName?: LocalizedText | null };
    return b.contactPhone ? { phone: b.contactPhone, name: b.contactName ?? null } : null;
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
  let contact: ReceiptData['contact'] = null;
  let materials = DEFAULT_MATERIALS[r.type];
  if (r.type === 'job-interest' && payload.jobId) {
    const j = jobContact(db, payload.jobId);
    if (j) contact = { ...j, source: 'employer' };
  } else {
    const p = policyFor(db, r.type, r.related_id);
    if (p?.official?.phone) contact = { phone: p.official.phone, name: p.official.name ?? null, source: 'policy' };
    if (p?.materials?.length) materials = p.materials;
  }
  if (!contact && config.requests.hallPhone) contact = { phone: config.requests.hallPhone, name: config.hallName, source: 'hall' };
  return {
    requestId: r.id,
    hallName: config.hallName,
    type: r.type,
    typeTitle: REQUEST_TYPE_TITLE[r.type],
    code: r.code,
    createdAt: r.created_at,
    whatNext: WHAT_HAPPENS_NEXT[r.type],
    contact,
    materials,
    qrPayload: receiptQrPayload(r.code),
    maskedPhone: maskPhone(r.phone),
  };
}
