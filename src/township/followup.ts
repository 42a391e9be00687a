// Officials' follow-up of requests: who has each request, when it is due, first contact,
// the home-visit date, and what was done (audit). Kept beside the relay's requests table in
// request_followup, filled lazily (ensureFollowups) so request ingest stays untouched.
//
// Assignment (default): the official in charge of the household (a request filed with a
// card), else the official in charge of the policy behind the request type (the one
// official account whose work phone is on the published policies of that type), else the
// village's official. Reassignable.
// Due date: the promise on the villager's receipt (src/requests/texts.ts WHAT_HAPPENS_NEXT):
// "a call within N working days" from the day the township received it.
import type { RequestType } from '../protocol/relay.js';
import type { RequestStatus } from '../protocol/feed.js';
import type { PolicyBody } from '../protocol/content.js';
import type { SqlRunner, SqlStore } from './store/sql-store.js';
import { inTx, type SqlTarget } from './store/in-tx.js';
import { audit, auditFor, type AuditEntry } from './audit.js';
import { isActiveOfficial, villageOfficial } from './accounts.js';
import { addWorkingDays } from './time.js';

/** Working days promised on the receipt for the first call. Where the receipt names no number, the township's standard of 3 (agronomist: 5). */
export const PROMISED_WORKING_DAYS: Record<RequestType, number> = {
  'senior-subsidy': 3,
  'home-visit': 3,
  'legal-aid': 5,
  'agronomist-visit': 5,
  'job-interest': 3,
  'general-help': 3,
};

export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'in-review', 'visit-scheduled'];

interface Req {
  id: string;
  type: RequestType;
  village: string;
  household_id: string | null;
  received_at: string;
}

export async function defaultAssignee(store: SqlRunner, r: Req): Promise<string | null> {
  if (r.household_id) {
    const h = await store.get<{ official: string | null }>(`SELECT official FROM households WHERE id = ? AND active = 1`, [r.household_id]);
    if (h?.official && await isActiveOfficial(store, h.official)) return h.official;
  }
  // The official in charge of the policy behind the request type: only when the published
  // policies of that type name exactly one official with an account (matched by work phone).
  const policies = await store.all<{ body: string }>(`SELECT body FROM content WHERE type = 'policy' AND deleted = 0`);
  const byPolicy = new Set<string>();
  for (const p of policies) {
    const body = JSON.parse(p.body) as PolicyBody;
    if (body.relatedRequestType !== r.type) continue;
    const o = await store.get<{ username: string }>(`SELECT username FROM officials WHERE phone = ? AND disabled_at IS NULL`, [body.official.phone]);
    if (o) byPolicy.add(o.username);
  }
  if (byPolicy.size === 1) return [...byPolicy][0]!;
  const v = await villageOfficial(store, r.village);
  if (v && await isActiveOfficial(store, v)) return v;
  return null;
}

/** Creates the follow-up row of every request that has none (assignment + due date). */
export async function ensureFollowups(store: SqlTarget): Promise<number> {
  const missing = await store.all<Req>(`SELECT id, type, village, household_id, received_at FROM requests r WHERE NOT EXISTS (SELECT 1 FROM request_followup f WHERE f.request_id = r.id) LIMIT 5000`);
  if (missing.length === 0) return 0;
  await inTx(store, async (q) => {
    for (const r of missing) {
      const due = addWorkingDays(new Date(r.received_at), PROMISED_WORKING_DAYS[r.type] ?? 3).toISOString();
      await q.run(`INSERT INTO request_followup(request_id, assigned_to, due_at) VALUES (?, ?, ?) ON CONFLICT(request_id) DO NOTHING`, [r.id, await defaultAssignee(q, r), due]);
    }
  });
  return missing.length;
}

export interface Followup {
  assignedTo: string | null;
  dueAt: string | null;
  visitDate: string | null;
  /** When an official first changed the status (the first contact), or null. */
  firstContactAt: string | null;
  overdue: boolean;
}

export async function getFollowup(store: SqlStore, requestId: string, now: Date): Promise<Followup | null> {
  await ensureFollowups(store);
  const f = await store.get<{ assigned_to: string | null; due_at: string | null; visit_date: string | null; status: RequestStatus; first_contact: string | null }>(`SELECT f.assigned_to, f.due_at, f.visit_date, r.status, (SELECT MIN(at) FROM request_history h WHERE h.request_id = r.id AND h.n > 1) AS first_contact FROM request_followup f JOIN requests r ON r.id = f.request_id WHERE f.request_id = ?`, [requestId]);
  if (!f) return null;
  return { assignedTo: f.assigned_to, dueAt: f.due_at, visitDate: f.visit_date, firstContactAt: f.first_contact, overdue: isOverdue(f.status, f.due_at, f.first_contact, now) };
}

