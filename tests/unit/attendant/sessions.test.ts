// Attendant sessions on a real SQLite file: stored hashed, sliding expiry, a "restart"
// (closing and reopening the database) keeps them, a disabled badge loses them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createSessionStore, tokenHash } from '#src/attendant/sessions.js';
import { createAttendantStore } from '#src/attendant/store.js';
import { openDatabase } from '#src/db/open.js';

test('a session is stored only as a hash, slides on use, survives a restart and expires', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'att-sess-')), 'kiosk.db');
  let now = new Date('2026-05-01T08:00:00Z');
  const clock = () => now;
  let db = openDatabase(file);
  await createAttendantStore(db).addBadge('att-1', '李娟', '4821');
  let sessions = createSessionStore(db, 15 * 60_000, clock);
  const { token } = sessions.create('att-1', '李娟');
  const rows = db.prepare('SELECT token_hash FROM attendant_sessions').all() as Array<{ token_hash: string }>;
  assert.deepEqual(rows, [{ token_hash: tokenHash(token) }]);
  db.pragma('wal_checkpoint(TRUNCATE)');
  assert.equal(readFileSync(file).includes(Buffer.from(token)), false, 'the token itself is not in the database file');

  now = new Date(now.getTime() + 10 * 60_000);
  assert.equal(sessions.touch(token)?.badgeId, 'att-1', 'still live after 10 minutes');
  db.close(); // restart
  db = openDatabase(file);
  sessions = createSessionStore(db, 15 * 60_000, clock);
  now = new Date(now.getTime() + 14 * 60_000);
  assert.equal(sessions.touch(token)?.name, '李娟', 'the touch at 10 minutes extended it; the restart kept it');
  now = new Date(now.getTime() + 15 * 60_000 + 1);
  assert.equal(sessions.touch(token), null, 'expired after 15 minutes unused');
  assert.equal((db.prepare('SELECT count(*) AS n FROM attendant_sessions').get() as { n: number }).n, 0, 'and deleted');
  assert.equal(sessions.touch('not-a-token'), null);
  db.close();
});

test('revoking: one token, or every session of a badge; a disabled badge has none', async () => {
  const db = openDatabase(':memory:');
  const store = createAttendantStore(db);
  await store.addBadge('att-2', 'A', '4821');
  const sessions = createSessionStore(db, 60_000);
  const a = sessions.create('att-2', 'A');
  const b = sessions.create('att-2', 'A');
  assert.equal(sessions.revoke(a.token), true);
  assert.equal(sessions.peek(a.token), null);
  assert.notEqual(sessions.peek(b.token), null);
  store.disableBadge('att-2');
  assert.equal(sessions.peek(b.token), null, 'disabled badge: refused even without revokeBadge');
  const c = sessions.create('att-2', 'A');
  assert.equal(sessions.revokeBadge('att-2'), 1);
  assert.equal(sessions.peek(c.token), null);
  db.close();
});
