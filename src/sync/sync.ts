// Pulls the township's signed change feed (src/protocol/feed.ts, docs/relay-protocol.md) and
// applies it: policies and jobs here, other item types through the appliers passed in
// (the requests module plugs in 'request-status').
//
// Order of checks for every page: transport (TLS, status, size while reading) -> envelope
// -> key id -> Ed25519 signature over the payload bytes -> only then parse the payload ->
// kioskId and cursor -> per item: envelope, sha256, body schema. A bad page is rejected as
// a whole (nothing applied, cursor kept, the last good content stays); a bad item is
// skipped with a log line. A page is applied and the cursor advanced in ONE transaction.
import { z } from 'zod';
import type { SyncNowOutput, SyncStatusOutput } from '../contract/content.js';
import type { RuntimeContext, RuntimeModule } from '../core/module.js';
import type { Db } from '../db/open.js';
import { ChangeItem, FEED_DEFAULT_LIMIT, FEED_MAX_PAGE_BYTES, FEED_PATH, SignedFeedPage, type ItemType } from '../protocol/feed.js';
import { JobBody, PolicyBody } from '../protocol/content.js';
import { keyId, publicKeyFromBase64, sha256Hex, verifyBytes } from '../protocol/signing.js';
import { createContentStore, type ContentStore } from '../content/store.js';
import { asOfFrom, readSyncState } from '../content/sync-state.js';
import { checkTownshipUrl } from '../shared/township-url.js';

export type Applier = (db: Db, item: ChangeItem) => 'applied' | 'skipped';
export type Appliers = Partial<Record<ItemType, Applier>>;

export interface SyncOptions {
  /** Appliers for item types other than 'policy' and 'job' (e.g. 'request-status'). */
  appliers?: Appliers;
  fetch?: typeof fetch;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Page size asked for (default FEED_DEFAULT_LIMIT). */
  limit?: number;
  /** Largest page accepted, bytes (default FEED_MAX_PAGE_BYTES). */
  maxPageBytes?: number;
  /** Delay before the first automatic sync after start (default 2 s). */
  firstDelayMs?: number;
}

export interface SyncModule extends RuntimeModule<'content.syncStatus' | 'content.syncNow'> {
  syncNow(): Promise<SyncNowOutput>;
}

/** The page envelope, with items left unchecked so one bad item does not sink the page. */
const LoosePage = z.object({
  kioskId: z.string(),
  cursor: z.string().nullable(),
  items: z.array(z.unknown()).max(100_000),
  nextCursor: z.string().min(1).max(2000),
  hasMore: z.boolean(),
  generatedAt: z.string(),
});

type PageResult =
  | { kind: 'page'; items: unknown[]; nextCursor: string; hasMore: boolean }
  | { kind: 'gone' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'refused'; status: number; reason: string }
  | { kind: 'http-error'; status: number; reason: string }
  | { kind: 'network'; reason: string };

async function readLimited(res: Response, max: number): Promise<Buffer | null> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => {});
    return null;
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

