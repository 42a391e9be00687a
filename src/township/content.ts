// Published content (policies, job postings): upsert with a growing version, unpublish as a
// tombstone. Each change goes to the change feed in the same transaction. Bodies are
// validated with src/protocol/content.ts, the same schemas the kiosk checks.
//
// The next version is read, then written: a read-then-write. Every writer of an item first
// takes the item's lock (store/item-lock.ts: an advisory transaction lock on PostgreSQL, the
// immediate transaction's write lock on SQLite), so two publishes of one item, from two
// township processes or two requests on one pool, get two versions in commit order, and a
// kiosk never receives two different bodies under one (item, version).
import type { z } from 'zod';
import { CONTENT_ID, ContentBodySchemas, type ContentItemType } from '../protocol/content.js';
import { sha256Hex } from '../protocol/signing.js';
import type { SqlRunner } from './store/sql-store.js';
import { inTx, type SqlTarget } from './store/in-tx.js';
import { appendChange } from './feed.js';
import { lockItem } from './store/item-lock.js';

/** The one content id rule, shared with the kiosk's feed schema, slip QR codes and scan route. */
export const CONTENT_ID_PATTERN = CONTENT_ID;
export const CONTENT_TYPES = ['policy', 'job'] as const satisfies readonly ContentItemType[];

export interface ContentRow {
  type: ContentItemType;
  id: string;
  version: number;
  body: unknown;
  deleted: boolean;
  updatedAt: string;
  updatedBy: string | null;
}

export type UpsertResult = { ok: true; version: number; changed: boolean } | { ok: false; code: 'invalid-id' | 'invalid-body'; message: string; issues: Array<{ path: string; message: string }> };

/** `atLeastVersion` lets imported content keep the version it was written with (sample data). */
export async function upsertContent(store: SqlTarget, type: ContentItemType, id: string, body: unknown, by: string | null, now: Date, atLeastVersion = 1): Promise<UpsertResult> {
  if (!CONTENT_ID_PATTERN.test(id)) return { ok: false, code: 'invalid-id', message: `"${id.slice(0, 80)}" is not an item id: use lowercase letters, digits and dashes (1-64)`, issues: [] };
  const parsed = (ContentBodySchemas[type] as z.ZodType).safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { ok: false, code: 'invalid-body', message: issues.slice(0, 3).map((i) => `${i.path || 'body'}: ${i.message}`).join('; '), issues };
  }
  const text = JSON.stringify(parsed.data);
  const sha = sha256Hex(text);
  return inTx(store, async (q): Promise<UpsertResult> => {
      await lockItem(q, 'content', `${type}:${id}`);
      const cur = await q.get<{ version: number; sha256: string | null; deleted: number }>(`SELECT version, sha256, deleted FROM content WHERE type = ? AND id = ?`, [type, id]);
      if (cur && !cur.deleted && cur.sha256 === sha) return { ok: true, version: cur.version, changed: false };
      const version = Math.max((cur?.version ?? 0) + 1, atLeastVersion);
      const at = now.toISOString();
      await q.run(`INSERT INTO content(type, id, version, body, sha256, deleted, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 0, ?, ?)
         ON CONFLICT(type, id) DO UPDATE SET version = excluded.version, body = excluded.body, sha256 = excluded.sha256, deleted = 0, updated_at = excluded.updated_at, updated_by = excluded.updated_by`, [type, id, version, text, sha, at, by]);
      await appendChange(q, { type, itemId: id, kioskId: null, op: 'upsert', version, body: parsed.data, at: now });
      return { ok: true, version, changed: true };
    });
}

export type UnpublishResult = { ok: true; version: number } | { ok: false; code: 'not-found'; message: string };

export async function unpublishContent(store: SqlTarget, type: ContentItemType, id: string, by: string | null, now: Date): Promise<UnpublishResult> {
  return inTx(store, async (q): Promise<UnpublishResult> => {
      await lockItem(q, 'content', `${type}:${id}`);
      const cur = await q.get<{ version: number; deleted: number }>(`SELECT version, deleted FROM content WHERE type = ? AND id = ?`, [type, id]);
      if (!cur || cur.deleted) return { ok: false, code: 'not-found', message: `There is no published ${type} "${id}".` };
      const version = cur.version + 1;
      const at = now.toISOString();
      await q.run(`UPDATE content SET version = ?, deleted = 1, updated_at = ?, updated_by = ? WHERE type = ? AND id = ?`, [version, at, by, type, id]);
      await appendChange(q, { type, itemId: id, kioskId: null, op: 'delete', version, body: null, at: now });
      return { ok: true, version };
    });
}

interface Row {
  type: ContentItemType;
  id: string;
  version: number;
  body: string | null;
  deleted: number;
  updated_at: string;
  updated_by: string | null;
}

const toRow = (r: Row): ContentRow => ({ type: r.type, id: r.id, version: r.version, body: r.body === null ? null : (JSON.parse(r.body) as unknown), deleted: r.deleted === 1, updatedAt: r.updated_at, updatedBy: r.updated_by });

export async function listContent(store: SqlRunner, type?: ContentItemType): Promise<ContentRow[]> {
  const rows = type ? await store.all<Row>(`SELECT * FROM content WHERE type = ? ORDER BY deleted, updated_at DESC`, [type]) : await store.all<Row>(`SELECT * FROM content ORDER BY type, deleted, updated_at DESC`);
  return rows.map(toRow);
}

export async function getContent(store: SqlRunner, type: ContentItemType, id: string): Promise<ContentRow | null> {
  const r = await store.get<Row>(`SELECT * FROM content WHERE type = ? AND id = ?`, [type, id]);
  return r ? toRow(r) : null;
}

export async function contentCount(store: SqlRunner): Promise<number> {
  return (await store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM content`))!.n;
}
