// `npm test` step 1: a PostgreSQL server for the township's PostgreSQL tests, whenever one can
// be started. One line either way:
//   test-postgres: PostgreSQL for the township tests at postgres://kiosk@127.0.0.1:55432/postgres
//   test-postgres: <why not>: the PostgreSQL tests will skip (...)
// It starts a throw-away cluster on 127.0.0.1 with start-postgres.sh (as the postgres user
// when root) on the port the tests look at by default, and leaves it running for the next
// run; a server already answering there (another checkout's) is used as it is. TOWNSHIP_TEST_DATABASE_URL given: that server is used and nothing is started.
// CI=true: a server that cannot be started fails here (CI must never skip those tests).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postgresInstalled } from './test-prereqs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Where the tests look when TOWNSHIP_TEST_DATABASE_URL is not set (tests/unit/township/pg-*.test.ts). */
export const TESTS_URL = 'postgres://kiosk@127.0.0.1:55432/postgres';

/** A server already answers where the tests look (another checkout's, on a shared machine). */
function answering() {
  let bin;
  try {
    bin = readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pg_isready`).find((f) => existsSync(f));
  } catch {
    return false;
  }
  if (!bin) return false;
  const u = new URL(TESTS_URL);
  return spawnSync(bin, ['-q', '-h', u.hostname, '-p', u.port, '-t', '3'], { timeout: 10_000 }).status === 0;
}

/** Runs start-postgres.sh; returns the URL it exports, or the reason it could not start one. */
function startWithScript() {
  const r = spawnSync('bash', [path.join(here, 'start-postgres.sh')], { encoding: 'utf8', timeout: 120_000 });
  const url = /TOWNSHIP_TEST_DATABASE_URL=(\S+)/.exec(r.stdout ?? '')?.[1];
  if (r.status === 0 && url) return { url };
  const why = r.error?.message ?? (r.stderr || '').trim().split('\n').filter(Boolean).pop() ?? `exit code ${r.status}`;
  return { error: why.slice(0, 300) };
}

/** Returns the exit code. Everything it touches is a parameter, for the unit test. */
export function main({
  env = process.env,
  installed = postgresInstalled,
  running = answering,
  start = startWithScript,
  log = console.log,
  error = console.error,
} = {}) {
  const required = env.CI === 'true';
  if (env.TOWNSHIP_TEST_DATABASE_URL) {
    log(`test-postgres: using TOWNSHIP_TEST_DATABASE_URL (${env.TOWNSHIP_TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')}); nothing started`);
    return 0;
  }
  const fail = (why) => {
    if (required) {
      error(`test-postgres: ${why}, and CI=true requires the PostgreSQL tests: failing`);
      return 1;
    }
    log(`test-postgres: ${why}: the PostgreSQL tests will skip`);
    return 0;
  };
  if (!installed()) return fail('PostgreSQL is not installed (as root: apt-get install -y postgresql)');
  if (running()) {
    log(`test-postgres: a PostgreSQL server already answers at ${TESTS_URL}; the township tests use it`);
    return 0;
  }
  const r = start();
  if (!r.url) return fail(`no PostgreSQL server could be started (${r.error})`);
  log(`test-postgres: PostgreSQL for the township tests at ${r.url} (left running; resources/build/start-postgres.sh says how to stop it)`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
