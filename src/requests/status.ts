// Status back from the township: applies feed items of type 'request-status' (body
// RequestStatusBody, see src/protocol/feed.ts) to the request_status table.
//
// The content sync module calls applyRequestStatus(db, item) for each such item INSIDE its
// page transaction (so the status and the feed cursor advance together). It never throws for
// a bad item: it returns {applied: false, reason} and the sync module decides what to log.
import type { Db } from '../db/open.js';
import { RequestStatusBody, type ChangeItem } from '../protocol/feed.js';

export type ApplyStatusResult = { applied: true } | { applied: false; reason: 'stale' | 'invalid' | 'wrong-type'; message: string };

export function applyRequestStatus(db: Db, item: ChangeItem, appliedAt: Date = new Date()): ApplyStatusResult {
  if (item.type !== 'request-status') return { applied: false, reason: 'wrong-type', message: `item type ${item.type} is not request-status` };
  const existing = db.prepare<[string], { version: number }>('SELECT version FROM request_status WHERE request_id = ?').get(item.id);
  if (existing && existing.version > item.version) return { applied: false, reason: 'stale', message: `have version ${existing.version}, got ${item.version}` };
  if (item.op === 'delete') {
    db.prepare('DELETE FROM request_status WHERE request_id = ?').run(item.id);
    return { applied: true };
  }
  const parsed = RequestStatusBody.safeParse(item.body);
  if (!parsed.success) return { applied: false, reason: 'invalid', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const b = parsed.data;
  if (b.requestId !== item.id) return { applied: false, reason: 'invalid', message: `body.requestId ${b.requestId} differs from item id ${item.id}` };
  db.prepare(
    `INSERT INTO request_status (request_id, code, status, updated_at, history, version, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (request_id) DO UPDATE SET code = excluded.code, status = excluded.status, updated_at = excluded.updated_at,
       history = excluded.history, version = excluded.version, applied_at = excluded.applied_at`,
  ).run(b.requestId, b.code, b.status, b.updatedAt, JSON.stringify(b.history), item.version, appliedAt.toISOString());
  return { applied: true };
}
