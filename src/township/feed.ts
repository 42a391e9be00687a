// The signed change feed (src/protocol/feed.ts), township side.
//
// `changes` keeps one row per item: its latest change, under a fresh global seq. So reading
// from seq 0 gives the latest version of every live item plus the tombstones still
// retained, and reading from a cursor gives everything that changed after it. Tombstones
// older than the retention are dropped; the highest dropped seq becomes the "horizon", and a
// cursor below it gets 410 (the kiosk could have missed a deletion). A cursor from another
// database (epoch) or from beyond the newest seq (a restored backup) also gets 410.
import { sha256Hex, signBytes } from '../protocol/signing.js';
import { FEED_MAX_PAGE_BYTES, type ChangeItem, type FeedPage, type ItemType, type SignedFeedPage } from '../protocol/feed.js';
import { getMeta, setMeta, type Db } from './db/index.js';
import type { TownshipKey } from './keys.js';
import { cached } from '../db/statement-cache.js';
import { existingFeedMarks } from './feed-marks.js';

export interface AppendChange {
  type: ItemType;
  itemId: string;
  /** Set for request-status items: only this kiosk sees them. */
  kioskId: string | null;
  op: 'upsert' | 'delete';
  version: number;
  body: unknown;
  at: Date;
}

/** Appends (replacing the item's previous change). Call inside the caller's transaction. */
export function appendChange(db: Db, c: AppendChange): number {
  const bodyText = c.op === 'upsert' ? JSON.stringify(c.body) : null;
  cached(db, `DELETE FROM changes WHERE type = ? AND item_id = ?`).run(c.type, c.itemId);
  const r = cached(db, `INSERT INTO changes(type, item_id, kiosk_id, op, version, sha256, body, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(c.type, c.itemId, c.kioskId, c.op, c.version, bodyText === null ? null : sha256Hex(bodyText), bodyText, c.at.toISOString());
  const seq = Number(r.lastInsertRowid);
  existingFeedMarks(db)?.noteChange(seq, c.kioskId);
  return seq;
}

interface Cursor {
  s: number;
  e: string;
}

export function encodeCursor(seq: number, epoch: string): string {
  return Buffer.from(JSON.stringify({ s: seq, e: epoch } satisfies Cursor)).toString('base64url');
}

export function decodeCursor(text: string): Cursor | null {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof v.s === 'number' && Number.isSafeInteger(v.s) && v.s >= 0 && typeof v.e === 'string') return { s: v.s, e: v.e };
  } catch {
    /* fall through */
  }
  return null;
}

/** The highest seq ever assigned (0 for none). */
export function maxSeq(db: Db): number {
  const row = cached(db, `SELECT seq FROM sqlite_sequence WHERE name = 'changes'`).get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

export type PageResult =
  | { ok: true; page: FeedPage; signed: SignedFeedPage }
  | { ok: false; status: 400 | 410; code: string; message: string };

export function readFeedPage(db: Db, key: TownshipKey, kioskId: string, cursorText: string | null, limit: number, now: Date): PageResult {
  return db.transaction((): PageResult => {
    const epoch = getMeta(db, 'epoch')!;
    const horizon = Number(getMeta(db, 'horizon') ?? '0');
    const top = maxSeq(db);
    let after = 0;
    if (cursorText !== null) {
      const c = decodeCursor(cursorText);
      if (!c) return { ok: false, status: 400, code: 'bad-cursor', message: 'The cursor is not one this township issued; start again without a cursor.' };
      if (c.e !== epoch) return { ok: false, status: 410, code: 'cursor-other-epoch', message: 'The cursor is from another township database; resync from the start (no cursor).' };
      if (c.s < horizon) return { ok: false, status: 410, code: 'cursor-too-old', message: 'The cursor is older than the retained history; resync from the start (no cursor).' };
      if (c.s > top) return { ok: false, status: 410, code: 'cursor-ahead', message: 'The cursor is ahead of this township (was the database restored?); resync from the start (no cursor).' };
      after = c.s;
    }
    const rows = cached(db, `SELECT seq, type, item_id, op, version, sha256, body FROM changes WHERE seq > ? AND (kiosk_id IS NULL OR kiosk_id = ?) ORDER BY seq LIMIT ?`)
      .all(after, kioskId, limit + 1) as Array<{ seq: number; type: ItemType; item_id: string; op: 'upsert' | 'delete'; version: number; sha256: string | null; body: string | null }>;
    const items: ChangeItem[] = [];
    let bytes = 0;
    let hasMore = rows.length > limit;
    for (const r of rows.slice(0, limit)) {
      const size = (r.body?.length ?? 0) * 3 + 200; // worst-case UTF-8 size estimate
      if (items.length > 0 && bytes + size > FEED_MAX_PAGE_BYTES) {
        hasMore = true;
        break;
      }
      bytes += size;
      items.push(
        r.op === 'upsert'
          ? { seq: r.seq, type: r.type, id: r.item_id, op: 'upsert', version: r.version, sha256: r.sha256!, body: JSON.parse(r.body!) as unknown }
          : { seq: r.seq, type: r.type, id: r.item_id, op: 'delete', version: r.version, sha256: null, body: null },
      );
    }
    // With nothing more to read, the cursor jumps to the newest seq, so other kiosks' status
    // changes are not scanned again next time.
    const lastSeq = items.length ? items[items.length - 1]!.seq : after;
    const nextSeq = hasMore ? lastSeq : Math.max(lastSeq, top);
    const page: FeedPage = { kioskId, cursor: cursorText, items, nextCursor: encodeCursor(nextSeq, epoch), hasMore, generatedAt: now.toISOString() };
    const payload = JSON.stringify(page);
    return { ok: true, page, signed: { payload, signature: signBytes(key.privateKey, payload), keyId: key.keyId } };
  })();
}

/** Drops tombstones older than the retention; returns how many. Moves the 410 horizon. */
export function compactFeed(db: Db, retentionDays: number, now: Date): number {
  return db.transaction(() => {
    const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    const row = cached(db, `SELECT MAX(seq) AS m, COUNT(*) AS n FROM changes WHERE op = 'delete' AND at <= ?`).get(cutoff) as { m: number | null; n: number };
    if (!row.n) return 0;
    cached(db, `DELETE FROM changes WHERE op = 'delete' AND seq <= ? AND at <= ?`).run(row.m, cutoff);
    const horizon = Math.max(Number(getMeta(db, 'horizon') ?? '0'), row.m!);
    setMeta(db, 'horizon', String(horizon));
    existingFeedMarks(db)?.noteHorizon(horizon);
    return row.n;
  })();
}