/** Overdue: still open, and nobody has contacted the villager by the promised day. */
export function isOverdue(status: RequestStatus, dueAt: string | null, firstContactAt: string | null, now: Date): boolean {
  return OPEN_STATUSES.includes(status) && firstContactAt === null && dueAt !== null && dueAt < now.toISOString();
}

export type FollowupResult = { ok: true } | { ok: false; message: string };

export async function reassign(store: SqlTarget, requestId: string, username: string | null, by: string, now: Date): Promise<FollowupResult> {
  await ensureFollowups(store);
  if (username && !await isActiveOfficial(store, username)) return { ok: false, message: `there is no active official "${username.slice(0, 40)}"` };
  // The row is locked (a no-op UPDATE) before the current assignee is read, so two
  // reassignments at once (two officials, two township processes) are recorded as the chain
  // they are (from X to a, then from a to b), never both "from X".
  return inTx(store, async (q): Promise<FollowupResult> => {
    if ((await q.run(`UPDATE request_followup SET assigned_to = assigned_to WHERE request_id = ?`, [requestId])).changes === 0) return { ok: false, message: 'there is no such request' };
    const cur = await q.get<{ assigned_to: string | null }>(`SELECT assigned_to FROM request_followup WHERE request_id = ?`, [requestId]);
    await q.run(`UPDATE request_followup SET assigned_to = ? WHERE request_id = ?`, [username, requestId]);
    await audit(q, { at: now, by, subjectType: 'request', subjectId: requestId, action: 'reassigned', detail: { from: cur?.assigned_to ?? null, to: username } });
    return { ok: true };
  });
}

export async function setVisitDate(store: SqlTarget, requestId: string, day: string, by: string, now: Date): Promise<FollowupResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) return { ok: false, message: 'visit date: a day like 2026-12-08' };
  await ensureFollowups(store);
  await inTx(store, async (q) => {
    await q.run(`UPDATE request_followup SET visit_date = ? WHERE request_id = ?`, [day, requestId]);
    await audit(q, { at: now, by, subjectType: 'request', subjectId: requestId, action: 'visit-scheduled', detail: { date: day } });
  });
  return { ok: true };
}

export async function addNote(store: SqlRunner, requestId: string, note: string, by: string, now: Date): Promise<FollowupResult> {
  const n = note.trim();
  if (!n || n.length > 1000) return { ok: false, message: 'note: 1-1000 characters' };
  await audit(store, { at: now, by, subjectType: 'request', subjectId: requestId, action: 'note-added', detail: { note: n } });
  return { ok: true };
}

export async function logPhoneView(store: SqlRunner, requestId: string, by: string, now: Date): Promise<void> {
  await audit(store, { at: now, by, subjectType: 'request', subjectId: requestId, action: 'phone-viewed' });
}

export async function logStatusChange(store: SqlRunner, requestId: string, status: RequestStatus, note: string, by: string, now: Date): Promise<void> {
  await audit(store, { at: now, by, subjectType: 'request', subjectId: requestId, action: 'status-changed', detail: { status, ...(note.trim() ? { note: note.trim() } : {}) } });
}

export async function requestAudit(store: SqlRunner, requestId: string): Promise<AuditEntry[]> {
  return await auditFor(store, 'request', requestId);
}

// ---- the list: filters shared by the page, the export and the dashboard -----------------
export interface FollowupFilter {
  village?: string | undefined;
  type?: string | undefined;
  status?: string | undefined;
  assignedTo?: string | undefined;
  overdueOnly?: boolean;
}

export interface FollowupRow {
  id: string;
  code: string;
  townshipRef: string;
  type: RequestType;
  village: string;
  status: RequestStatus;
  receivedAt: string;
  statusUpdatedAt: string;
  assignedTo: string | null;
  dueAt: string | null;
  visitDate: string | null;
  firstContactAt: string | null;
  householdId: string | null;
  /** The hall attendant's badge id when the request was filed on a walk-in's behalf. */
  assistedBy: string | null;
  overdue: boolean;
}

