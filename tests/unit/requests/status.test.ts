import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import type { ChangeItem, RequestStatusBody } from '#protocol/feed.js';
import { createOutbox } from '#src/relay/outbox.js';
import { applyRequestStatus } from '#src/requests/status.js';
import { createRequestStore } from '#src/requests/store.js';
import { attentionItems, getStatusByCode, maskPhone } from '#src/requests/views.js';
import { fakeClock, sample, tempDb } from './helpers.js';

function item(body: RequestStatusBody, version: number, seq = version): ChangeItem {
  return { seq, type: 'request-status', id: body.requestId, op: 'upsert', version, sha256: createHash('sha256').update(JSON.stringify(body)).digest('hex'), body };
}

test('status applier: feed statuses build the timeline after the kiosk-side steps', () => {
  const t = tempDb();
  try {
    const clock = fakeClock();
    const store = createRequestStore(t.db, { kioskId: 'k-1', now: clock.now });
    const outbox = createOutbox(t.db);
    const r = store.submit(sample(0));
    assert.ok(r.ok);
    const W = 600_000;
    let v = getStatusByCode(t.db, r.code, clock.ms(), W)!;
    assert.equal(v.current, 'queued');
    assert.equal(v.cancellable, true);
    assert.equal(v.maskedPhone, '138****5678');
    clock.advance(1000);
    outbox.beginAttempt([r.id], clock.now());
    outbox.record([{ id: r.id, kind: 'sent', ack: '{}', townshipRef: 'T-1', townshipDate: null }], clock.now());
    v = getStatusByCode(t.db, r.code, clock.ms(), W)!;
    assert.equal(v.current, 'sent');
    assert.equal(v.cancellable, false);

    const body: RequestStatusBody = {
      requestId: r.id,
      code: r.code,
      status: 'visit-scheduled',
      updatedAt: '2026-03-02T01:00:00.000Z',
      history: [
        { status: 'received', at: '2026-03-01T02:00:05.000Z' },
        { status: 'in-review', at: '2026-03-01T05:00:00.000Z' },
        { status: 'visit-scheduled', at: '2026-03-02T01:00:00.000Z', note: '3月5日上午上门' },
      ],
    };
    const applied = t.db.transaction(() => applyRequestStatus(t.db, item(body, 3)))();
    assert.deepEqual(applied, { applied: true });
    v = getStatusByCode(t.db, r.code, clock.ms(), W)!;
    assert.equal(v.current, 'visit-scheduled');
    assert.deepEqual(
      v.timeline.map((e) => e.status),
      ['queued', 'sent', 'received', 'in-review', 'visit-scheduled'],
    );
    assert.equal(v.timeline.at(-1)!.note, '3月5日上午上门');
    assert.ok(v.statusReceivedAt);

    // An older version arriving late does not roll the status back.
    const stale = applyRequestStatus(t.db, item({ ...body, status: 'in-review', history: body.history.slice(0, 2) }, 2));
    assert.equal(stale.applied, false);
    assert.equal(getStatusByCode(t.db, r.code, clock.ms(), W)!.current, 'visit-scheduled');

    // Rejected, with a reason.
    applyRequestStatus(t.db, item({ ...body, status: 'rejected', history: [...body.history, { status: 'rejected', at: '2026-03-06T00:00:00.000Z', note: '不符合条件' }] }, 4));
    v = getStatusByCode(t.db, r.code, clock.ms(), W)!;
    assert.equal(v.current, 'rejected');
    assert.equal(v.timeline.at(-1)!.note, '不符合条件');

    // Invalid bodies are refused, not thrown.
    const bad = applyRequestStatus(t.db, { ...item(body, 5), op: 'upsert', sha256: 'a'.repeat(64), body: { requestId: r.id } });
    assert.equal(bad.applied, false);
    // A tombstone removes the township status; the kiosk-side steps remain.
    applyRequestStatus(t.db, { seq: 9, type: 'request-status', id: r.id, op: 'delete', version: 6, sha256: null, body: null });
    assert.equal(getStatusByCode(t.db, r.code, clock.ms(), W)!.current, 'sent');
  } finally {
    t.cleanup();
  }
});

test('a status for a request this kiosk does not hold is still found by code; unknown codes are not', () => {
  const t = tempDb();
  try {
    const body: RequestStatusBody = { requestId: '0195a1b2-0000-7000-8000-000000000001', code: 'ACDE-FGHJ', status: 'done', updatedAt: '2026-03-02T00:00:00Z', history: [{ status: 'done', at: '2026-03-02T00:00:00Z' }] };
    applyRequestStatus(t.db, item(body, 1));
    const v = getStatusByCode(t.db, 'ACDE-FGHJ', Date.now(), 600_000)!;
    assert.equal(v.current, 'done');
    assert.equal(v.maskedPhone, null);
    assert.equal(getStatusByCode(t.db, 'ACDE-FGHK', Date.now(), 600_000), null);
  } finally {
    t.cleanup();
  }
});

test('attention list shows parked and repeatedly failing requests with masked phones', () => {
  const t = tempDb();
  try {
    const clock = fakeClock();
    const store = createRequestStore(t.db, { kioskId: 'k-1', now: clock.now });
    const outbox = createOutbox(t.db);
    const a = store.submit(sample(0));
    const b = store.submit(sample(1));
    const c = store.submit(sample(2));
    assert.ok(a.ok && b.ok && c.ok);
    outbox.beginAttempt([a.id], clock.now());
    outbox.record([{ id: a.id, kind: 'attention', httpStatus: 409, reason: 'conflict: same id, different content' }], clock.now());
    for (let i = 0; i < 3; i++) {
      outbox.beginAttempt([b.id], clock.now());
      outbox.record([{ id: b.id, kind: 'retry', nextAttemptMs: 0, error: 'HTTP 500', maybeDelivered: true }], clock.now());
    }
    const items = attentionItems(t.db);
    assert.deepEqual(
      items.map((i) => [i.code, i.state, i.httpStatus]),
      [
        [a.code, 'needs-attention', 409],
        [b.code, 'queued', null],
      ],
    );
    assert.equal(items[0]!.maskedPhone, '138****5678');
    assert.ok(!JSON.stringify(items).includes('13812345678'));
  } finally {
    t.cleanup();
  }
});

test('phone masking', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('03595551234'), '0359****234');
  assert.equal(maskPhone('01012345678'), '010*****678');
});
