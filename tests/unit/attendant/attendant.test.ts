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