export async function listFollowups(store: SqlStore, f: FollowupFilter, now: Date, limit = 10_000, offset = 0): Promise<{ rows: FollowupRow[]; total: number; overdue: number }> {
  await ensureFollowups(store);
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.village) (where.push('r.village = ?'), args.push(f.village));
  if (f.type) (where.push('r.type = ?'), args.push(f.type));
  if (f.status) (where.push('r.status = ?'), args.push(f.status));
  if (f.assignedTo) (where.push('f.assigned_to = ?'), args.push(f.assignedTo));
  const overdueSql = `(r.status IN ('received', 'in-review', 'visit-scheduled') AND fc.first_contact IS NULL AND f.due_at < ?)`;
  if (f.overdueOnly) (where.push(overdueSql), args.push(now.toISOString()));
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const from = `FROM requests r LEFT JOIN request_followup f ON f.request_id = r.id LEFT JOIN (SELECT request_id, MIN(at) AS first_contact FROM request_history WHERE n > 1 GROUP BY request_id) fc ON fc.request_id = r.id ${w}`;
  const nowIso = now.toISOString();
  const counts = (await store.get<{ n: number; o: number | null }>(`SELECT COUNT(*) AS n, SUM(CASE WHEN ${overdueSql} THEN 1 ELSE 0 END) AS o ${from}`, [nowIso, ...args]))!;
  // (The overdue flag as CASE … THEN 1 ELSE 0: a bare comparison would be a boolean on PostgreSQL.)
  const rows = await store.all<{ id: string; code: string; township_ref: string; type: RequestType; village: string; status: RequestStatus; received_at: string; status_updated_at: string; household_id: string | null; assisted_by: string | null; assigned_to: string | null; due_at: string | null; visit_date: string | null; first_contact: string | null; overdue: number }>(
    `SELECT r.id, r.code, r.township_ref, r.type, r.village, r.status, r.received_at, r.status_updated_at, r.household_id, r.assisted_by, f.assigned_to, f.due_at, f.visit_date, fc.first_contact, CASE WHEN ${overdueSql} THEN 1 ELSE 0 END AS overdue ${from} ORDER BY overdue DESC, CASE WHEN r.status IN ('received', 'in-review', 'visit-scheduled') THEN 0 ELSE 1 END, f.due_at, r.ref DESC LIMIT ? OFFSET ?`,
    [nowIso, ...args, limit, offset],
  );
  return {
    total: Number(counts.n),
    overdue: Number(counts.o ?? 0),
    rows: rows.map((r) => ({
      id: r.id,
      code: r.code,
      townshipRef: r.township_ref,
      type: r.type,
      village: r.village,
      status: r.status,
      receivedAt: r.received_at,
      statusUpdatedAt: r.status_updated_at,
      assignedTo: r.assigned_to,
      dueAt: r.due_at,
      visitDate: r.visit_date,
      firstContactAt: r.first_contact,
      householdId: r.household_id,
      assistedBy: r.assisted_by,
      overdue: Number(r.overdue) === 1,
    })),
  };
}

// ---- dashboard ---------------------------------------------------------------------------
export interface Dashboard {
  cells: Array<{ village: string; type: RequestType; status: RequestStatus; n: number }>;
  overdueByVillage: Array<{ village: string; n: number }>;
  overdueTotal: number;
  /** Median hours from the township receiving a request to an official's first status change; null with none. */
  medianHoursToFirstContact: number | null;
  contacted: number;
}

export async function dashboard(store: SqlStore, now: Date, f: FollowupFilter = {}): Promise<Dashboard> {
  const all = (await listFollowups(store, f, now)).rows;
  const cells = new Map<string, { village: string; type: RequestType; status: RequestStatus; n: number }>();
  const overdue = new Map<string, number>();
  const hours: number[] = [];
  for (const r of all) {
    const k = `${r.village}\u0000${r.type}\u0000${r.status}`;
    const c = cells.get(k) ?? { village: r.village, type: r.type, status: r.status, n: 0 };
    c.n++;
    cells.set(k, c);
    if (r.overdue) overdue.set(r.village, (overdue.get(r.village) ?? 0) + 1);
    if (r.firstContactAt) hours.push((Date.parse(r.firstContactAt) - Date.parse(r.receivedAt)) / 3_600_000);
  }
  hours.sort((a, b) => a - b);
  const median = hours.length === 0 ? null : hours.length % 2 ? hours[(hours.length - 1) / 2]! : (hours[hours.length / 2 - 1]! + hours[hours.length / 2]!) / 2;
  return {
    cells: [...cells.values()].sort((a, b) => a.village.localeCompare(b.village) || a.type.localeCompare(b.type) || a.status.localeCompare(b.status)),
    overdueByVillage: [...overdue.entries()].map(([village, n]) => ({ village, n })).sort((a, b) => b.n - a.n),
    overdueTotal: [...overdue.values()].reduce((a, b) => a + b, 0),
    medianHoursToFirstContact: median,
    contacted: hours.length,
  };
}
