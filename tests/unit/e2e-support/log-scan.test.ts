// The e2e suite's final log scan finds what it is for (so a clean run means something).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { scanLogDirs } from '../../e2e/support/log-scan.js';

test('the log scan reports each kind of secret and passes clean, scrubbed lines', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'log-scan-'));
  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(
    path.join(dir, 'logs', 'kiosk.log'),
    [
      '{"event":"ok","phone":"[redacted]","id":"0190f3a2-7b1c-7def-8abc-0123456789ab","note":"[phone]"}',
      '{"event":"leak","detail":"call 13912340021"}',
      '{"event":"leak","pin":"2580"}',
      '{"event":"leak","text":"VKH1.eyJob3VzZWhvbGRJZCI6IkgxIn0.c2ln"}',
      '{"event":"leak","text":"Zq3vK9xT2mPw8RbN4cYh7LsE1uGd6FjA"}',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'logs', 'kiosk.log.1'), '{"event":"leak","code":"134567890123456789"}\n');
  writeFileSync(path.join(dir, 'kiosk-1.output.log'), 'warn: x: Bearer abcdefgh12345\n');
  const r = scanLogDirs([dir, dir]);
  assert.equal(r.files, 3);
  assert.deepEqual(r.findings.map((f) => f.rule).sort(), ['bearer token', 'household card', 'payment code', 'phone number', 'random token', 'secret field'].sort());
  assert.equal(scanLogDirs([path.join(dir, 'missing')]).findings.length, 0);
});

test('a one-time launch link printed by the serve shell is excused; the same token elsewhere is not', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'log-scan-launch-'));
  const code = 'v6jbHzGZC4J4q1bXIuyNcwAAAaIz5J1a.oXV2UcHy2uDpokNHlNSal9lxVzWq';
  writeFileSync(path.join(dir, 'kiosk-1.output.log'), `Kiosk ready at http://127.0.0.1:8420/?launch=${code}\n`);
  assert.deepEqual(scanLogDirs([dir]).findings, []);
  writeFileSync(path.join(dir, 'kiosk-2.output.log'), `leaked ${code}\n`);
  assert.deepEqual(scanLogDirs([dir]).findings.map((f) => f.rule), ['random token']);
});
