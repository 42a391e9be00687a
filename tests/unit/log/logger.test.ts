import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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
