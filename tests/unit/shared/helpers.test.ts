// The small helpers the kiosk and the township share (src/shared/): one implementation each.
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import test from 'node:test';
import { z } from 'zod';
import { hashSecret, verifySecret } from '#src/shared/secret-hash.js';
import { checkTownshipUrl } from '#src/shared/township-url.js';
import { describeZod } from '#src/shared/zod-message.js';
import { hashPin, verifyPin } from '#src/attendant/pin.js';

/** A hash exactly as the township stored officials' passwords before (NFC, same format). */
function legacyNfcHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

test('a secret verifies against its own hash and not against another', async () => {
  const h = await hashSecret('correct horse');
  assert.match(h, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  assert.equal(await verifySecret('correct horse', h), true);
  assert.equal(await verifySecret('correct horsf', h), false);
  assert.notEqual(await hashSecret('correct horse'), h, 'a fresh salt each time');
});

test('NFKC: a full-width PIN from a Chinese input method is the same PIN as ASCII digits', async () => {
  const h = await hashPin('１２３４５６');
  assert.equal(await verifyPin('123456', h), true);
  assert.equal(await verifyPin('１２３４５６', h), true);
  assert.equal(await verifyPin('123457', h), false);
});

test('officials’ passwords stored under the old NFC rule still verify', async () => {
  const password = 'ｐａｓｓ①word'; // NFC keeps the full-width letters and the circled one; NFKC does not
  assert.notEqual(password.normalize('NFC'), password.normalize('NFKC'));
  const old = legacyNfcHash(password);
  assert.equal(await verifySecret(password, old), true);
  assert.equal(await verifySecret('pass1word', old), false, 'the NFKC spelling was never the stored one');
  assert.equal(await verifySecret('plain-ascii-pw', legacyNfcHash('plain-ascii-pw')), true);
});

test('a malformed or unreasonable stored hash is refused, never thrown', async () => {
  for (const stored of ['', 'scrypt$1$2$3', 'bcrypt$16384$8$1$AAAAAAAAAAA=$AAAA', 'scrypt$x$8$1$c2FsdHNhbHQ=$' + 'A'.repeat(44), `scrypt$${1 << 22}$8$1$c2FsdHNhbHQ=$${'A'.repeat(44)}`, 'scrypt$16384$8$1$$' + 'A'.repeat(44)]) {
    assert.equal(await verifySecret('whatever', stored), false, stored);
  }
});

test('describeZod: the first three problems as "where: what"; the whole input by its name', () => {
  const r = z.object({ a: z.string(), b: z.number(), c: z.boolean(), d: z.string() }).safeParse({});
  assert.ok(!r.success);
  const text = describeZod(r.error);
  assert.equal(text.split('; ').length, 3);
  assert.match(text, /^a: .+; b: .+; c: .+$/);
  const whole = z.string().safeParse(1);
  assert.ok(!whole.success);
  assert.match(describeZod(whole.error), /^input: /);
  assert.match(describeZod(whole.error, 'body'), /^body: /);
});

test('the township URL rule (relay and sync): https anywhere, plain http only to this machine', () => {
  for (const ok of ['https://township.example.cn/', 'http://127.0.0.1:9000', 'http://localhost:9000', 'http://[::1]:8500']) {
    assert.equal(checkTownshipUrl(ok).ok, true, ok);
  }
  const slashes = checkTownshipUrl('https://township.example.cn//');
  assert.ok(slashes.ok && slashes.base === 'https://township.example.cn');
  for (const bad of ['http://township.example.cn', 'http://10.0.0.5', 'http://127.evil.example', 'ftp://127.0.0.1', 'not a url', null]) {
    const c = checkTownshipUrl(bad);
    assert.equal(c.ok, false, String(bad));
    if (!c.ok) assert.match(c.message, /township\.url/);
  }
  const plain = checkTownshipUrl('http://10.0.0.5');
  assert.ok(!plain.ok && /https:\/\//.test(plain.message));
});
