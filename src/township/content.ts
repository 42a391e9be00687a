// Published content (policies, job postings): upsert with a growing version, unpublish as a
// tombstone. Each change goes to the change feed in the same transaction. Bodies are
// validated with src/protocol/content.ts, the same schemas the kiosk checks.
import type { z } from 'zod';
import { CONTENT_ID, ContentBodySchemas, type ContentItemType } from '../protocol/content.js';
import { sha256Hex } from '../protocol/signing.js';
import type { Db } from './db/index.js';
import { appendChange } from './feed.js';

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
export function upsertContent(db: Db, type: ContentItemType, id: string, body: unknown, by: string | null, now: Date, atLeastVersion = 1): UpsertResult {
  if (!CONTENT_ID_PATTERN.test(id)) return { ok: false, code: 'invalid-id', message: `"${id.slice(0, 80)}" is not an item id: use lowercase letters, digits and dashes (1-64)`, issues: [] };
  const parsed = (ContentBodySchemas[type] as z.ZodType).safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { ok: false, code: 'invalid-body', message: issues.slice(0, 3).map((i) => `${i.path || 'body'}: ${i.message}`).join('; '), issues };
  }
  const text = JSON.stringify(parsed.data);
  const sha = sha256Hex(text);
  return db
    .transaction((): UpsertResult => {
      const cur = db.prepare(`SELECT version, sha256, deleted FROM content WHERE type = ? AND id = ?`).get(type, id) as { version: number; sha256: string | null; deleted: number } | undefined;
      if (cur && !cur.deleted && cur.sha256 === sha) return { ok: true, version: cur.version, changed: false };
      const version = Math.max((cur?.version ?? 0) + 1, atLeastVersion);
      const at = now.toISOString();
      db.prepare(
        `INSERT INTO content(type, id, version, body, sha256, deleted, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 0, ?, ?)
         ON CONFLICT(type, id) DO UPDATE SET version = excluded.version, body = excluded.body, sha256 = excluded.sha256, deleted = 0, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(type, id, version, text, sha, at, by);
      appendChange(db, { type, itemId: id, kioskId: null, op: 'upsert', version, body: parsed.data, at: now });
      return { ok: true, version, changed: true };
    })
    .immediate();
}

export type UnpublishResult = { ok: true; version: number } | { ok: false; code: 'not-found'; message: string };

export function unpublishContent(db: Db, type: ContentItemType, id: string, by: string | null, now: Date): UnpublishResult {
  return db
    .transaction((): UnpublishResult => {
      const cur = db.prepare(`SELECT version, deleted FROM content WHERE type = ? AND id = ?`).get(type, id) as { version: number; deleted: number } | undefined;
      if (!cur || cur.deleted) return { ok: false, code: 'not-found', message: `There is no published ${type} "${id}".` };
      const version = cur.version + 1;
      const at = now.toISOString();
      db.prepare(`UPDATE content SET version = ?, deleted = 1, updated_at = ?, updated_by = ? WHERE type = ? AND id = ?`).run(version, at, by, type, id);
      appendChange(db, { type, itemId: id, kioskId: null, op: 'delete', version, body: null, at: now });
      return { ok: true, version };
    })
    .immediate();
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

export function listContent(db: Db, type?: ContentItemType): ContentRow[] {
  const rows = (type ? db.prepare(`SELECT * FROM content WHERE type = ? ORDER BY deleted, updated_at DESC`).all(type) : db.prepare(`SELECT * FROM content ORDER BY type, deleted, updated_at DESC`).all()) as Row[];
  return rows.map(toRow);
}

export function getContent(db: Db, type: ContentItemType, id: string): ContentRow | null {
  const r = db.prepare(`SELECT * FROM content WHERE type = ? AND id = ?`).get(type, id) as Row | undefined;
  return r ? toRow(r) : null;
}

export function contentCount(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM content`).get() as { n: number }).n;
}
