// Sync against a REAL HTTP server on 127.0.0.1 serving fixture pages signed with a test
// key: good pages, tombstones, 410 resync, bad/unsigned/mis-keyed signatures, wrong kiosk,
// wrong cursor, oversized and malformed pages, items missing fields, township down.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import { PolicySearchInput, type SyncStatusOutput } from '#contract/content.js';
import { loadEmbeddedContent } from '#src/content/embedded.js';
import { createContentStore } from '#src/content/store.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import { openDatabase } from '#src/db/open.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { FEED_PATH, type FeedPage } from '#protocol/feed.js';
import { generateSigningKey, keyId, sha256Hex, signBytes } from '#protocol/signing.js';
import { createSyncModule, type Appliers } from '#src/sync/sync.js';
import { generateJobs, generatePolicies, SAMPLE_AS_OF } from '#resources/content/generate.js';

const KIOSK = 'kiosk-test-1';
const TOKEN = 'test-token-0123456789';
const key = generateSigningKey();
const otherKey = generateSigningKey();
const NOW = new Date(`${SAMPLE_AS_OF}T10:00:00+08:00`);
const policies = generatePolicies(99);
const jobs = generateJobs(30, 98);

type Item = Record<string, unknown>;
const upsert = (seq: number, type: string, id: string, body: unknown, version = 1): Item => ({ seq, type, id, op: 'upsert', version, sha256: sha256Hex(JSON.stringify(body)), body });
const tombstone = (seq: number, type: string, id: string, version = 2): Item => ({ seq, type, id, op: 'delete', version, sha256: null, body: null });

function signed(page: Omit<FeedPage, 'items'> & { items: unknown[] }, signer = key) {
  const payload = JSON.stringify(page);
  return JSON.stringify({ payload, signature: signBytes(signer.privateKeyPem, payload), keyId: keyId(signer.publicKey) });
}

