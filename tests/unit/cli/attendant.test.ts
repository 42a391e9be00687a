// `npm run attendant -- add`: the built CLI on a real kiosk database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createAttendantStore } from '#src/attendant/store.js';
import { openDatabase } from '#src/db/open.js';
import { repoRoot } from '../../support/kiosk-process.js';

function run(args: string[], stdin: string, dataDir: string) {
  return spawnSync(process.execPath, [path.join(repoRoot, 'dist/src/cli/attendant.js'), ...args], {
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, KIOSK_CONFIG: '', KIOSK_DATA_DIR: dataDir, KIOSK_ATTENDANT_PIN: '' },
  });
}

test('adds a badge whose PIN is stored hashed, and writes its QR code', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-att-cli-'));
  const qr = path.join(dir, 'badge.svg');
  const r = run(['add', 'att-042', '王红', '--qr', qr], '735159\n', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Badge att-042 \(王红\) can now sign in/);
  assert.equal(r.stdout.includes('735159'), false, 'the PIN is never printed');
  assert.match(readFileSync(qr, 'utf8'), /^<svg/);

  const db = openDatabase(path.join(dir, 'kiosk.db'));
  const row = db.prepare('SELECT pin_hash FROM attendant_badges WHERE badge_id = ?').get('att-042') as { pin_hash: string };
  assert.equal(row.pin_hash.includes('735159'), false, 'stored as a hash');
  const store = createAttendantStore(db);
  assert.deepEqual(await store.checkPin('att-042', '735159'), { result: 'ok', name: '王红' });
  assert.equal((await store.checkPin('att-042', '111111')).result, 'wrong-pin');
  db.close();
});

test('bad input gets one clear line and exit code 2, and nothing is stored', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-att-cli-'));
  const cases: Array<[string[], string, RegExp]> = [
    [['add', 'att-1', 'Li'], '12\n', /PIN must be 4 to 8 digits/],
    [['add', 'bad id!', 'Li'], '1234\n', /badge id "bad id!" is not valid/],
    [['remove', 'att-1'], '', /usage: npm run attendant -- add/],
  ];
  for (const [args, stdin, message] of cases) {
    const r = run(args, stdin, dir);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  const db = openDatabase(path.join(dir, 'kiosk.db'));
  assert.equal((db.prepare('SELECT count(*) AS n FROM attendant_badges').get() as { n: number }).n, 0);
  db.close();
});

test('list, disable and reset-pin: a disabled badge is refused and signed out, reset-pin brings it back', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-att-cli-'));
  assert.equal(run(['add', 'att-051', '赵敏'], '4821\n', dir).status, 0);
  assert.equal(run(['add', 'att-052', 'Wu'], '9911\n', dir).status, 0);
  let r = run(['list'], '', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^att-051\t赵敏\tactive\tadded /m);
  assert.match(r.stdout, /^att-052\tWu\tactive/m);
  assert.equal(r.stdout.includes('4821') || r.stdout.includes('scrypt'), false, 'no PIN or hash is listed');

  // a live session of att-051, as the kiosk would hold it
  let db = openDatabase(path.join(dir, 'kiosk.db'));
  const { createSessionStore } = await import('#src/attendant/sessions.js');
  const { token } = createSessionStore(db, 60_000).create('att-051', '赵敏');
  db.close();

  r = run(['disable', 'att-051'], '', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Badge att-051 is disabled: it can no longer sign in and was signed out \(1 session\)/);
  assert.match(run(['list'], '', dir).stdout, /^att-051\t赵敏\tdisabled since /m);
  db = openDatabase(path.join(dir, 'kiosk.db'));
  assert.equal(createSessionStore(db, 60_000).peek(token), null, 'its session is gone');
  assert.deepEqual(await createAttendantStore(db).checkPin('att-051', '4821'), { result: 'disabled' });
  db.close();

  r = run(['disable', 'att-999'], '', dir);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /There is no badge att-999 on this kiosk/);

  r = run(['reset-pin', 'att-051'], '12\n', dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /PIN must be 4 to 8 digits/);
  r = run(['reset-pin', 'att-051'], '606060\n', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Badge att-051 has a new PIN and is enabled/);
  assert.equal(r.stdout.includes('606060'), false);
  db = openDatabase(path.join(dir, 'kiosk.db'));
  const store = createAttendantStore(db);
  assert.equal((await store.checkPin('att-051', '4821')).result, 'wrong-pin');
  assert.deepEqual(await store.checkPin('att-051', '606060'), { result: 'ok', name: '赵敏' });
  db.close();
});
