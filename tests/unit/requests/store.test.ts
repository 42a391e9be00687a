import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import { openDatabase } from '#src/db/open.js';
import { CODE_PATTERN, RelayRequest, canonicalRequestBytes } from '#protocol/relay.js';
import { UUID_V7_PATTERN } from '#src/requests/ids.js';
import { createOutbox } from '#src/relay/outbox.js';
import { createRequestStore } from '#src/requests/store.js';
import { fakeClock, sample, SAMPLES, tempDb } from './helpers.js';

test('submit writes the request and its outbox row together, durably, with the exact relay bytes', () => {
  const t = tempDb();
  try {
    assert.equal(t.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(t.db.pragma('synchronous', { simple: true }), 2, 'synchronous=FULL');
    const clock = fakeClock();
    const store = createRequestStore(t.db, { kioskId: 'k-1', now: clock.now });
    const results = SAMPLES.map((s) => store.submit(s));
    for (const [i, r] of results.entries()) {
      assert.ok(r.ok, JSON.stringify(r));
      assert.match(r.id, UUID_V7_PATTERN);
      assert.match(r.code, CODE_PATTERN);
      assert.equal(r.kioskSeq, i + 1);
      assert.ok(r.bytes <= 1024, `body is ${r.bytes} bytes`);
    }
    t.db.close();
    // Reopen the file: what "saved" promised is there.
    const db2 = openDatabase(t.file);
    for (const r of results) {
      assert.ok(r.ok);
      const row = db2.prepare('SELECT body, sha256 FROM requests WHERE id = ?').get(r.id) as { body: string; sha256: string };
      const ob = db2.prepare('SELECT state, attempts FROM outbox WHERE request_id = ?').get(r.id) as { state: string; attempts: number };
      assert.deepEqual(ob, { state: 'queued', attempts: 0 });
      const parsed = RelayRequest.parse(JSON.parse(row.body));
      const { sha256, ...rest } = parsed;
      assert.equal(sha256, row.sha256);
      assert.equal(createHash('sha256').update(canonicalRequestBytes(rest)).digest('hex'), sha256);
      assert.equal(parsed.kioskId, 'k-1');
      assert.equal(parsed.code, r.code);
    }
    db2.close();
  } finally {
    t.cleanup();
  }
});

test('submit is all-or-nothing: if the outbox row cannot be written, no request row remains', () => {
  const t = tempDb();
  try {
    const store = createRequestStore(t.db, { kioskId: 'k-1' });
    assert.ok(store.submit(sample(0)).ok);
    t.db.exec("CREATE TRIGGER test_fail BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;");
    assert.throws(() => store.submit(sample(1)), /simulated failure/);
    assert.equal((t.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n, 1);
    assert.equal((t.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n, 1);
  } finally {
    t.cleanup();
  }
});

test('invalid input is refused before anything is written', () => {
  const t = tempDb();
  try {
    const store = createRequestStore(t.db, { kioskId: 'k-1' });
    const r = store.submit({ contact: { phone: '12345', name: null, householdId: null }, payload: sample(0).payload });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'invalid');
    assert.equal((t.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n, 0);
  } finally {
    t.cleanup();
  }
});

test('a code collision is retried with a fresh code', () => {
  const t = tempDb();
  try {
    // The random source gives the same bytes for the first three codes, then different ones.
    let call = 0;
    const random = (n: number) => {
      const k = call++ < 3 ? 7 : call;
      return Uint8Array.from({ length: n }, (_, i) => (k * 31 + i * 7) % 230);
    };
    const store = createRequestStore(t.db, { kioskId: 'k-1', random });
    const a = store.submit(sample(0));
    const b = store.submit(sample(1));
    assert.ok(a.ok && b.ok);
    assert.notEqual(a.code, b.code);
    assert.ok(call >= 4, 'the second submit had to draw more than one code');
    const codes = t.db.prepare('SELECT code FROM requests').all() as Array<{ code: string }>;
    assert.equal(new Set(codes.map((c) => c.code)).size, 2);
  } finally {
    t.cleanup();
  }
});

test('cancel: allowed within 10 minutes while unsent, refused after, never sent once cancelled', () => {
  const t = tempDb();
  try {
    const clock = fakeClock();
    const store = createRequestStore(t.db, { kioskId: 'k-1', now: clock.now });
    const outbox = createOutbox(t.db);
    const a = store.submit(sample(0));
    const b = store.submit(sample(1));
    assert.ok(a.ok && b.ok);
    clock.advance(9 * 60_000 + 59_000);
    const ca = store.cancel(a.id);
    assert.equal(ca.ok, true);
    assert.equal(store.cancel(a.id).ok, true, 'cancelling twice is harmless');
    clock.advance(2_000); // 10 min 1 s after b was saved
    const cb = store.cancel(b.id);
    assert.deepEqual(cb.ok ? null : cb.reason, 'too-late');
    assert.deepEqual(
      outbox.due(clock.ms(), 10).map((d) => d.id),
      [b.id],
      'the cancelled request is not offered to the relay',
    );
    assert.equal(store.cancel('no-such-id').ok, false);
  } finally {
    t.cleanup();
  }
});

test('cancel: refused while a send is in progress or after one may have reached the township', () => {
  const t = tempDb();
  try {
    const clock = fakeClock();
    const store = createRequestStore(t.db, { kioskId: 'k-1', now: clock.now });
    const outbox = createOutbox(t.db);
    const a = store.submit(sample(0));
    const b = store.submit(sample(1));
    const c = store.submit(sample(2));
    assert.ok(a.ok && b.ok && c.ok);
    outbox.beginAttempt([a.id, b.id, c.id], clock.now());
    const during = store.cancel(a.id);
    assert.equal(during.ok ? null : during.reason, 'already-sending');
    // b: timed out (may have been delivered); c: connection refused (cannot have been).
    outbox.record(
      [
        { id: a.id, kind: 'sent', ack: '{}', townshipRef: 'T-1', townshipDate: null },
        { id: b.id, kind: 'retry', nextAttemptMs: clock.ms() + 1000, error: 'timed out', maybeDelivered: true },
        { id: c.id, kind: 'retry', nextAttemptMs: clock.ms() + 1000, error: 'ECONNREFUSED', maybeDelivered: false },
      ],
      clock.now(),
    );
    const ra = store.cancel(a.id);
    assert.equal(ra.ok ? null : ra.reason, 'already-sent');
    const rb = store.cancel(b.id);
    assert.equal(rb.ok ? null : rb.reason, 'already-sending');
    assert.equal(store.cancel(c.id).ok, true);
    clock.advance(5000);
    assert.deepEqual(
      outbox.due(clock.ms(), 10).map((d) => d.id),
      [b.id],
    );
  } finally {
    t.cleanup();
  }
});

test('payload frozen once a send starts: amend refused, direct UPDATE blocked by the database', () => {
  const t = tempDb();
  try {
    const clock = fakeClock();
    const store = createRequestStore(t.db, { kioskId: 'k-1', now: clock.now });
    const outbox = createOutbox(t.db);
    const a = store.submit(sample(0));
    assert.ok(a.ok);
    const amended = store.amend(a.id, { ...sample(0), contact: { phone: '13700000000', name: null, householdId: null } });
    assert.ok(amended.ok);
    const before = t.db.prepare('SELECT body, sha256 FROM requests WHERE id = ?').get(a.id) as { body: string; sha256: string };
    assert.equal(before.sha256, amended.sha256);
    assert.match(before.body, /13700000000/);
    outbox.beginAttempt([a.id], clock.now());
    const sentBody = outbox.due(clock.ms() + 1, 10);
    assert.equal(sentBody.length, 0, 'attempting rows are not due');
    const r = store.amend(a.id, sample(0));
    assert.equal(r.ok ? null : r.reason, 'frozen');
    assert.throws(() => t.db.prepare("UPDATE requests SET body = 'x', sha256 = 'y' WHERE id = ?").run(a.id), /frozen/);
    assert.throws(() => t.db.prepare('UPDATE requests SET frozen_at = NULL WHERE id = ?').run(a.id), /frozen/);
    assert.throws(() => t.db.prepare('DELETE FROM requests WHERE id = ?').run(a.id), /never deleted/);
    const after = t.db.prepare('SELECT body, sha256 FROM requests WHERE id = ?').get(a.id);
    assert.deepEqual(after, before);
    // A crash mid-send: the row is recovered to the queue with the same bytes.
    assert.equal(outbox.recoverInterrupted(clock.ms()), 1);
    const due = outbox.due(clock.ms(), 10);
    assert.equal(due[0]!.body, before.body);
  } finally {
    t.cleanup();
  }
});

test('disk full: submit returns storage-full, nothing half-written, earlier requests intact', () => {
  const t = tempDb();
  try {
    const store = createRequestStore(t.db, { kioskId: 'k-1' });
    const saved: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = store.submit(sample(i));
      assert.ok(r.ok);
      saved.push(r.id);
    }
    const pages = t.db.pragma('page_count', { simple: true }) as number;
    t.db.pragma(`max_page_count = ${pages}`);
    let full: ReturnType<typeof store.submit> | null = null;
    for (let i = 0; i < 2000 && !full; i++) {
      const r = store.submit({ ...sample(i), contact: { ...sample(i).contact, name: 'x'.repeat(40) } });
      if (r.ok) saved.push(r.id);
      else full = r;
    }
    assert.ok(full, 'the database never filled up');
    assert.equal(full.ok, false);
    assert.equal(!full.ok && full.reason, 'storage-full');
    const counts = t.db.prepare('SELECT (SELECT COUNT(*) FROM requests) AS r, (SELECT COUNT(*) FROM outbox) AS o').get() as { r: number; o: number };
    assert.deepEqual(counts, { r: saved.length, o: saved.length });
    assert.equal((t.db.pragma('integrity_check', { simple: true })), 'ok');
    // Space comes back: submitting works again.
    t.db.pragma(`max_page_count = ${pages * 100}`);
    assert.ok(store.submit(sample(0)).ok);
  } finally {
    t.cleanup();
  }
});

test('a read-only database gives storage-error, not a false "saved"', () => {
  const t = tempDb();
  try {
    createRequestStore(t.db, { kioskId: 'k-1' }).submit(sample(0));
    t.db.close();
    const ro = openDatabase(t.file, { readonly: true });
    const r = createRequestStore(ro, { kioskId: 'k-1' }).submit(sample(1));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'storage-error');
    ro.close();
  } finally {
    t.cleanup();
  }
});