/** A township feed: pages by cursor; `override` lets a test answer one request its own way. */
class FeedServer {
  server!: Server;
  url = '';
  requests: Array<{ cursor: string | null; auth: string | undefined }> = [];
  pages = new Map<string | null, { items: unknown[]; next: string; hasMore: boolean }>();
  override: ((req: IncomingMessage, res: ServerResponse, cursor: string | null) => boolean) | null = null;
  gone = new Set<string>();
  async start() {
    this.server = createServer((req, res) => {
      const u = new URL(req.url!, 'http://x');
      const cursor = u.searchParams.get('cursor');
      this.requests.push({ cursor, auth: req.headers.authorization });
      if (u.pathname !== FEED_PATH(KIOSK) || req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(u.pathname !== FEED_PATH(KIOSK) ? 404 : 401).end();
        return;
      }
      if (this.override?.(req, res, cursor)) return;
      if (cursor && this.gone.has(cursor)) {
        res.writeHead(410).end();
        return;
      }
      const p = this.pages.get(cursor);
      if (!p) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(signed({ kioskId: KIOSK, cursor, items: p.items, nextCursor: p.next, hasMore: p.hasMore, generatedAt: NOW.toISOString() }));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

function setup(url: string, opts: { appliers?: Appliers; maxPageBytes?: number; embedded?: boolean } = {}) {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-sync-')), 'kiosk.db'));
  const log = createMemoryLogger();
  const bus = createEventBus();
  const link = createLinkMonitor(bus, { configured: true, now: () => NOW });
  const config = ConfigSchema.parse({ kioskId: KIOSK, township: { url, kioskToken: TOKEN, publicKey: key.publicKey, publicUrl: null, syncIntervalSeconds: 60 } });
  const ctx: RuntimeContext = { config, db, log, bus, now: () => NOW, link };
  const store = createContentStore(db);
  if (opts.embedded) loadEmbeddedContent(db, store, log, NOW);
  const sync = createSyncModule(ctx, { appliers: opts.appliers, maxPageBytes: opts.maxPageBytes, timeoutMs: 5000 });
  const status = () => sync.handlers['content.syncStatus']({}) as SyncStatusOutput;
  const ids = (q = '') => {
    const out: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const p = store.searchPolicies(PolicySearchInput.parse({ query: q, offset, limit: 50 }));
      out.push(...p.items.map((i) => i.id));
      offset = p.nextOffset;
    }
    return out.sort();
  };
  return { db, log, link, store, sync, status, ids };
}

test('good pages apply in order, loop while hasMore, tombstones delete, and a later run continues from the cursor', async () => {
  const feed = new FeedServer();
  await feed.start();
  feed.pages.set(null, { items: [upsert(1, 'policy', 'p1', policies[0]!.body), upsert(2, 'policy', 'p2', policies[1]!.body)], next: 'c2', hasMore: true });
  feed.pages.set('c2', { items: [upsert(3, 'job', 'j1', jobs[0]!.body), upsert(4, 'policy', 'p3', policies[2]!.body)], next: 'c4', hasMore: false });
  const { sync, status, ids, store, link, db } = setup(feed.url, { embedded: true });
  assert.ok(store.counts().policies > 40, 'embedded content present before the first sync');
  const r = await sync.syncNow();
  assert.deepEqual({ outcome: r.outcome, pages: r.pages, applied: r.applied }, { outcome: 'synced', pages: 2, applied: 4 });
  assert.deepEqual(feed.requests.map((x) => x.cursor), [null, 'c2']);
  assert.ok(feed.requests.every((x) => x.auth === `Bearer ${TOKEN}`));
  // A completed full sync replaces the embedded sample set with the township's content.
  assert.deepEqual(ids(), ['p1', 'p2', 'p3']);
  assert.equal(store.counts().jobs, 1);
  assert.equal(status().asOf.source, 'township');
  assert.equal(link.current().link.state, 'online');
  assert.equal(link.current().lastSyncAt, NOW.toISOString());

  feed.pages.set('c4', { items: [tombstone(5, 'policy', 'p2'), upsert(6, 'policy', 'p1', { ...policies[0]!.body, title: { 'zh-CN': '改过的标题', en: 'Edited title' } }, 2)], next: 'c6', hasMore: false });
  const r2 = await sync.syncNow();
  assert.equal(r2.outcome, 'synced');
  assert.equal(feed.requests.at(-1)!.cursor, 'c4');
  assert.deepEqual(ids(), ['p1', 'p3']);
  assert.equal(store.policy('p1')!.body.title.en, 'Edited title');
  assert.equal((db.prepare('SELECT cursor FROM content_sync').get() as { cursor: string }).cursor, 'c6');
  await feed.stop();
});

test('410 resets the cursor and resyncs fully; rows not re-sent are dropped at the end', async () => {
  const feed = new FeedServer();
  await feed.start();
  feed.pages.set(null, { items: [upsert(1, 'policy', 'p1', policies[0]!.body), upsert(2, 'policy', 'p2', policies[1]!.body)], next: 'c2', hasMore: false });
  const { sync, ids, log } = setup(feed.url);
  assert.equal((await sync.syncNow()).outcome, 'synced');
  assert.deepEqual(ids(), ['p1', 'p2']);
  // The township compacted its feed: p2 was deleted and its tombstone is gone.
  feed.gone.add('c2');
  feed.pages.set(null, { items: [upsert(10, 'policy', 'p1', policies[0]!.body), upsert(11, 'policy', 'p9', policies[3]!.body)], next: 'c11', hasMore: true });
  feed.pages.set('c11', { items: [upsert(12, 'job', 'j1', jobs[1]!.body)], next: 'c12', hasMore: false });
  const r = await sync.syncNow();
  assert.equal(r.outcome, 'synced');
  assert.deepEqual(feed.requests.slice(1).map((x) => x.cursor), ['c2', null, 'c11']);
  assert.deepEqual(ids(), ['p1', 'p9']);
  assert.ok(log.records.some((x) => x.event === 'sync-cursor-gone'));
  await feed.stop();
});

test('bad pages are rejected whole, counted with a reason, and the last good content stays', async () => {
  const feed = new FeedServer();
  await feed.start();
  feed.pages.set(null, { items: [upsert(1, 'policy', 'p1', policies[0]!.body)], next: 'c1', hasMore: false });
  const { sync, status, ids, db } = setup(feed.url, { maxPageBytes: 200_000 });
  assert.equal((await sync.syncNow()).outcome, 'synced');
  const good = ids();
  const evil = upsert(2, 'policy', 'evil', policies[1]!.body);
  const page = (over: Partial<FeedPage> = {}, items: unknown[] = [evil]) => ({ kioskId: KIOSK, cursor: 'c1', items, nextCursor: 'c2', hasMore: false, generatedAt: NOW.toISOString(), ...over });
  const cases: Array<{ name: string; body: string | Buffer; reason: RegExp; chunked?: boolean }> = [
    { name: 'mis-signed (other key, claiming ours)', body: JSON.stringify({ ...JSON.parse(signed(page(), otherKey)), keyId: keyId(key.publicKey) }), reason: /signature does not verify/ },
    { name: 'signed by an unknown key', body: signed(page(), otherKey), reason: /not the configured township key/ },
    { name: 'payload changed after signing', body: JSON.stringify({ ...JSON.parse(signed(page())), payload: JSON.stringify(page({ hasMore: true })) }), reason: /signature does not verify/ },
    { name: 'unsigned', body: JSON.stringify({ payload: JSON.stringify(page()) }), reason: /unsigned/ },
    { name: 'unsigned (empty signature)', body: JSON.stringify({ payload: JSON.stringify(page()), signature: '', keyId: keyId(key.publicKey) }), reason: /unsigned/ },
    { name: 'bare page, no envelope', body: JSON.stringify(page()), reason: /unsigned/ },
    { name: 'wrong kiosk', body: signed(page({ kioskId: 'someone-else' })), reason: /not this kiosk/ },
    { name: 'wrong cursor', body: signed(page({ cursor: 'c0' })), reason: /not the one sent/ },
    { name: 'malformed JSON', body: '{"payload": "{", "signature', reason: /not JSON/ },
    { name: 'signed payload not JSON', body: (() => { const p = 'not json {'; return JSON.stringify({ payload: p, signature: signBytes(key.privateKeyPem, p), keyId: keyId(key.publicKey) }); })(), reason: /payload is not JSON/ },
    { name: 'signed payload not a page', body: (() => { const p = JSON.stringify({ kioskId: KIOSK }); return JSON.stringify({ payload: p, signature: signBytes(key.privateKeyPem, p), keyId: keyId(key.publicKey) }); })(), reason: /not a feed page/ },
    { name: 'oversized (content-length)', body: signed(page({}, [evil, { pad: 'x'.repeat(300_000) }])), reason: /larger than 200000 bytes/ },
    { name: 'oversized (chunked, no length)', body: Buffer.alloc(1_000_000, 0x20), reason: /larger than 200000 bytes/, chunked: true },
  ];
  let expectedRejections = 0;
  for (const c of cases) {
    let bytesSent = 0;
    feed.override = (_req, res) => {
      if (c.chunked) {
        res.writeHead(200, { 'content-type': 'application/json' });
        // Stream far more than the limit; the kiosk must stop reading early.
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const write = () => {
          while (bytesSent < 50_000_000 && !res.destroyed) {
            bytesSent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', write);
          }
          res.end();
        };
        res.on('error', () => {});
        write();
      } else res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(c.body) }).end(c.body);
      return true;
    };
    const r = await sync.syncNow();
    expectedRejections++;
    assert.equal(r.outcome, 'rejected', c.name);
    assert.match(r.message ?? '', c.reason, c.name);
    const s = status();
    assert.equal(s.rejectedPages, expectedRejections, c.name);
    assert.match(s.lastRejection!.reason, c.reason, c.name);
    assert.deepEqual(ids(), good, `${c.name}: content unchanged`);
    assert.equal((db.prepare('SELECT cursor FROM content_sync').get() as { cursor: string }).cursor, 'c1', `${c.name}: cursor unchanged`);
    if (c.chunked) assert.ok(bytesSent < 10_000_000, `stopped reading early (server wrote ${bytesSent} bytes)`);
  }
  feed.override = null;
  await feed.stop();
});

test('an item missing required fields is skipped with a log line; the rest of the page applies', async () => {
  const feed = new FeedServer();
  await feed.start();
  const { title: _drop, ...noTitle } = policies[1]!.body;
  const badSha = { ...upsert(4, 'policy', 'p-badsha', policies[2]!.body), sha256: 'f'.repeat(64) };
  feed.pages.set(null, {
    items: [upsert(1, 'policy', 'p1', policies[0]!.body), upsert(2, 'policy', 'p-notitle', noTitle), { seq: 3, type: 'policy', op: 'upsert' }, badSha, upsert(5, 'job', 'j1', { ...jobs[0]!.body, pay: { min: 10, max: 5, unit: 'day' } }), upsert(6, 'request-status', 'r1', { requestId: 'r1' }), upsert(7, 'job', 'j2', jobs[2]!.body)],
    next: 'c7',
    hasMore: false,
  });
  const applied: string[] = [];
  const { sync, ids, store, log, status } = setup(feed.url, {
    appliers: {
      'request-status': (_db, item) => {
        applied.push(item.id);
        return 'applied';
      },
    },
  });
  const r = await sync.syncNow();
  assert.equal(r.outcome, 'synced');
  assert.deepEqual(ids(), ['p1']);
  assert.equal(store.counts().jobs, 1);
  assert.deepEqual(applied, ['r1'], 'request-status items go to the applier passed in');
  const skips = log.records.filter((x) => x.event === 'sync-item-skipped');
  assert.equal(skips.length, 4);
  assert.ok(skips.some((x) => x.id === 'p-notitle' && /title/.test(String(x.reason))));
  assert.ok(skips.some((x) => /sha256/.test(String(x.reason))));
  assert.equal(status().skippedItems, 4);
  await feed.stop();
});

test('an applier that throws rolls back only its own writes; items with no applier are skipped', async () => {
  const feed = new FeedServer();
  await feed.start();
  feed.pages.set(null, { items: [upsert(1, 'request-status', 'r1', { a: 1 }), upsert(2, 'policy', 'p1', policies[0]!.body)], next: 'c2', hasMore: false });
  const { sync, ids, db } = setup(feed.url, {
    appliers: {
      'request-status': (tx) => {
        tx.prepare("INSERT INTO kv (key, value, updated_at) VALUES ('half', 'written', 'now')").run();
        throw new Error('boom');
      },
    },
  });
  assert.equal((await sync.syncNow()).outcome, 'synced');
  assert.deepEqual(ids(), ['p1']);
  assert.equal(db.prepare("SELECT count(*) AS n FROM kv WHERE key = 'half'").pluck().get(), 0);
  await feed.stop();

  const feed2 = new FeedServer();
  await feed2.start();
  feed2.pages.set(null, { items: [upsert(1, 'request-status', 'r1', { a: 1 })], next: 'c1', hasMore: false });
  const s2 = setup(feed2.url);
  assert.equal((await s2.sync.syncNow()).outcome, 'synced');
  assert.ok(s2.log.records.some((x) => x.event === 'sync-item-skipped' && /no applier/.test(String(x.reason))));
  await feed2.stop();
});

test('township down: the last good content stays, the link goes offline, the error is shown', async () => {
  const feed = new FeedServer();
  await feed.start();
  feed.pages.set(null, { items: [upsert(1, 'policy', 'p1', policies[0]!.body)], next: 'c1', hasMore: false });
  const { sync, ids, status, link } = setup(feed.url);
  await sync.syncNow();
  await feed.stop();
  const r = await sync.syncNow();
  assert.equal(r.outcome, 'failed');
  assert.match(r.message!, /cannot reach the township/);
  assert.deepEqual(ids(), ['p1']);
  assert.equal(link.current().link.state, 'offline');
  assert.match(status().lastError!, /cannot reach/);
  assert.equal(status().asOf.source, 'township');
});

test('401 pauses the link; 5xx is an error, not a rejection', async () => {
  const feed = new FeedServer();
  await feed.start();
  const { sync, status, link } = setup(feed.url);
  feed.override = (_q, res) => (res.writeHead(503).end(), true);
  const r = await sync.syncNow();
  assert.equal(r.outcome, 'failed');
  assert.equal(status().rejectedPages, 0);
  feed.override = (_q, res) => (res.writeHead(401).end(), true);
  await sync.syncNow();
  assert.equal(link.current().link.state, 'paused');
  await feed.stop();
});

test('plain http is refused for a township that is not this machine', async () => {
  // The rule itself (one for the relay and the sync): tests/unit/shared/helpers.test.ts.
  const { sync, status } = setup('http://192.0.2.1:8080');
  const r = await sync.syncNow();
  assert.equal(r.outcome, 'failed');
  assert.match(status().lastError!, /plain http/);
});

test('when the link comes back (another part of the kiosk reached the township), sync runs at once', async () => {
  const feed = new FeedServer();
  await feed.start();
  feed.pages.set(null, { items: [upsert(1, 'policy', 'p1', policies[0]!.body)], next: 'c1', hasMore: false });
  const { sync, link, ids } = setup(feed.url);
  void sync.start?.(); // first timed run is 2 s away
  try {
    link.reportFailure('township unreachable', null);
    assert.equal(feed.requests.length, 0);
    link.reportContact(); // e.g. the relay worker just got an answer
    const deadline = Date.now() + 3000;
    while (!ids().includes('p1') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(ids(), ['p1']);
    assert.ok(feed.requests.length >= 1 && Date.now() < deadline - 1500, 'synced before the timer would have');
  } finally {
    await sync.stop?.();
    await feed.stop();
  }
});
