// Kiosks' last-seen times flushed by two township processes at once (issue 13 §3): a kiosk that
// alternates between them is remembered by both, and each flush updates its rows in one
// transaction. In the order the kiosks happened to poll, two flushes locked the same rows in
// opposite orders and PostgreSQL aborted one ("deadlock detected"); in kiosk id order they wait
// for each other and both commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flushLastSeen, issueKioskToken, listKiosks, touchKiosk } from '#src/township/kiosks.js';
import { twoStores } from './two-stores.js';

test('two processes flushing the same kiosks touched in opposite orders both commit, and the later time wins', async () => {
  const t = await twoStores('kiosks-races-');
  try {
    const ids = Array.from({ length: 150 }, (_, i) => `k${String(i).padStart(3, '0')}`);
    for (const id of ids) assert.ok((await issueKioskToken(t.a, id, '西坡村')).ok);
    const base = Date.parse('2026-12-01T08:00:00Z');
    for (let round = 0; round < 4; round++) {
      const at = (k: number) => new Date(base + round * 60_000 + k * 1000);
      for (const id of ids) touchKiosk(t.a, id, at(1));
      for (const id of [...ids].reverse()) touchKiosk(t.b, id, at(2));
      const flushed = await Promise.all([flushLastSeen(t.a), t.b === t.a ? Promise.resolve(0) : flushLastSeen(t.b)]);
      assert.equal(flushed[0], ids.length);
      const seen = await listKiosks(t.a);
      assert.ok(seen.every((k) => k.lastSeenAt === at(2).toISOString()), `round ${round}: every kiosk's last-seen is the later time`);
    }
  } finally {
    await t.cleanup();
  }
});

test('a flush of more kiosks than one statement takes writes every one, and never moves a last-seen time back', async () => {
  const t = await twoStores('kiosks-flush-');
  try {
    const ids = Array.from({ length: 1_234 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    for (const id of ids) assert.ok((await issueKioskToken(t.a, id, '西坡村')).ok);
    const later = new Date('2026-12-01T09:00:00Z');
    const earlier = new Date('2026-12-01T08:00:00Z');
    for (const id of ids) touchKiosk(t.a, id, later);
    assert.equal(await flushLastSeen(t.a), ids.length);
    // A flush carrying older times (another process that saw the kiosks earlier) changes nothing.
    for (const id of ids.slice(0, 700)) touchKiosk(t.b, id, earlier);
    assert.equal(await flushLastSeen(t.b), 700);
    const seen = await listKiosks(t.a);
    assert.equal(seen.length, ids.length);
    assert.deepEqual(seen.filter((k) => k.lastSeenAt !== later.toISOString()).map((k) => k.kioskId), []);
  } finally {
    await t.cleanup();
  }
});
