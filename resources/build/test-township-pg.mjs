// `npm test` step: the township unit tests again, on PostgreSQL (TOWNSHIP_TEST_STORE=postgres:
// every test township gets a fresh database on the server, tests/unit/township/helpers.ts).
// The server: TOWNSHIP_TEST_DATABASE_URL, else one started here with
// resources/build/start-postgres.sh (Debian's postgresql package). When there is none, one line
// says so and why, and this step passes, except under CI=true, where it fails: CI must never
// skip the PostgreSQL suite.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ci = process.env.CI === 'true';

function unavailable(why) {
  if (ci) {
    console.error(`township PostgreSQL suite: FAILED, no server (${why}); CI=true requires it (.ci/run installs postgresql and starts it with resources/build/start-postgres.sh)`);
    process.exit(1);
  }
  console.log(`township PostgreSQL suite: skipped, no server (${why}); to run it: eval "$(bash resources/build/start-postgres.sh)" && npm test`);
  process.exit(0);
}

let url = process.env.TOWNSHIP_TEST_DATABASE_URL;
if (!url) {
  const r = spawnSync('bash', ['resources/build/start-postgres.sh'], { encoding: 'utf8' });
  const m = /TOWNSHIP_TEST_DATABASE_URL=(\S+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) unavailable((r.stderr || 'start-postgres.sh failed').trim().split('\n').pop());
  url = m[1];
}
const probe = spawnSync(process.execPath, ['-e', `
  const pg = require('pg');
  const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 5000 });
  c.connect().then(() => c.query('SELECT 1')).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });
`, url], { encoding: 'utf8' });
if (probe.status !== 0) unavailable(`${url.replace(/\/\/([^:@/]*):[^@]*@/, '//$1@')}: ${probe.stderr.trim()}`);

const files = [];
(function walk(dir) {
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (f.endsWith('.test.ts')) files.push(p);
  }
})('tests/unit/township');
console.log(`township PostgreSQL suite: ${files.length} files against ${url.replace(/\/\/([^:@/]*):[^@]*@/, '//$1@')}`);
// One file at a time: the feed's watermark is cluster-wide, so another file's open transaction
// would delay (correctly, never lose) rows that a test expects at once.
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TOWNSHIP_TEST_STORE: 'postgres', TOWNSHIP_TEST_DATABASE_URL: url },
});
process.exit(run.status ?? 1);
