// Attendant PINs (scrypt, per-PIN salt) and the lockout, on a real SQLite file: 5 wrong
// tries lock the badge for 5 minutes, and a restart (reopening the database) keeps the lock.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { hashPin, verifyPin } from '#src/attendant/pin.js';
import { createAttendantStore, LOCK_MS } from '#src/attendant/store.js';
import { openDatabase } from '#src/db/open.js';

test('PIN hashes are salted per PIN and verify only the right PIN', async () => {
  const a = await hashPin('4821');
  const b = await hashPin('4821');
  assert.notEqual(a, b, 'same PIN, different salt, different hash');
  assert.match(a, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.equal(await verifyPin('4821', a), true);
  assert.equal(await verifyPin('4822', a), false);
  assert.equal(await verifyPin('4821', 'scrypt$1$1$1$x$y'), false);
  assert.equal(await verifyPin('4821', 'plain'), false);
});

test('5 wrong PINs lock the badge for 5 minutes, persisted across a restart', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'attendant-')), 'kiosk.db');
  let now = new Date('2026-05-01T08:00:00Z');
  const clock = () => now;
  let db = openDatabase(file);
  let store = createAttendantStore(db, clock);
  await store.addBadge('att-007', '李娟', '4821');
  assert.deepEqual(await store.checkPin('att-007', '4821'), { result: 'ok', name: '李娟' });
  for (let i = 4; i >= 1; i--) assert.deepEqual(await store.checkPin('att-007', '0000'), { result: 'wrong-pin', triesLeft: i });
  const until = new Date(now.getTime() + LOCK_MS).toISOString();
  assert.deepEqual(await store.checkPin('att-007', '0000'), { result: 'locked', until });
  assert.deepEqual(await store.checkPin('att-007', '4821'), { result: 'locked', until }, 'even the right PIN waits');

  db.close(); // "restart"
  db = openDatabase(file);
  store = createAttendantStore(db, clock);
  assert.equal(store.lockedUntil('att-007'), until);
  assert.deepEqual(await store.checkPin('att-007', '4821'), { result: 'locked', until });
  now = new Date(now.getTime() + LOCK_MS + 1000);
  assert.equal(store.lockedUntil('att-007'), null);
  assert.deepEqual(await store.checkPin('att-007', '4821'), { result: 'ok', name: '李娟' });
  // a success resets the count
  assert.deepEqual(await store.checkPin('att-007', '1111'), { result: 'wrong-pin', triesLeft: 4 });
  db.close();
});

test('unknown badges count wrong tries too, and non-digit PINs are wrong, not errors', async () => {
  const db = openDatabase(':memory:');
  const store = createAttendantStore(db);
  assert.deepEqual(await store.checkPin('nobody', '1234'), { result: 'wrong-pin', triesLeft: 4 });
  assert.deepEqual(await store.checkPin('nobody', "1' OR '1'='1"), { result: 'wrong-pin', triesLeft: 3 });
  db.close();
});

test('concurrent wrong tries cannot exceed the limit', async () => {
  const db = openDatabase(':memory:');
  const store = createAttendantStore(db);
  await store.addBadge('att-1', 'A', '4821');
  const results = await Promise.all(Array.from({ length: 8 }, () => store.checkPin('att-1', '9999')));
  assert.equal(results.filter((r) => r.result === 'wrong-pin').length, 4);
  assert.equal(results.filter((r) => r.result === 'locked').length, 4);
  db.close();
});

// Issue 8 item 15: with 12 simultaneous guesses a 6th one used to get an answer.
test('a burst of 12 simultaneous guesses gets exactly 5 PIN checks, one at a time, and the right PIN 6th is locked out', async () => {
  for (const rightAt of [5, 6, 11]) {
    const db = openDatabase(':memory:');
    let running = 0;
    let most = 0;
    let checks = 0;
    const store = createAttendantStore(db, () => new Date(), {
      verify: async (pin, stored) => {
        checks++;
        running++;
        most = Math.max(most, running);
        try {
          return await verifyPin(pin, stored);
        } finally {
          running--;
        }
      },
    });
    await store.addBadge('att-9', 'B', '4821');
    const guesses = Array.from({ length: 12 }, (_, i) => (i === rightAt ? '4821' : String(1000 + i)));
    const results = await Promise.all(guesses.map((g) => store.checkPin('att-9', g)));
    assert.equal(checks, 5, `only 5 guesses are hashed (right PIN at ${rightAt})`);
    assert.equal(most, 1, 'one check per badge at a time');
    assert.equal(results[rightAt]!.result, 'locked', `the right PIN as guess ${rightAt + 1} does not get through`);
    assert.deepEqual(
      results.slice(0, 5).map((r) => r.result),
      ['wrong-pin', 'wrong-pin', 'wrong-pin', 'wrong-pin', 'locked'],
    );
    assert.equal(results.filter((r) => r.result === 'ok').length, 0);
    db.close();
  }
});

test('the attempt is counted before the PIN is hashed (a crash mid-hash still counts it)', async () => {
  const db = openDatabase(':memory:');
  let release!: () => void;
  let started!: () => void;
  const hashing = new Promise<void>((r) => (started = r));
  const store = createAttendantStore(db, () => new Date(), {
    verify: () =>
      new Promise<boolean>((resolve) => {
        release = () => resolve(false);
        started();
      }),
  });
  await store.addBadge('att-8', 'C', '4821');
  const pending = store.checkPin('att-8', '1111');
  await hashing;
  const row = db.prepare('SELECT failures FROM attendant_lockouts WHERE badge_id = ?').get('att-8') as { failures: number } | undefined;
  assert.equal(row?.failures, 1, 'reserved while the hash runs');
  release();
  assert.deepEqual(await pending, { result: 'wrong-pin', triesLeft: 4 });
  db.close();
});

test('a right PIN clears the reservation; a disabled badge is refused before any PIN check; reset-pin re-enables', async () => {
  const db = openDatabase(':memory:');
  const store = createAttendantStore(db);
  await store.addBadge('att-5', 'D', '4821');
  assert.equal((await store.checkPin('att-5', '0000')).result, 'wrong-pin');
  assert.deepEqual(await store.checkPin('att-5', '4821'), { result: 'ok', name: 'D' });
  assert.equal((db.prepare('SELECT count(*) AS n FROM attendant_lockouts').get() as { n: number }).n, 0);
  assert.equal(store.disableBadge('att-5'), true);
  assert.equal(store.disableBadge('nobody'), false);
  assert.equal(store.isDisabled('att-5'), true);
  assert.deepEqual(await store.checkPin('att-5', '4821'), { result: 'disabled' });
  assert.equal(store.listBadges()[0]!.disabledAt !== null, true);
  assert.equal(await store.resetPin('att-5', '7777'), true);
  assert.equal(store.isDisabled('att-5'), false);
  assert.equal((await store.checkPin('att-5', '4821')).result, 'wrong-pin');
  assert.deepEqual(await store.checkPin('att-5', '7777'), { result: 'ok', name: 'D' });
  db.close();
});
