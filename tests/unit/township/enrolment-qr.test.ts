// `npm run township -- issue-token <kioskId> --qr FILE --url URL`: the printed enrolment QR,
// read back with a real barcode reader (zbarimg), carries the kiosk id, its token, the
// township's public key and address, and the kiosk accepts it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { decodeEnrolment } from '#protocol/enrolment.js';
import { repoRoot } from '../../support/kiosk-process.js';

test('issue-token --qr writes a private enrolment QR that decodes to the token just issued', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tw-enrol-'));
  const png = path.join(dir, 'kiosk.png');
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist/township/township/cli.js'), 'issue-token', 'nandali-1', '--qr', png, '--url', 'https://township.example/'], {
    encoding: 'utf8',
    env: { ...process.env, TOWNSHIP_CONFIG: '', TOWNSHIP_DATA_DIR: dir },
  });
  assert.equal(r.status, 0, r.stderr);
  const token = /Token: (\S+)/.exec(r.stdout)![1]!;
  assert.match(r.stdout, /Enrolment QR for nandali-1 \(township https:\/\/township.example\/\) written to /);
  assert.equal(statSync(png).mode & 0o777, 0o600, 'it holds the token: private');
  assert.equal(readFileSync(png).subarray(1, 4).toString(), 'PNG');
  if (!existsSync('/usr/bin/zbarimg')) return t.skip('zbarimg (zbar-tools) is not installed');
  const z = spawnSync('/usr/bin/zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' });
  assert.equal(z.status, 0, z.stderr);
  const d = decodeEnrolment(z.stdout.trim());
  assert.ok(d.ok, JSON.stringify(d));
  assert.equal(d.payload.kioskId, 'nandali-1');
  assert.equal(d.payload.token, token);
  assert.equal(d.payload.url, 'https://township.example/');
  const key = spawnSync(process.execPath, [path.join(repoRoot, 'dist/township/township/cli.js'), 'public-key'], { encoding: 'utf8', env: { ...process.env, TOWNSHIP_CONFIG: '', TOWNSHIP_DATA_DIR: dir } });
  assert.equal(d.payload.publicKey, key.stdout.trim());
});

test('an enrolment code whose township address is not http(s) is refused with a clear message', () => {
  const code = (url: string) =>
    'VKE1:' + Buffer.from(JSON.stringify({ kioskId: 'nandali-1', token: 'abcdefghijklmnopqrstuvwx', publicKey: 'A'.repeat(43) + '=', url })).toString('base64url');
  for (const url of ['ftp://township.example/', 'javascript:alert(1)']) {
    const d = decodeEnrolment(code(url));
    assert.equal(d.ok, false, url);
    assert.equal(!d.ok && d.message, 'the enrolment code is not valid: url an http(s) URL');
  }
  assert.equal(decodeEnrolment(code('https://township.example/')).ok, true);
});
