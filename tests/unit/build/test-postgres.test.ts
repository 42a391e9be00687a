// npm test's PostgreSQL step: a server for the township's PostgreSQL tests whenever one can be
// started, one line either way, and under CI=true a failure instead of a skip
// (resources/build/test-postgres.mjs; issue 13 §5).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { main, TESTS_URL } from '#resources/build/test-postgres.mjs';
import { repoRoot } from '../../support/kiosk-process.js';

type Start = () => { url?: string; error?: string };
type Main = (o: { env?: Record<string, string | undefined>; installed?: () => boolean; running?: () => boolean; start?: Start; log?: (s: string) => void; error?: (s: string) => void }) => number;
const run = main as Main;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (s: string) => out.push(s), error: (s: string) => err.push(s) };
}

test('installed: starts the server and says where, in one line', () => {
  const c = capture();
  let started = 0;
  const code = run({ env: {}, installed: () => true, running: () => false, start: () => (started++, { url: 'postgres://kiosk@127.0.0.1:55432/postgres' }), ...c });
  assert.equal(code, 0);
  assert.equal(started, 1);
  assert.deepEqual(c.out, ['test-postgres: PostgreSQL for the township tests at postgres://kiosk@127.0.0.1:55432/postgres (left running; resources/build/start-postgres.sh says how to stop it)']);
  assert.deepEqual(c.err, []);
});

test('not installed: one line saying the PostgreSQL tests will skip and what to install, exit 0, nothing started', () => {
  const c = capture();
  const code = run({ env: {}, installed: () => false, start: () => assert.fail('nothing to start'), ...c });
  assert.equal(code, 0);
  assert.deepEqual(c.out, ['test-postgres: PostgreSQL is not installed (as root: apt-get install -y postgresql): the PostgreSQL tests will skip']);
});

test('a server already answers where the tests look (another checkout\'s): used as it is, one line, nothing started', () => {
  const c = capture();
  const code = run({ env: {}, installed: () => true, running: () => true, start: () => assert.fail('nothing to start'), ...c });
  assert.equal(code, 0);
  assert.deepEqual(c.out, ['test-postgres: a PostgreSQL server already answers at postgres://kiosk@127.0.0.1:55432/postgres; the township tests use it']);
});

test('the PostgreSQL tests and this step agree on where the server is', () => {
  // Every default the tests give TOWNSHIP_TEST_DATABASE_URL (the `??` fallback), under tests/unit and tests/support.
  const defaults: string[] = [];
  for (const sub of ['tests/unit', 'tests/support']) {
    const dir = path.join(repoRoot, sub);
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'))) {
      for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/TOWNSHIP_TEST_DATABASE_URL\s*\?\?\s*'([^']+)'/g)) defaults.push(m[1]!);
    }
  }
  assert.ok(defaults.length > 0, 'the PostgreSQL tests\' default server was found');
  assert.deepEqual([...new Set(defaults)], [TESTS_URL]);
  assert.match(readFileSync(path.join(repoRoot, 'resources/build/start-postgres.sh'), 'utf8'), /port="\$\{PGPORT_TEST:-55432\}"/);
});

test('the server will not start: one line with the reason, exit 0', () => {
  const c = capture();
  const code = run({ env: {}, installed: () => true, running: () => false, start: () => ({ error: 'pg_ctl: could not start server' }), ...c });
  assert.equal(code, 0);
  assert.deepEqual(c.out, ['test-postgres: no PostgreSQL server could be started (pg_ctl: could not start server): the PostgreSQL tests will skip']);
});

test('CI=true: not installed or not started is a failure, never a skip', () => {
  for (const o of [{ installed: () => false }, { installed: () => true, running: () => false, start: () => ({ error: 'port in use' }) }]) {
    const c = capture();
    assert.equal(run({ env: { CI: 'true' }, start: () => assert.fail('not this'), ...o, ...c }), 1);
    assert.equal(c.err.length, 1);
    assert.match(c.err[0]!, /^test-postgres: .*, and CI=true requires the PostgreSQL tests: failing$/);
  }
});

test('TOWNSHIP_TEST_DATABASE_URL given: that server is used, nothing started, and no password printed', () => {
  const c = capture();
  const code = run({ env: { TOWNSHIP_TEST_DATABASE_URL: 'postgres://u:secret@db.example:5432/t', CI: 'true' }, installed: () => assert.fail('not asked'), start: () => assert.fail('nothing to start'), ...c });
  assert.equal(code, 0);
  assert.deepEqual(c.out, ['test-postgres: using TOWNSHIP_TEST_DATABASE_URL (postgres://db.example:5432/t); nothing started']);
});
