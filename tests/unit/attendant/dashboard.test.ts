// The dashboard's "today": requests saved since local midnight, newest first, phones masked,
// with the kiosk state, the township status and the assisting badge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startOfDay, todaysRequests, townshipFacts } from '#src/attendant/dashboard.js';
import { createRequestStore } from '#src/requests/store.js';
import { fakeClock, sample, tempDb } from '../requests/helpers.js';

test("today's requests: only today's, newest first, masked, with states; township facts", () => {
  const { db, cleanup } = tempDb();
  const clock = fakeClock(new Date(2026, 4, 1, 23, 0).getTime()); // local 23:00
  const store = createRequestStore(db, { kioskId: 'k1', now: clock.now });
  const yesterday = store.submit(sample(0));
  clock.advance(2 * 3600_000); // local 01:00 next day
  const a = store.submit(sample(1));
  clock.advance(60_000);
  const b = store.submit({ ...sample(2), assistedBy: 'att-011' });
  assert.ok(yesterday.ok && a.ok && b.ok);
  db.prepare("UPDATE outbox SET state = 'cancelled' WHERE request_id = ?").run(a.id);
  const today = todaysRequests(db, clock.now());
  assert.deepEqual(
    today.map((r) => [r.code, r.outbox, r.township, r.assistedBy, r.maskedPhone]),
    [
      [b.code, 'queued', null, 'att-011', '0359****234'],
      [a.code, 'cancelled', null, null, '139****1111'],
    ],
  );
  assert.equal(startOfDay(clock.now()), new Date(2026, 4, 2).getTime());
  const facts = townshipFacts(db, 'http://tw.example/');
  assert.equal(facts.url, 'http://tw.example/');
  assert.equal(facts.lastSyncAt, null);
  assert.equal(typeof facts.contentVersion, 'string');
  cleanup();
});
