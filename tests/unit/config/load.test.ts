import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '#src/config/load.js';
import { ENV_OVERRIDES } from '#src/config/schema.js';
import { TOWNSHIP_ENV_OVERRIDES } from '#src/township/config.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kiosk-config-'));

function expectError(fn: () => unknown, pattern: RegExp): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.equal(e.message.includes('\n'), false, 'the error is one line');
    return e.message;
  }
  assert.fail('expected a ConfigError');
}

test('no file and no environment gives the embedded defaults', () => {
  const dir = tmp();
  const c = loadConfig({ file: path.join(dir, 'missing.json'), env: {}, cwd: dir });
  assert.equal(c.http.port, 8420);
  assert.equal(c.township.url, null);
  assert.equal(c.hallName['zh-CN'], '村便民服务大厅');
  assert.equal(c.dataDir, path.join(dir, '.kiosk-data'));
});

test('file values are read and environment overrides win', () => {
  const dir = tmp();
  const file = path.join(dir, 'kiosk.json');
  writeFileSync(file, JSON.stringify({ kioskId: 'hall-7', http: { port: 9000 }, ui: { idleWarnSeconds: 120 } }));
  const c = loadConfig({ file, env: { KIOSK_HTTP_PORT: '9100', KIOSK_DEV_PANEL: 'true' }, cwd: dir });
  assert.equal(c.kioskId, 'hall-7');
  assert.equal(c.http.port, 9100);
  assert.equal(c.ui.idleWarnSeconds, 120);
  assert.equal(c.ui.devPanel, true);
});

test('a bad environment value names the key, the value, where it came from and what is expected', () => {
  const msg = expectError(() => loadConfig({ env: { KIOSK_HTTP_PORT: 'eighty' } }), /^config error: http\.port = "eighty" \(from KIOSK_HTTP_PORT\): expected/);
  assert.match(msg, /number/);
  expectError(() => loadConfig({ env: { KIOSK_HTTP_PORT: '70000' } }), /http\.port = 70000 .*expected/);
  expectError(() => loadConfig({ env: { KIOSK_TOWNSHIP_URL: 'not a url' } }), /township\.url = "not a url" .*expected an http\(s\) URL/);
  // zod's url() alone takes any scheme: the township's address must be http(s)
  expectError(() => loadConfig({ env: { KIOSK_TOWNSHIP_URL: 'ftp://township.example/' } }), /township\.url = "ftp:\/\/township\.example\/" .*expected an http\(s\) URL$/);
  expectError(() => loadConfig({ env: { KIOSK_TOWNSHIP_PUBLIC_URL: 'javascript:alert(1)' } }), /township\.publicUrl = "javascript:alert\(1\)" .*expected an http\(s\) URL$/);
  expectError(() => loadConfig({ env: { KIOSK_LOG_LEVEL: 'loud' } }), /log\.level = "loud" .*expected one of "debug", "info", "warn", "error"/);
  expectError(() => loadConfig({ env: { KIOSK_TOWNSHIP_PUBLIC_KEY: 'abc' } }), /township\.publicKey = "abc" .*Ed25519/);
});

test('a bad file is reported in one line: bad JSON, wrong shape, unknown key, wrong type', () => {
  const dir = tmp();
  const file = path.join(dir, 'k.json');
  writeFileSync(file, '{ "kioskId": ');
  expectError(() => loadConfig({ file, env: {} }), /is not valid JSON/);
  writeFileSync(file, '[1,2]');
  expectError(() => loadConfig({ file, env: {} }), /must hold one JSON object, not an array/);
  writeFileSync(file, JSON.stringify({ http: { prot: 80 } }));
  expectError(() => loadConfig({ file, env: {} }), /unknown key http\.prot/);
  writeFileSync(file, JSON.stringify({ ui: { idleWarnSeconds: 'soon' } }));
  expectError(() => loadConfig({ file, env: {} }), /ui\.idleWarnSeconds = "soon": expected a number/);
  writeFileSync(file, JSON.stringify({ kioskId: 'has spaces!' }));
  expectError(() => loadConfig({ file, env: {} }), /kioskId = "has spaces!": expected letters, digits/);
});

test('a required config file that does not exist is an error', () => {
  expectError(() => loadConfig({ file: '/nonexistent/kiosk.json', required: true, env: {} }), /does not exist/);
});

test('every environment override is documented in README.md', () => {
  const readme = readFileSync(path.join(import.meta.dirname, '../../../README.md'), 'utf8');
  for (const name of Object.keys(ENV_OVERRIDES)) assert.ok(readme.includes(name), `README.md does not mention ${name}`);
  for (const name of Object.keys(TOWNSHIP_ENV_OVERRIDES)) assert.ok(readme.includes(name), `README.md does not mention ${name}`);
});