export function createSyncModule(ctx: RuntimeContext, opts: SyncOptions = {}): SyncModule {
  const { db, config } = ctx;
  const log = ctx.log.child({ component: 'sync' });
  const store: ContentStore = createContentStore(db);
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const limit = opts.limit ?? FEED_DEFAULT_LIMIT;
  const maxBytes = opts.maxPageBytes ?? FEED_MAX_PAGE_BYTES;
  const township = config.township;

  const builtIn: Appliers = {
    policy: (_db, item) => {
      if (item.op === 'delete') return store.remove('policy', item.id) ? 'applied' : 'skipped';
      const body = PolicyBody.safeParse(item.body);
      if (!body.success) return skipItem(item, `policy body: ${describeIssue(body.error)}`);
      return store.upsertPolicy(item.id, item.version, body.data, 'township', currentGen()) === 'applied' ? 'applied' : skipItem(item, 'an older version than the one held');
    },
    job: (_db, item) => {
      if (item.op === 'delete') return store.remove('job', item.id) ? 'applied' : 'skipped';
      const body = JobBody.safeParse(item.body);
      if (!body.success) return skipItem(item, `job body: ${describeIssue(body.error)}`);
      return store.upsertJob(item.id, item.version, body.data, 'township', currentGen()) === 'applied' ? 'applied' : skipItem(item, 'an older version than the one held');
    },
  };
  const appliers: Appliers = { ...opts.appliers, ...builtIn };

  const getGen = db.prepare('SELECT gen FROM content_sync WHERE id = 1').pluck();
  const currentGen = () => getGen.get() as number;
  const setCursor = db.prepare('UPDATE content_sync SET cursor = @cursor, last_sync_at = @now, last_error = NULL, applied_items = applied_items + @applied, skipped_items = skipped_items + @skipped WHERE id = 1');
  const startResync = db.prepare('UPDATE content_sync SET gen = gen + 1, resyncing = 1, cursor = NULL WHERE id = 1');
  const endResync = db.prepare('UPDATE content_sync SET resyncing = 0 WHERE id = 1');
  const recordRejection = db.prepare('UPDATE content_sync SET rejected_pages = rejected_pages + 1, last_rejection_at = @at, last_rejection_reason = @reason, last_error = @reason, last_attempt_at = @at WHERE id = 1');
  const recordError = db.prepare('UPDATE content_sync SET last_error = @reason, last_attempt_at = @at WHERE id = 1');
  const recordAttempt = db.prepare('UPDATE content_sync SET last_attempt_at = @at WHERE id = 1');

  function describeIssue(e: z.ZodError): string {
    const i = e.issues[0];
    return i ? `${i.path.join('.') || '(body)'}: ${i.message}` : 'invalid';
  }
  function skipItem(item: { type?: unknown; id?: unknown; seq?: unknown }, reason: string): 'skipped' {
    log.warn('sync-item-skipped', { type: item.type, id: item.id, seq: item.seq, reason });
    return 'skipped';
  }

  const publicKey = (() => {
    if (!township.publicKey) return null;
    try {
      return { key: publicKeyFromBase64(township.publicKey), id: keyId(township.publicKey) };
    } catch {
      return null;
    }
  })();

  async function fetchPage(cursor: string | null, signal: AbortSignal): Promise<PageResult> {
    const base = township.url!.replace(/\/+$/, '');
    const url = new URL(base + FEED_PATH(config.kioskId));
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    url.searchParams.set('limit', String(limit));
    let res: Response;
    try {
      res = await doFetch(url, { headers: { authorization: `Bearer ${township.kioskToken ?? ''}`, accept: 'application/json' }, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), redirect: 'error' });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      return { kind: 'network', reason: `cannot reach the township: ${err.cause?.code ?? err.cause?.message ?? err.message}` };
    }
    if (res.status === 410) {
      await res.body?.cancel().catch(() => {});
      return { kind: 'gone' };
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => {});
      return { kind: 'refused', status: res.status, reason: `the township refused this kiosk (HTTP ${res.status}): check the kiosk token` };
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => {});
      return { kind: 'http-error', status: res.status, reason: `the township answered HTTP ${res.status}` };
    }
    let bytes: Buffer | null;
    try {
      bytes = await readLimited(res, maxBytes);
    } catch (e) {
      return { kind: 'network', reason: `the connection broke while reading a page: ${(e as Error).message}` };
    }
    if (bytes === null) return { kind: 'rejected', reason: `page larger than ${maxBytes} bytes` };
    let outer: unknown;
    try {
      outer = JSON.parse(bytes.toString('utf8'));
    } catch {
      return { kind: 'rejected', reason: 'page is not JSON' };
    }
    if (typeof outer !== 'object' || outer === null || typeof (outer as { signature?: unknown }).signature !== 'string' || !(outer as { signature: string }).signature) {
      return { kind: 'rejected', reason: 'page is unsigned' };
    }
    const env = SignedFeedPage.safeParse(outer);
    if (!env.success) return { kind: 'rejected', reason: `page envelope is malformed (${describeIssue(env.error)})` };
    if (env.data.keyId !== publicKey!.id) return { kind: 'rejected', reason: `page is signed with key ${env.data.keyId.slice(0, 16)}, not the configured township key ${publicKey!.id}` };
    if (!verifyBytes(publicKey!.key, Buffer.from(env.data.payload, 'utf8'), env.data.signature)) return { kind: 'rejected', reason: 'page signature does not verify with the configured township key' };
    let payload: unknown;
    try {
      payload = JSON.parse(env.data.payload);
    } catch {
      return { kind: 'rejected', reason: 'signed payload is not JSON' };
    }
    const page = LoosePage.safeParse(payload);
    if (!page.success) return { kind: 'rejected', reason: `signed payload is not a feed page (${describeIssue(page.error)})` };
    if (page.data.kioskId !== config.kioskId) return { kind: 'rejected', reason: `page is for kiosk "${page.data.kioskId.slice(0, 64)}", not this kiosk "${config.kioskId}"` };
    if (page.data.cursor !== cursor) return { kind: 'rejected', reason: `page answers cursor ${JSON.stringify(page.data.cursor)?.slice(0, 80)}, not the one sent (${JSON.stringify(cursor)?.slice(0, 80)})` };
    return { kind: 'page', items: page.data.items, nextCursor: page.data.nextCursor, hasMore: page.data.hasMore };
  }

  /** Applies one verified page and advances the cursor, all in one transaction. */
  function applyPage(items: unknown[], nextCursor: string, hasMore: boolean): { applied: number; skipped: number; dropped: number } {
    let applied = 0;
    let skipped = 0;
    let dropped = 0;
    db.transaction(() => {
      for (const raw of items) {
        const parsed = ChangeItem.safeParse(raw);
        const loose = (typeof raw === 'object' && raw !== null ? raw : {}) as { type?: unknown; id?: unknown; seq?: unknown };
        if (!parsed.success) {
          skipped++;
          skipItem(loose, `item envelope: ${describeIssue(parsed.error)}`);
          continue;
        }
        const item = parsed.data;
        if (item.op === 'upsert' && sha256Hex(JSON.stringify(item.body)) !== item.sha256) {
          skipped++;
          skipItem(item, 'sha256 of the body does not match');
          continue;
        }
        const applier = appliers[item.type];
        if (!applier) {
          skipped++;
          skipItem(item, `no applier for item type ${item.type}`);
          continue;
        }
        let outcome: 'applied' | 'skipped';
        try {
          // A savepoint: an applier that throws leaves nothing half-written.
          outcome = db.transaction(() => applier(db, item))();
        } catch (e) {
          outcome = skipItem(item, `applier failed: ${(e as Error).message}`);
        }
        if (outcome === 'applied') applied++;
        else skipped++;
      }
      const state = readSyncState(db);
      if (!hasMore && state.resyncing) {
        const d = store.dropOlderThan(state.gen);
        dropped = d.policies + d.jobs;
        endResync.run();
      }
      setCursor.run({ cursor: nextCursor, now: ctx.now().toISOString(), applied, skipped });
    })();
    return { applied, skipped, dropped };
  }

  let running: Promise<SyncNowOutput> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const abort = new AbortController();

  async function run(): Promise<SyncNowOutput> {
    if (!township.url) return { outcome: 'not-configured', pages: 0, applied: 0, message: null };
    const at = () => ctx.now().toISOString();
    const urlCheck = checkTownshipUrl(township.url);
    const urlProblem = urlCheck.ok ? null : urlCheck.message;
    const setupProblem = urlProblem ?? (!publicKey ? 'no valid township public key is configured (township.publicKey), so no page can be trusted' : null);
    if (setupProblem) {
      recordError.run({ reason: setupProblem, at: at() });
      log.error('sync-not-possible', { reason: setupProblem });
      return { outcome: 'failed', pages: 0, applied: 0, message: setupProblem };
    }
    recordAttempt.run({ at: at() });
    let pages = 0;
    let applied = 0;
    let resets = 0;
    for (let guard = 0; guard < 100_000 && !stopped; guard++) {
      const state = readSyncState(db);
      if (state.cursor === null && !state.resyncing) startResync.run();
      const cursor = readSyncState(db).cursor;
      const r = await fetchPage(cursor, abort.signal);
      if (r.kind === 'network') {
        if (stopped) break;
        recordError.run({ reason: r.reason, at: at() });
        ctx.link.reportFailure(r.reason, new Date(ctx.now().getTime() + township.syncIntervalSeconds * 1000));
        log.warn('sync-failed', { reason: r.reason });
        return { outcome: 'failed', pages, applied, message: r.reason };
      }
      ctx.link.reportContact();
      if (r.kind === 'gone') {
        if (++resets > 1) {
          const reason = 'the township answered 410 (cursor too old) twice in a row';
          recordError.run({ reason, at: at() });
          return { outcome: 'failed', pages, applied, message: reason };
        }
        log.warn('sync-cursor-gone', { cursor, message: 'the township no longer has changes from this cursor: starting a full resync' });
        startResync.run();
        continue;
      }
      if (r.kind === 'refused') {
        recordError.run({ reason: r.reason, at: at() });
        ctx.link.reportPaused(r.reason);
        log.error('sync-refused', { status: r.status, reason: r.reason });
        return { outcome: 'failed', pages, applied, message: r.reason };
      }
      if (r.kind === 'http-error') {
        recordError.run({ reason: r.reason, at: at() });
        log.warn('sync-http-error', { status: r.status, reason: r.reason });
        return { outcome: 'failed', pages, applied, message: r.reason };
      }
      if (r.kind === 'rejected') {
        recordRejection.run({ reason: r.reason, at: at() });
        log.warn('sync-page-rejected', { reason: r.reason, cursor, message: 'page rejected; the kiosk keeps showing the last good content' });
        return { outcome: 'rejected', pages, applied, message: r.reason };
      }
      const res = applyPage(r.items, r.nextCursor, r.hasMore);
      pages++;
      applied += res.applied;
      if (res.skipped) log.info('sync-page-applied-with-skips', { skipped: res.skipped });
      ctx.link.setLastSync(ctx.now());
      if (!r.hasMore) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (applied > 1000) store.optimize();
    log.info('sync-done', { pages, applied });
    return { outcome: 'synced', pages, applied, message: null };
  }

  function syncNow(): Promise<SyncNowOutput> {
    if (running) return running;
    running = run()
      .then((r) => {
        if (r.outcome === 'synced') ctx.health?.ok('sync');
        return r;
      })
      .catch((e: unknown) => {
        const reason = `sync stopped by an unexpected error: ${(e as Error).message}`;
        log.error('sync-crashed', { error: e });
        ctx.health?.report('sync', e);
        try {
          recordError.run({ reason, at: ctx.now().toISOString() });
        } catch (e2) {
          // The disk that failed the sync may fail this write too: log it and go on (issue 8 item 2).
          log.error('sync-error-not-recorded', { error: e2, message: 'Could not record the sync error in the database; the next sync tries again.' });
          ctx.health?.report('sync', e2);
        }
        return { outcome: 'failed' as const, pages: 0, applied: 0, message: reason };
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  let offLinkUp: (() => void) | null = null;

  function schedule(ms: number) {
    if (stopped || !township.url) return;
    timer = setTimeout(() => {
      void syncNow().finally(() => schedule(township.syncIntervalSeconds * 1000));
    }, ms);
    timer.unref?.();
  }

  return {
    syncNow,
    handlers: {
      'content.syncStatus': (): SyncStatusOutput => {
        const s = readSyncState(db);
        return {
          configured: township.url !== null,
          asOf: asOfFrom(s),
          lastAttemptAt: s.last_attempt_at,
          lastError: s.last_error,
          rejectedPages: s.rejected_pages,
          lastRejection: s.last_rejection_at && s.last_rejection_reason ? { at: s.last_rejection_at, reason: s.last_rejection_reason } : null,
          skippedItems: s.skipped_items,
          appliedItems: s.applied_items,
          running: running !== null,
          counts: store.counts(),
        };
      },
      'content.syncNow': async () => {
        if (running) return { outcome: 'already-running' as const, pages: 0, applied: 0, message: null };
        return syncNow();
      },
    },
    start() {
      schedule(opts.firstDelayMs ?? 2000);
      // The link came back (the relay reached the township): pull content and status now
      // rather than at the next tick. While a sync runs, syncNow() returns that one.
      offLinkUp = ctx.link.onLinkUp(() => {
        if (!stopped && township.url) void syncNow();
      });
    },
    async stop() {
      stopped = true;
      offLinkUp?.();
      if (timer) clearTimeout(timer);
      abort.abort();
      await running?.catch(() => {});
    },
  };
}
