// Idempotent submit (issue 8 item 1): requests.submit with a client-made submission id saves
// once; a repeat returns the original; a repeat with other content saves nothing; a lost
// answer is settled by requests.lookupSubmission ("saved", "not-saved" only when certain,
// "unknown" after a disk I/O error). Real SQLite file, the real requests module.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { createRequestsModule } from '#src/requests/module.js';
import { SubmitRequestInput } from '#contract/requests.js';
import type { CallOutput } from '#contract/index.js';
import { sample, tempDb } from './helpers.js';

function contextFor(t: ReturnType<typeof tempDb>): RuntimeContext {
  const bus = createEventBus();
  return { config: ConfigSchema.parse({ dataDir: t.dir }), db: t.db, log: createMemoryLogger(), bus, now: () => new Date(), link: createLinkMonitor(bus, { configured: false }) };
}

function setup() {
  const t = tempDb();
  const mod = createRequestsModule(contextFor(t));
  const cleanup = t.cleanup;
  t.cleanup = () => {
    void mod.stop!();
    cleanup();
  };
  const submit = (input: unknown) => mod.handlers['requests.submit'](SubmitRequestInput.parse(input)) as CallOutput<'requests.submit'>;
  const rows = () => (t.db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n;
  return { t, mod, submit, rows, lookup: (submissionId: string) => mod.handlers['requests.lookupSubmission']({ submissionId }) as CallOutput<'requests.lookupSubmission'> };
}

test('a repeat with the same submission id returns the original id and code and saves nothing new', () => {
  const s = setup();
  try {
    const submissionId = randomUUID();
    const first = s.submit({ ...sample(0), submissionId });
    assert.ok(first.ok && !first.repeat);
    const again = s.submit({ ...sample(0), submissionId });
    assert.ok(again.ok);
    assert.equal(again.id, first.id);
    assert.equal(again.code, first.code);
    assert.equal(again.createdAt, first.createdAt);
    assert.equal(again.repeat, true);
    assert.equal(s.rows(), 1);
    const other = s.submit({ ...sample(0), submissionId: randomUUID() });
    assert.ok(other.ok && other.id !== first.id);
    assert.equal(s.rows(), 2);
  } finally {
    s.t.cleanup();
  }
});

test('a repeat carrying different content is refused, names the original, and saves no second row', () => {
  const s = setup();
  try {
    const submissionId = randomUUID();
    const first = s.submit({ ...sample(1), submissionId });
    assert.ok(first.ok);
    const changed = s.submit({ ...sample(2), submissionId });
    assert.equal(changed.ok, false);
    assert.ok(!changed.ok && changed.reason === 'submission-id-used');
    assert.deepEqual(!changed.ok && changed.original, { id: first.id, code: first.code });
    assert.match(!changed.ok ? changed.message : '', /already used .* different content; nothing new was saved/);
    assert.equal(s.rows(), 1);
  } finally {
    s.t.cleanup();
  }
});

test('lookupSubmission: saved -> the original; never seen -> not-saved, and a late copy of that submit is then refused', () => {
  const s = setup();
  try {
    const savedId = randomUUID();
    const r = s.submit({ ...sample(3), submissionId: savedId });
    assert.ok(r.ok);
    assert.deepEqual(s.lookup(savedId), { state: 'saved', id: r.id, code: r.code, createdAt: r.createdAt, cancellableUntil: r.cancellableUntil });

    const lostId = randomUUID();
    assert.deepEqual(s.lookup(lostId), { state: 'not-saved' });
    // The submit that was "in flight" arrives after the screen was told "not saved": refused.
    const late = s.submit({ ...sample(3), submissionId: lostId });
    assert.ok(!late.ok && late.reason === 'submission-id-used');
    assert.equal(s.rows(), 1);
    assert.deepEqual(s.lookup(lostId), { state: 'not-saved' });
  } finally {
    s.t.cleanup();
  }
});

test('a disk I/O error during the commit: submit says storage-error, lookup says unknown (never not-saved) and then saved once the row is found', async () => {
  const s = setup();
  try {
    const submissionId = randomUUID();
    // SQLite reports SQLITE_IOERR from COMMIT although the transaction reached the disk (as
    // seen after power cuts): stand in for that with a commit hook that throws after the write.
    const realTx = s.t.db.transaction.bind(s.t.db);
    let failCommit = true;
    (s.t.db as { transaction: unknown }).transaction = ((fn: (...a: unknown[]) => unknown) => {
      const tx = realTx(fn) as ((...a: unknown[]) => unknown) & { immediate: (...a: unknown[]) => unknown };
      const wrapped = Object.assign((...a: unknown[]) => tx(...a), {
        immediate: (...a: unknown[]) => {
          const out = tx.immediate(...a);
          if (failCommit) {
            failCommit = false;
            throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_FSYNC' });
          }
          return out;
        },
      });
      return wrapped;
    });
    const mod = createRequestsModule(contextFor(s.t));
    await mod.stop!(); // no relay passes in this test
    const r = mod.handlers['requests.submit'](SubmitRequestInput.parse({ ...sample(4), submissionId })) as { ok: boolean; reason?: string };
    assert.equal(r.ok, false);
    assert.equal(r.reason, 'storage-error');
    const looked = mod.handlers['requests.lookupSubmission']({ submissionId }) as { state: string; code?: string };
    assert.equal(looked.state, 'saved', 'the row reached the disk, so the lookup finds it');
    assert.equal(s.rows(), 1);

    // A second I/O error where the row did NOT reach the disk: "unknown", never "not-saved".
    const other = randomUUID();
    (s.t.db as { transaction: unknown }).transaction = ((fn: (...a: unknown[]) => unknown) =>
      Object.assign(() => fn(), {
        immediate: () => {
          throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
        },
      }));
    const mod2 = createRequestsModule(contextFor(s.t));
    await mod2.stop!();
    const r2 = mod2.handlers['requests.submit'](SubmitRequestInput.parse({ ...sample(4), submissionId: other })) as { ok: boolean; reason?: string };
    assert.equal(r2.reason, 'storage-error');
    const u = mod2.handlers['requests.lookupSubmission']({ submissionId: other }) as { state: string; message?: string };
    assert.equal(u.state, 'unknown');
    assert.match(u.message!, /cannot yet tell/);
    assert.equal(s.rows(), 1);
  } finally {
    s.t.cleanup();
  }
});
