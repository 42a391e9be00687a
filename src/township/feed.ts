// The signed change feed (src/protocol/feed.ts), township side.
//
// `changes` keeps one row per item: its latest change, under a fresh global seq. So reading
// from the start gives the latest version of every live item plus the tombstones still
// retained, and reading from a cursor gives everything that changed after it. Tombstones
// older than the retention are dropped; the position of the last one dropped becomes the
// "horizon", and a cursor below it gets 410 (the kiosk could have missed a deletion). A cursor
// from another database (epoch) or from beyond the top of the feed (a restored backup) also
// gets 410. How positions are read and compared is the store's dialect (feed-dialect.ts).
import { sha256Hex, signBytes } from '../protocol/signing.js';
import { FEED_MAX_PAGE_BYTES, type ChangeItem, type FeedPage, type ItemType, type SignedFeedPage } from '../protocol/feed.js';
import { getMeta, setMeta } from './meta.js';
import { lockItem } from './store/item-lock.js';
import type { TownshipKey } from './keys.js';
import type { FeedDialect, FeedPos, NewChange } from './feed-dialect.js';
import { sqliteFeed } from './feed-sqlite.js';
import { pgFeed } from './feed-pg.js';
import type { Dialect, SqlRunner, SqlStore } from './store/sql-store.js';

const dialects: Partial<Record<Dialect, FeedDialect>> = { sqlite: sqliteFeed, postgres: pgFeed };

/** storeb: feed-pg.ts registers the PostgreSQL side here (registerFeedDialect(pgFeed)). */
export function registerFeedDialect(d: FeedDialect): void {
  dialects[d.dialect] = d;
}

/** The feed dialect of a store or transaction. */
export function feedDialect(q: SqlRunner): FeedDialect {
  const d = dialects[q.dialect];
  if (!d) throw new Error(`The change feed has no implementation for the ${q.dialect} store yet.`);
  return d;
}

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

/** The row a change is stored as: its body as JSON text, and that text's hash. */
export function newChange(c: AppendChange): NewChange {
  const bodyText = c.op === 'upsert' ? JSON.stringify(c.body) : null;
  return {
    type: c.type,
    itemId: c.itemId,
    kioskId: c.kioskId,
    op: c.op,
    version: c.version,
    sha256: bodyText === null ? null : sha256Hex(bodyText),
    body: bodyText,
    at: c.at.toISOString(),
  };
}

/** Appends (replacing the item's previous change). Call inside the caller's transaction. */
export async function appendChange(q: SqlRunner, c: AppendChange): Promise<FeedPos> {
  return feedDialect(q).append(q, newChange(c));
}

export interface Cursor {
  e: string;
  pos: FeedPos;
}

export function encodeCursor(d: FeedDialect, pos: FeedPos, epoch: string): string {
  return Buffer.from(JSON.stringify({ ...d.cursorFields(pos), e: epoch })).toString('base64url');
}

export function decodeCursor(d: FeedDialect, text: string): Cursor | null {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const o = v as Record<string, unknown>;
    const pos = d.fromCursorFields(o);
    if (pos && typeof o.e === 'string') return { e: o.e, pos };
  } catch {
    /* fall through */
  }
  return null;
}

/** The top of the feed (feed-dialect.ts): SQLite, the highest seq ever assigned. */
export async function feedTop(q: SqlRunner): Promise<FeedPos> {
  const d = feedDialect(q);
  return d.top(q, d.parsePos(await getMeta(q, 'horizon')));
}

export type PageResult =
  | { ok: true; page: FeedPage; signed: SignedFeedPage }
  | { ok: false; status: 400 | 410; code: string; message: string };

type PageBody = { ok: true; page: FeedPage } | Extract<PageResult, { ok: false }>;

export async function readFeedPage(store: SqlStore, key: TownshipKey, kioskId: string, cursorText: string | null, limit: number, now: Date): Promise<PageResult> {
  const d = feedDialect(store);
  // One transaction: the epoch, horizon, top and rows are one consistent snapshot.
  const r = await store.tx(async (q): Promise<PageBody> => {
    const epoch = (await getMeta(q, 'epoch'))!;
    const horizon = d.parsePos(await getMeta(q, 'horizon'));
    // Taken before the rows are read (feed-pg.ts): both are then at or below the read's watermark.
    const { top, settled } = await d.tops(q, horizon);
    let after: FeedPos = { seq: 0 };
    if (cursorText !== null) {
      const c = decodeCursor(d, cursorText);
      if (!c) return { ok: false, status: 400, code: 'bad-cursor', message: 'The cursor is not one this township issued; start again without a cursor.' };
      if (c.e !== epoch) return { ok: false, status: 410, code: 'cursor-other-epoch', message: 'The cursor is from another township database; resync from the start (no cursor).' };
      if (d.compare(c.pos, horizon) < 0) return { ok: false, status: 410, code: 'cursor-too-old', message: 'The cursor is older than the retained history; resync from the start (no cursor).' };
      if (d.compare(c.pos, top) > 0) return { ok: false, status: 410, code: 'cursor-ahead', message: 'The cursor is ahead of this township (was the database restored?); resync from the start (no cursor).' };
      after = c.pos;
    }
    const rows = await d.readAfter(q, kioskId, after, limit + 1);
    const items: ChangeItem[] = [];
    let bytes = 0;
    let hasMore = rows.length > limit;
    let last = after;
    for (const r of rows.slice(0, limit)) {
      const size = (r.body?.length ?? 0) * 3 + 200; // worst-case UTF-8 size estimate
      if (items.length > 0 && bytes + size > FEED_MAX_PAGE_BYTES) {
        hasMore = true;
        break;
      }
      bytes += size;
      last = r.pos;
      items.push(
        r.op === 'upsert'
          ? { seq: r.pos.seq, type: r.type, id: r.itemId, op: 'upsert', version: r.version, sha256: r.sha256!, body: JSON.parse(r.body!) as unknown }
          : { seq: r.pos.seq, type: r.type, id: r.itemId, op: 'delete', version: r.version, sha256: null, body: null },
      );
    }
    // With nothing more to read, the cursor jumps to the settled top of the feed (SQLite: the
    // top; PostgreSQL: the newest readable row), so other kiosks' status changes are not scanned
    // again next time, and the cursor stays the same until something new is readable.
    const next = hasMore || d.compare(last, settled) > 0 ? last : settled;
    const page: FeedPage = { kioskId, cursor: cursorText, items, nextCursor: encodeCursor(d, next, epoch), hasMore, generatedAt: now.toISOString() };
    return { ok: true, page };
  });
  if (!r.ok) return r;
  const payload = JSON.stringify(r.page);
  return { ok: true, page: r.page, signed: { payload, signature: signBytes(key.privateKey, payload), keyId: key.keyId } };
}

/** Drops tombstones older than the retention; returns how many. Moves the 410 horizon. */
export async function compactFeed(store: SqlStore, retentionDays: number, now: Date): Promise<number> {
  const d = feedDialect(store);
  return store.tx(
    async (q) => {
      // Compactions take turns (PostgreSQL: several processes compact): two at once could each
      // read the old horizon, and the one that dropped less, committing last, would move the
      // horizon back below tombstones the other had dropped.
      await lockItem(q, 'feed', 'horizon');
      const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
      const { removed, last } = await d.dropTombstones(q, cutoff);
      if (!removed || !last) return 0;
      const old = d.parsePos(await getMeta(q, 'horizon'));
      await setMeta(q, 'horizon', d.formatPos(d.compare(last, old) > 0 ? last : old));
      return removed;
    },
    { immediate: true },
  );
}
