import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTownshipConfig, TownshipConfigError } from '#src/township/config.js';
import { openTestStore } from './helpers.js';
import { issueKioskToken, kioskForToken } from '#src/township/kiosks.js';
import { addOfficial, checkLogin } from '#src/township/officials.js';
import { SignedFeedPage } from '#protocol/feed.js';
import { publicKeyFromBase64, verifyBytes } from '#protocol/signing.js';
import { feed, startTestTownship } from './helpers.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'township-keys-'));

test('the signing key is created once (mode 0600) and reused after a restart; old pages still verify', async () => {
  const dir = tmp();
  const a = await startTestTownship({}, dir);
  const token = await a.token('k1');
  const page = SignedFeedPage.parse((await feed(a, 'k1', token)).json);
  const pub = a.publicKey;
  await a.stop();
  assert.equal(statSync(path.join(dir, 'signing-key.pem')).mode & 0o777, 0o600);
  const b = await startTestTownship({}, dir);
  assert.equal(b.publicKey, pub);
  assert.ok(verifyBytes(publicKeyFromBase64(b.publicKey), page.payload, page.signature));
  // Tokens and the feed epoch survive the restart too: the old cursor still works.
  const cursor = (JSON.parse(page.payload) as { nextCursor: string }).nextCursor;
  assert.equal((await feed(b, 'k1', token, { cursor })).status, 200);
  await b.stop();
  const other = await startTestTownship({}, tmp());
  assert.notEqual(other.publicKey, pub, 'another data dir has another key');
  assert.equal((await feed(other, 'k1', await other.token('k1'), { cursor })).status, 410, "another township's cursor is refused");
  await other.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

test('kiosk tokens: stored hashed, bound to one kiosk, replaced on re-issue; bad ids refused', async () => {
  const dir = tmp();
  const db = await openTestStore(dir);
  const r = await issueKioskToken(db, 'hall-1', '西坡村');
  assert.ok(r.ok);
  assert.ok(r.token.length >= 32);
  assert.equal((await kioskForToken(db, r.token))?.kioskId, 'hall-1');
  assert.equal(await kioskForToken(db, r.token + 'x'), null);
  assert.equal(await kioskForToken(db, undefined), null);
  const stored = (await db.get<{ token_sha256: string }>('SELECT token_sha256 FROM kiosks'))!;
  assert.notEqual(stored.token_sha256, r.token);
  const r2 = await issueKioskToken(db, 'hall-1', '');
  assert.ok(r2.ok);
  assert.equal(await kioskForToken(db, r.token), null, 'the old token is revoked');
  assert.equal((await kioskForToken(db, r2.token))?.village, '西坡村', 'the village is kept when not given again');
  assert.equal((await issueKioskToken(db, '../etc', '')).ok, false);
  await db.cleanupStore();
  rmSync(dir, { recursive: true, force: true });
});

test('officials: scrypt hash, no plain password stored, short passwords refused', async () => {
  const dir = tmp();
  const db = await openTestStore(dir);
  assert.equal((await addOfficial(db, 'wang', 'short')).ok, false);
  assert.ok((await addOfficial(db, 'wang', 'a-long-password')).ok);
  const row = (await db.get<{ password_hash: string }>('SELECT password_hash FROM officials'))!;
  assert.match(row.password_hash, /^scrypt\$/);
  assert.ok(!row.password_hash.includes('a-long-password'));
  assert.equal(await checkLogin(db, 'wang', 'a-long-password'), true);
  assert.equal(await checkLogin(db, 'wang', 'a-long-passwore'), false);
  assert.equal(await checkLogin(db, 'nobody', 'a-long-password'), false);
  await db.cleanupStore();
  rmSync(dir, { recursive: true, force: true });
});

test('config: defaults, env overrides, one-line errors naming the key and the variable', async () => {
  const dir = tmp();
  const c = loadTownshipConfig({ env: {}, cwd: dir });
  assert.equal(c.http.host, '127.0.0.1');
  assert.equal(c.dataDir, path.join(dir, '.township-data'));
  const e = loadTownshipConfig({ env: { TOWNSHIP_PORT: '0', TOWNSHIP_HOST: '0.0.0.0', TOWNSHIP_DATA_DIR: '/srv/tw' } });
  assert.deepEqual([e.http.port, e.http.host, e.dataDir], [0, '0.0.0.0', '/srv/tw']);
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (x) {
      assert.ok(x instanceof TownshipConfigError);
      assert.ok(!x.message.includes('\n'));
      return x.message;
    }
    assert.fail('expected a config error');
  };
  assert.match(err(() => loadTownshipConfig({ env: { TOWNSHIP_PORT: 'eighty' } })), /http\.port = "eighty" \(from TOWNSHIP_PORT\): expected a number/);
  assert.match(err(() => loadTownshipConfig({ env: { TOWNSHIP_PORT: '70000' } })), /http\.port/);
  const file = path.join(dir, 'township.config.json');
  writeFileSync(file, JSON.stringify({ http: { prot: 1 } }));
  assert.match(err(() => loadTownshipConfig({ file, env: {} })), /unknown key http\.prot/);
  writeFileSync(file, '{ nope');
  assert.match(err(() => loadTownshipConfig({ file, env: {} })), /is not valid JSON/);
  writeFileSync(file, JSON.stringify({ http: { tlsCertFile: '/x.pem' } }));
  assert.match(err(() => loadTownshipConfig({ file, env: {} })), /set together/);
  assert.match(err(() => loadTownshipConfig({ file: path.join(dir, 'missing.json'), required: true, env: {} })), /does not exist/);
  rmSync(dir, { recursive: true, force: true });
});
