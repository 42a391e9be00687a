// Compacting the change feed from two township processes at once (issue 13 §3): each drops the
// tombstones past retention and moves the horizon to the newest one dropped. Run at the same
// moment, both read the old horizon, and the one that dropped less, committing last, moved the
// horizon back below tombstones the other had dropped (a cursor there would then miss those
// deletions instead of getting 410). Compactions now take turns on one item lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendChange, compactFeed } from '#src/township/feed.js';
import { getMeta } from '#src/township/meta.js';
import { lockItem } from '#src/township/store/item-lock.js';
import { twoStores } from './two-stores.js';

const onPg = process.env.TOWNSHIP_TEST_STORE === 'postgres';

test('PostgreSQL: a compaction waits while another holds the feed horizon, then moves the horizon only forward', { skip: !onPg && 'PostgreSQL only: a SQLite township is one process, and its transactions take turns anyway' }, async () => {
  const t = await twoStores('feed-races-');
  let release = () => {};
  let holder: Promise<void> = Promise.resolve();
  try {
    const old = new Date('2026-11-01T00:00:00Z');
    for (let i = 0; i < 3; i++) await t.a.tx((q) => appendChange(q, { type: 'policy', itemId: `gone-${i}`, kioskId: null, op: 'delete', version: 2, body: null, at: old }));
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    holder = t.b.tx(async (q) => {
      await lockItem(q, 'feed', 'horizon');
      locked();
      await held;
    });
    await isLocked;
    let done = false;
    const compaction = compactFeed(t.a, 7, new Date('2026-12-01T00:00:00Z')).then((n) => ((done = true), n));
    // The compaction's backend waits on the advisory lock (seen in pg_locks, not by sleeping).
    const deadline = Date.now() + 5000;
    for (;;) {
      const w = await t.b.get<{ n: number }>(`SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      if (Number(w!.n) >= 1) break;
      assert.ok(!done, 'the compaction ran while another held the horizon');
      assert.ok(Date.now() < deadline, 'the compaction never waited for the lock');
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(done, false);
    release();
    await holder;
    assert.equal(await compaction, 3);
    const horizon = await getMeta(t.a, 'horizon');
    assert.ok(horizon, 'the horizon moved');
    // A second compaction with nothing to drop leaves it where it is.
    assert.equal(await compactFeed(t.b, 7, new Date('2026-12-01T00:00:00Z')), 0);
    assert.equal(await getMeta(t.a, 'horizon'), horizon);
  } finally {
    release();
    await holder.catch(() => {});
    await t.cleanup();
  }
});
