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
