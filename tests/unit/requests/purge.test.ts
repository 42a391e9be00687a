// Retention: the phone, name and household id of a request the township acknowledged are
// removed after requests.purgeAfterDays (with a fake clock); code and status stay, and
// nothing else can change a sent request.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createMemoryLogger } from '#src/log/logger.js';
import { DAY_MS, purgePersonalData, startPurgeLoop } from '#src/requests/purge.js';
import { createRequestStore } from '#src/requests/store.js';
import { getStatusByCode } from '#src/requests/views.js';
import { fakeClock, sample, tempDb } from './helpers.js';

test('personal fields of acknowledged requests go after N days; unsent ones and the code/status stay', () => {
  const { db, file, cleanup } = tempDb();
  const clock = fakeClock();
  const store = createRequestStore(db, { kioskId: 'k1', now: clock.now });
  const sent = store.submit(sample(0)); // phone 13812345678, household HH-0001
  const unsent = store.submit(sample(1));
  assert.ok(sent.ok && unsent.ok);
  // what the relay worker does when the township acknowledges (src/requests/outbox.ts)
  db.prepare('UPDATE requests SET frozen_at = ? WHERE id = ?').run(clock.now().toISOString(), sent.id);
  db.prepare('UPDATE requests SET sent_at = ?, ack = ?, township_ref = ? WHERE id = ?').run(clock.now().toISOString(), '{"id":"x"}', 'T-1', sent.id);
  db.prepare("UPDATE outbox SET state = 'sent' WHERE request_id = ?").run(sent.id);

  clock.advance(29 * DAY_MS);
  assert.equal(purgePersonalData(db, clock.now(), 30), 0, 'not yet: 29 days');
  clock.advance(DAY_MS);
  assert.equal(purgePersonalData(db, clock.now(), 30), 1, 'after 30 days');
  assert.equal(purgePersonalData(db, clock.now(), 30), 0, 'once only');

  const row = db.prepare('SELECT phone, name, household_id, body, code, type, purged_at FROM requests WHERE id = ?').get(sent.id) as Record<string, unknown>;
  assert.deepEqual({ ...row, purged_at: typeof row.purged_at }, { phone: '', name: null, household_id: null, body: '', code: sent.code, type: 'senior-subsidy', purged_at: 'string' });
  const other = db.prepare('SELECT phone FROM requests WHERE id = ?').get(unsent.id) as { phone: string };
  assert.equal(other.phone, '13900001111', 'never sent: kept for the relay');

  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = readFileSync(file);
  assert.equal(bytes.includes(Buffer.from('HH-0001')), false, 'the household id is gone from the file');
  assert.equal(bytes.includes(Buffer.from('13812345678')), false, 'the phone number is gone from the file');
  const status = getStatusByCode(db, sent.code, clock.ms(), 600_000);
  assert.equal(status?.code, sent.code, '"check my request" still finds it');
  assert.equal(status?.maskedPhone, '');

  // A sent request stays frozen for anything but the purge.
  assert.throws(() => db.prepare("UPDATE requests SET phone = '13800000000' WHERE id = ?").run(sent.id), /frozen/);
  assert.throws(() => db.prepare("UPDATE requests SET purged_at = NULL, phone = '1' WHERE id = ?").run(sent.id), /frozen/);

  cleanup();
});

test('the purge loop runs at start, logs counts without personal data, and survives a broken database', () => {
  const { db, cleanup } = tempDb();
  const clock = fakeClock();
  const log = createMemoryLogger();
  const loop = startPurgeLoop({ db, log, now: clock.now, afterDays: 30, everyMs: 3_600_000 });
  assert.equal(loop.runOnce(), 0);
  db.close();
  assert.equal(loop.runOnce(), 0, 'an error is returned as 0, not thrown');
  assert.ok(log.records.some((r) => r.event === 'personal-data-purge-failed'));
  loop.stop();
  cleanup();
});
