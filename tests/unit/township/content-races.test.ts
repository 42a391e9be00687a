// Publishing one item from two township processes at once (issue 13 §3): the next version is
// read then written, so without the item's lock two publishes got the same version on
// PostgreSQL, and a kiosk could hold one body under a version whose row then had another.
// Runs on SQLite and (TOWNSHIP_TEST_STORE=postgres) on PostgreSQL, two stores on one database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getContent, unpublishContent, upsertContent } from '#src/township/content.js';
import { feedDialect } from '#src/township/feed.js';
import { FEED_START } from '#src/township/feed-dialect.js';
import { sha256Hex } from '#protocol/signing.js';
import type { SqlStore } from '#src/township/store/sql-store.js';
import { policyBody } from './helpers.js';
import { twoStores } from './two-stores.js';

const now = new Date('2026-12-01T08:00:00Z');

/** The item's change as a kiosk reading the feed from the start sees it now. */
async function feedRow(store: SqlStore, id: string) {
  const rows = await store.tx((q) => feedDialect(q).readAfter(q, 'k1', FEED_START, 100));
  return rows.find((r) => r.type === 'policy' && r.itemId === id) ?? null;
}

test('20 concurrent publishes of one item through two stores get 20 versions; the feed never shows two bodies under one version and ends on the newest', async () => {
  const t = await twoStores('content-races-');
  try {
    // A kiosk polling while the burst runs: every (version -> body) it is shown.
    const seen = new Map<number, Set<string>>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const r = await feedRow(t.b, 'p-race');
        if (r) (seen.get(r.version) ?? seen.set(r.version, new Set()).get(r.version)!).add(r.sha256 ?? 'tombstone');
        await new Promise((res) => setImmediate(res));
      }
    })();
    const bodies = Array.from({ length: 20 }, (_, i) => policyBody(`高龄津贴 第${i}版`));
    const results = await Promise.all(bodies.map((b, i) => upsertContent(t.either(i), 'policy', 'p-race', b, `official-${i}`, now)));
    polling = false;
    await poller;
    const versions = results.map((r) => (r.ok ? r.version : -1));
    assert.ok(results.every((r) => r.ok && r.changed), JSON.stringify(results));
    assert.equal(new Set(versions).size, 20, `versions must be distinct, got ${versions.join(',')}`);
    assert.deepEqual([...versions].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 1));
    for (const [v, shas] of seen) assert.equal(shas.size, 1, `the kiosk saw ${shas.size} bodies under version ${v}`);

    const newest = versions.indexOf(20);
    const expected = sha256Hex(JSON.stringify(bodies[newest]));
    const row = await getContent(t.a, 'policy', 'p-race');
    assert.equal(row?.version, 20);
    assert.equal(sha256Hex(JSON.stringify(row?.body)), expected, 'the stored body is the one published as the newest version');
    const last = await feedRow(t.a, 'p-race');
    assert.equal(last?.version, 20);
    assert.equal(last?.sha256, expected, "the feed's last body is the newest");
  } finally {
    await t.cleanup();
  }
});

test('concurrent unpublishes of one item: one tombstone, the others are told it is not published', async () => {
  const t = await twoStores('content-races-');
  try {
    assert.ok((await upsertContent(t.a, 'policy', 'p-gone', policyBody(), 'li', now)).ok);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => unpublishContent(t.either(i), 'policy', 'p-gone', 'li', now)));
    assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
    assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'not-found'));
    const row = await getContent(t.b, 'policy', 'p-gone');
    assert.equal(row?.deleted, true);
    assert.equal(row?.version, 2);
    assert.equal((await feedRow(t.b, 'p-gone'))?.op, 'delete');
  } finally {
    await t.cleanup();
  }
});

test('publishes and unpublishes of one item interleaved across two stores: every change has its own version', async () => {
  const t = await twoStores('content-races-');
  try {
    assert.ok((await upsertContent(t.a, 'policy', 'p-mix', policyBody('起始'), 'li', now)).ok);
    const ops = Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? unpublishContent(t.either(i), 'policy', 'p-mix', 'li', now) : upsertContent(t.either(i), 'policy', 'p-mix', policyBody(`第${i}稿`), 'li', now)));
    const results = await Promise.all(ops);
    const versions = results.flatMap((r) => (r.ok && (!('changed' in r) || r.changed) ? [r.version] : []));
    assert.equal(new Set(versions).size, versions.length, `duplicate versions: ${versions.join(',')}`);
    const row = await getContent(t.a, 'policy', 'p-mix');
    assert.equal(row?.version, Math.max(...versions), 'the row holds the highest version handed out');
    assert.equal((await feedRow(t.a, 'p-mix'))?.version, row?.version);
  } finally {
    await t.cleanup();
  }
});
