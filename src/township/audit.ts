// The officials' audit log: who did what to which request or household, and when. Shown on
// the request's page. Never holds a phone number or a password: only that one was viewed.
import type { SqlRunner } from './store/sql-store.js';

export type AuditAction =
  | 'status-changed'
  | 'note-added'
  | 'reassigned'
  | 'phone-viewed'
  | 'visit-scheduled'
  | 'household-added'
  | 'household-edited'
  | 'household-deactivated'
  | 'card-issued'
  | 'card-revoked'
  | 'official-added'
  | 'official-disabled'
  | 'official-enabled'
  | 'password-reset'
  | 'kiosk-revoked'
  | 'content-imported';

export interface AuditEntry {
  id: number;
  at: string;
  by: string | null;
  subjectType: string;
  subjectId: string;
  action: AuditAction;
  detail: Record<string, unknown> | null;
}

export async function audit(store: SqlRunner, e: { at: Date; by: string | null; subjectType: string; subjectId: string; action: AuditAction; detail?: Record<string, unknown> | null }): Promise<void> {
  await store.run(`INSERT INTO audit_log(at, by_official, subject_type, subject_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)`, [e.at.toISOString(),
    e.by,
    e.subjectType,
    e.subjectId,
    e.action,
    e.detail ? JSON.stringify(e.detail) : null,]);
}

export async function auditFor(store: SqlRunner, subjectType: string, subjectId: string): Promise<AuditEntry[]> {
  return (await store.all<{ id: number; at: string; by_official: string | null; subject_type: string; subject_id: string; action: AuditAction; detail: string | null }>(`SELECT * FROM audit_log WHERE subject_type = ? AND subject_id = ? ORDER BY id`, [subjectType, subjectId])).map((r) => ({
    id: r.id,
    at: r.at,
    by: r.by_official,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    action: r.action,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
  }));
}
