// Read-only views of requests for the screens: the saved screen, "Check my request" (by
// code), and the attendants' list of requests that need attention. Personal data is masked.
import type { Db } from '../db/open.js';
import type { RequestStatus } from '../protocol/feed.js';
import type { RequestType } from '../protocol/relay.js';
import { cancelEligibility } from './store.js';

export type TimelineStatus = RequestStatus | 'cancelled';

export interface TimelineEntry {
  status: TimelineStatus;
  at: string;
  note?: string;
}

export interface RequestView {
  id: string;
  code: string;
  type: RequestType;
  createdAt: string;
  /** Where the request is on this kiosk. */
  outbox: 'queued' | 'attempting' | 'sent' | 'needs-attention' | 'cancelled';
  maskedPhone: string;
  cancellable: boolean;
  cancellableUntil: string;
}

export interface StatusView {
  code: string;
  id: string;
  type: RequestType | null;
  createdAt: string | null;
  maskedPhone: string | null;
  current: TimelineStatus;
  timeline: TimelineEntry[];
  /** When the township's status was last received here (null: never). */
  statusReceivedAt: string | null;
  cancellable: boolean;
  cancellableUntil: string | null;
}

/** "13812345678" -> "138****5678"; a landline keeps its area code and last 3 digits. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  if (phone.length > 6) {
    const area = phone.startsWith('01') || phone.startsWith('02') ? 3 : 4;
    return phone.slice(0, area) + '*'.repeat(Math.max(0, phone.length - area - 3)) + phone.slice(-3);
  }
  return '*'.repeat(phone.length);
}

interface Row {
  id: string;
  code: string;
  type: RequestType;
  created_at: string;
  created_ms: number;
  phone: string;
  cancelled_at: string | null;
  sent_at: string | null;
  state: RequestView['outbox'];
  maybe_delivered: number;
  attention_at: string | null;
}

const SELECT = `SELECT r.id, r.code, r.type, r.created_at, r.created_ms, r.phone, r.cancelled_at, r.sent_at,
  o.state, o.maybe_delivered, o.attention_at FROM requests r JOIN outbox o ON o.request_id = r.id`;

export function getRequestView(db: Db, id: string, nowMs: number, windowMs: number): RequestView | null {
  const row = db.prepare<[string], Row>(`${SELECT} WHERE r.id = ?`).get(id);
  return row ? toView(row, nowMs, windowMs) : null;
}

function toView(row: Row, nowMs: number, windowMs: number): RequestView {
  const e = cancelEligibility(row, nowMs, windowMs);
  return { id: row.id, code: row.code, type: row.type, createdAt: row.created_at, outbox: row.state, maskedPhone: maskPhone(row.phone), cancellable: e.cancellable, cancellableUntil: new Date(e.until).toISOString() };
}

const ORDER: Record<TimelineStatus, number> = { queued: 0, sent: 1, 'needs-attention': 2, cancelled: 2, received: 3, 'in-review': 4, 'visit-scheduled': 5, done: 6, rejected: 6 };

export function getStatusByCode(db: Db, code: string, nowMs: number, windowMs: number): StatusView | null {
  const row = db.prepare<[string], Row>(`${SELECT} WHERE r.code = ?`).get(code);
  const st = row
    ? db.prepare<[string], { status: RequestStatus; history: string; applied_at: string; request_id: string }>('SELECT status, history, applied_at, request_id FROM request_status WHERE request_id = ?').get(row.id)
    : db.prepare<[string], { status: RequestStatus; history: string; applied_at: string; request_id: string }>('SELECT status, history, applied_at, request_id FROM request_status WHERE code = ? ORDER BY updated_at DESC LIMIT 1').get(code);
  if (!row && !st) return null;
  const timeline: TimelineEntry[] = [];
  if (row) {
    timeline.push({ status: 'queued', at: row.created_at });
    if (row.cancelled_at) timeline.push({ status: 'cancelled', at: row.cancelled_at });
    if (row.sent_at) timeline.push({ status: 'sent', at: row.sent_at });
    if (row.state === 'needs-attention' && row.attention_at) timeline.push({ status: 'needs-attention', at: row.attention_at });
  }
  if (st) {
    const seen = new Set(timeline.map((t) => t.status));
    const history = JSON.parse(st.history) as TimelineEntry[];
    for (const h of history) {
      if ((h.status === 'queued' || h.status === 'sent') && seen.has(h.status)) continue;
      timeline.push(h.note ? { status: h.status, at: h.at, note: h.note } : { status: h.status, at: h.at });
    }
    if (!history.some((h) => h.status === st.status)) timeline.push({ status: st.status, at: st.applied_at });
  }
  timeline.sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.at.localeCompare(b.at));
  const current: TimelineStatus = st ? st.status : row!.state === 'cancelled' ? 'cancelled' : row!.state === 'needs-attention' ? 'needs-attention' : row!.sent_at ? 'sent' : 'queued';
  const e = row ? cancelEligibility(row, nowMs, windowMs) : null;
  return {
    code,
    id: row?.id ?? st!.request_id,
    type: row?.type ?? null,
    createdAt: row?.created_at ?? null,
    maskedPhone: row ? maskPhone(row.phone) : null,
    current,
    timeline,
    statusReceivedAt: st?.applied_at ?? null,
    cancellable: e?.cancellable ?? false,
    cancellableUntil: e ? new Date(e.until).toISOString() : null,
  };
}

export interface AttentionItem {
  id: string;
  code: string;
  type: RequestType;
  createdAt: string;
  maskedPhone: string;
  state: 'needs-attention' | 'queued';
  httpStatus: number | null;
  reason: string;
  since: string;
  attempts: number;
}

/**
 * What an attendant must see: requests the township would not take (409/422, parked), and
 * queued requests that have failed at least `stuckAfterAttempts` times (with the last error).
 */
export function attentionItems(db: Db, stuckAfterAttempts = 3, limit = 200): AttentionItem[] {
  return db
    .prepare<[number, number], { id: string; code: string; type: RequestType; created_at: string; phone: string; state: 'needs-attention' | 'queued' | 'attempting'; attention_status: number | null; attention_reason: string | null; attention_at: string | null; last_error: string | null; last_attempt_at: string | null; attempts: number }>(
      `SELECT r.id, r.code, r.type, r.created_at, r.phone, o.state, o.attention_status, o.attention_reason, o.attention_at, o.last_error, o.last_attempt_at, o.attempts
       FROM outbox o JOIN requests r ON r.id = o.request_id
       WHERE o.state = 'needs-attention' OR (o.state IN ('queued', 'attempting') AND o.attempts >= ?)
       ORDER BY (o.state = 'needs-attention') DESC, r.kiosk_seq LIMIT ?`,
    )
    .all(stuckAfterAttempts, limit)
    .map((r) => ({
      id: r.id,
      code: r.code,
      type: r.type,
      createdAt: r.created_at,
      maskedPhone: maskPhone(r.phone),
      // A stuck request being tried again right now is still a stuck request.
      state: r.state === 'needs-attention' ? ('needs-attention' as const) : ('queued' as const),
      httpStatus: r.attention_status,
      reason: r.attention_reason ?? r.last_error ?? '',
      since: r.attention_at ?? r.last_attempt_at ?? r.created_at,
      attempts: r.attempts,
    }));
}
