import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createFileLogger } from '#src/log/logger.js';

test('writes one JSON object per line with time, level, event and fields', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-log-'));
  const log = createFileLogger({ dir, stderr: false });
  log.info('started', { port: 1 });
  log.child({ component: 'relay' }).error('send-failed', { error: new Error('boom') });
  log.debug('hidden');
  log.close();
  const lines = readFileSync(path.join(dir, 'kiosk.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[0].event, 'started');
  assert.equal(lines[0].level, 'info');
  assert.equal(lines[0].port, 1);
  assert.match(lines[0].time, /^\d{4}-\d\d-\d\dT/);
  assert.equal(lines[1].component, 'relay');
  assert.equal(lines[1].error.message, 'boom');
});

test('rotates by size and keeps at most maxFiles old files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-log-'));
  const log = createFileLogger({ dir, stderr: false, maxFileBytes: 10_000, maxFiles: 3 });
  for (let i = 0; i < 1000; i++) log.info('line', { i, pad: 'x'.repeat(80) });
  log.close();
  const files = readdirSync(dir).sort();
  assert.deepEqual(files, ['kiosk.log', 'kiosk.log.1', 'kiosk.log.2', 'kiosk.log.3']);
  for (const f of files) assert.ok(readFileSync(path.join(dir, f)).length <= 10_000 + 200, `${f} is within the limit`);
  const last = readFileSync(path.join(dir, 'kiosk.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(last.at(-1).i, 999, 'the newest line is in kiosk.log');
  assert.equal(existsSync(path.join(dir, 'kiosk.log.4')), false);
});

test('a rotation whose rename fails never writes into a file that reuses the closed fd, and logging goes on', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-log-'));
  // kiosk.log.1 is a non-empty directory: renaming kiosk.log onto it fails (even as root)
  // after the logger has closed its file, which is when the old code lost track of its fd.
  mkdirSync(path.join(dir, 'kiosk.log.1'));
  writeFileSync(path.join(dir, 'kiosk.log.1', 'keep'), 'x');
  const log = createFileLogger({ dir, stderr: false, maxFileBytes: 2_000, maxFiles: 1 });
  for (let i = 0; i < 30; i++) log.info('before-rotation', { i, pad: 'x'.repeat(80) });
  // A database opened now gets the lowest free fd number: the one the logger closed.
  const dbFile = path.join(dir, 'kiosk.db');
  const db = new Database(dbFile);
  db.pragma('journal_mode = DELETE');
  db.exec('CREATE TABLE t(x TEXT)');
  for (let i = 0; i < 30; i++) log.info('after-rotation', { i, pad: 'y'.repeat(80) });
  db.prepare('INSERT INTO t VALUES (?)').run('row');
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n, 1);
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
  log.close();
  assert.equal(readFileSync(dbFile).includes('after-rotation'), false, 'no log line landed in the database file');
  const lines = readFileSync(path.join(dir, 'kiosk.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.at(-1).event, 'after-rotation', 'logging went on in kiosk.log');
  assert.equal(lines.at(-1).i, 29);
});
