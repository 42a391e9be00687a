// The relay worker against the real township server (src/township), in-process on
// 127.0.0.1:0: delivery, dedupe on resend, the batch path, 409 for the same id with other
// content, 401 for a wrong token.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { SqlRunner } from '#src/township/store/sql-store.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { createRelayWorker } from '#src/relay/worker.js';
import { createRequestStore } from '#src/requests/store.js';
import { startTestTownship } from '../township/helpers.js';
import { sample, tempDb } from '../requests/helpers.js';

async function countHeld(store: SqlRunner): Promise<number> {
  return Number((await store.get<{ n: number }>('SELECT COUNT(*) AS n FROM requests'))!.n);
}

test('real township: PUT and batch deliver every request once; a resend is acknowledged, not duplicated', async () => {
  const tw = await startTestTownship();
  const k = tempDb();
  try {
    const token = await tw.token('k-real');
    const store = createRequestStore(k.db, { kioskId: 'k-real' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = store.submit(sample(i));
      assert.ok(r.ok);
      ids.push(r.id);
    }
    const worker = createRelayWorker({ db: k.db, kioskId: 'k-real', townshipUrl: tw.url, kioskToken: token, log: createMemoryLogger(), batchThreshold: 5 });
    const first = await worker.runOnce();
    assert.deepEqual([first.sent, first.calls], [3, 3], 'three PUTs');
    for (let i = 0; i < 120; i++) assert.ok(store.submit(sample(i)).ok);
    const second = await worker.runOnce();
    assert.equal(second.sent, 120);
    assert.ok(second.calls <= 4, `${second.calls} calls for 120 requests: the batch path was used`);
    assert.equal(await countHeld(tw.store), 123);
    // Crash after the township stored it: the kiosk resends the same bytes and gets 200.
    k.db.prepare("UPDATE outbox SET state = 'attempting' WHERE request_id = ?").run(ids[0]);
    const again = await worker.runOnce();
    assert.equal(again.sent, 1);
    assert.equal(await countHeld(tw.store), 123);
    const local = k.db.prepare('SELECT township_ref FROM requests WHERE id = ?').get(ids[0]) as { township_ref: string };
    assert.ok(local.township_ref);
    await worker.stop();
  } finally {
    k.cleanup();
    await tw.cleanup();
  }
});

test('real township: same id with other content -> 409 needs-attention; wrong token -> paused', async () => {
  const tw = await startTestTownship();
  const a = tempDb();
  const b = tempDb();
  try {
    const token = await tw.token('k-a');
    const fixedId = '01950000-0000-7000-8000-000000000001';
    const sa = createRequestStore(a.db, { kioskId: 'k-a', newId: () => fixedId });
    const sb = createRequestStore(b.db, { kioskId: 'k-a', newId: () => fixedId });
    assert.ok(sa.submit(sample(0)).ok);
    assert.ok(sb.submit(sample(1)).ok);
    const wa = createRelayWorker({ db: a.db, kioskId: 'k-a', townshipUrl: tw.url, kioskToken: token, log: createMemoryLogger() });
    const wb = createRelayWorker({ db: b.db, kioskId: 'k-a', townshipUrl: tw.url, kioskToken: token, log: createMemoryLogger() });
    assert.equal((await wa.runOnce()).sent, 1);
    const rb = await wb.runOnce();
    assert.equal(rb.needsAttention, 1);
    const row = b.db.prepare('SELECT state, attention_status FROM outbox WHERE request_id = ?').get(fixedId);
    assert.deepEqual(row, { state: 'needs-attention', attention_status: 409 });

    const c = tempDb();
    try {
      assert.ok(createRequestStore(c.db, { kioskId: 'k-a' }).submit(sample(2)).ok);
      const wc = createRelayWorker({ db: c.db, kioskId: 'k-a', townshipUrl: tw.url, kioskToken: 'not-the-right-token-000000', log: createMemoryLogger() });
      const rc = await wc.runOnce();
      assert.equal(rc.paused, true);
      assert.equal((c.db.prepare('SELECT state FROM outbox').get() as { state: string }).state, 'queued');
    } finally {
      c.cleanup();
    }
    assert.equal(await countHeld(tw.store), 1);
  } finally {
    a.cleanup();
    b.cleanup();
    await tw.cleanup();
  }
});
