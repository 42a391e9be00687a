// township-poll-pg-cpu: the cost of an up-to-date feed poll on PostgreSQL, in this process,
// the ordinary path (token lookup, last-seen in memory, the feed read in a transaction, a
// fresh signature) vs the path answered from the feed marks (LISTEN/NOTIFY wake-ups plus the
// 500 ms age bound, feed-marks.ts), with "ratio" (target <= 0.1, issue 13 §4).
// CPU counted: this process (process.cpuUsage) PLUS the PostgreSQL backends serving this
// database (utime + stime from /proc/<pid>/stat; the server runs on this machine), since on
// PostgreSQL most of a read's work is in the server. No HTTP: handler work only (the same
// scope as township-poll-cpu in township-load.bench.ts, which measures SQLite).
// Server: TOWNSHIP_TEST_DATABASE_URL (tests/support/pg-test-db.ts); without one, one line on
// stderr and nothing measured. Env: BENCH_POLL_PG_N (memory polls, default 20000).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '../../src/log/logger.js';
import { decodeCursor, encodeCursor, feedDialect, readFeedPage } from '../../src/township/feed.js';
import { feedMarks } from '../../src/township/feed-marks.js';
import { issueKioskToken, kioskForToken, touchKiosk } from '../../src/township/kiosks.js';
import { loadOrCreateSigningKey } from '../../src/township/keys.js';
import { seedSampleContent } from '../../src/township/seed.js';
import { openTownshipStore } from '../../src/township/store/open-store.js';
import { createTestDatabase, pgTestServer } from '../support/pg-test-db.js';
import { percentile, report } from './support/report.js';

const N = Number(process.env.BENCH_POLL_PG_N ?? '20000');
const KIOSKS = 500;

let server: string | null = null;
try {
  server = await pgTestServer();
} catch (e) {
  process.stderr.write(`township-poll-pg: ${(e as Error).message}\n`);
}
if (!server) {
  process.stderr.write('township-poll-pg: no PostgreSQL server (set TOWNSHIP_TEST_DATABASE_URL); nothing measured\n');
  process.exit(0);
}

const db = await createTestDatabase('pollbench');
const dir = mkdtempSync(path.join(os.tmpdir(), 'township-poll-pg-'));
const store = await openTownshipStore({ dataDir: dir, databaseUrl: db.url }, createMemoryLogger());
try {
  await seedSampleContent(store, new Date());
  const tokens: string[] = [];
  for (let i = 0; i < KIOSKS; i++) {
    const r = await issueKioskToken(store, `k${i}`, '');
    if (!r.ok) throw new Error(r.message);
    tokens.push(r.token);
  }
  const key = loadOrCreateSigningKey(dir);
  const d = feedDialect(store);
  // A kiosk that has read everything: follow the pages from the start.
  let cursor: string | null = null;
  for (;;) {
    const r = await readFeedPage(store, key, 'k0', cursor, 200, new Date());
    if (!r.ok) throw new Error(r.message);
    cursor = r.page.nextCursor;
    if (!r.page.hasMore) break;
  }
  const cursorText = cursor;
  const c = decodeCursor(d, cursorText)!;
  const marks = feedMarks(store);
  await marks.refresh();
  const deadline = Date.now() + 10_000;
  while (!marks.usable && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    await marks.refresh();
  }
  if (!marks.usable) throw new Error('the feed marks never became usable (LISTEN did not connect)');

  const ordinary = async (k: number) => {
    await kioskForToken(store, tokens[k]);
    touchKiosk(store, `k${k}`, new Date());
    const r = await readFeedPage(store, key, `k${k}`, cursorText, 200, new Date());
    if (!r.ok || r.page.items.length) throw new Error('the ordinary read found something');
    JSON.stringify(r.signed);
  };
  const fromMemory = async (k: number) => {
    await kioskForToken(store, tokens[k]);
    touchKiosk(store, `k${k}`, new Date());
    await marks.refresh();
    if (!marks.isCurrent(`k${k}`, c)) throw new Error('not current');
    JSON.stringify(marks.currentPage(`k${k}`, cursorText, c, key.privateKey, key.keyId, (pos, epoch) => encodeCursor(d, pos, epoch), new Date()));
  };

  const ticksPerSecond = 100; // Linux USER_HZ
  const backendCpuUs = async (): Promise<number | null> => {
    const rows = await store.all<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
      } catch {
        return null; // not on this machine (or not readable): the server's share is not counted
      }
    }
    return (ticks * 1e6) / ticksPerSecond;
  };

  const measure = async (f: (k: number) => Promise<void>, n: number) => {
    for (let i = 0; i < 200; i++) await f(i % KIOSKS);
    const ms: number[] = [];
    const pg0 = await backendCpuUs();
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await f(i % KIOSKS);
      ms.push(performance.now() - s);
    }
    const wall = performance.now() - t0;
    const u = process.cpuUsage(u0);
    const pg1 = await backendCpuUs();
    const nodeUs = (u.user + u.system) / n;
    const pgUs = pg0 === null || pg1 === null ? null : (pg1 - pg0) / n;
    ms.sort((a, b) => a - b);
    return { nodeUs, pgUs, totalUs: nodeUs + (pgUs ?? 0), p50: percentile(ms, 50), p95: percentile(ms, 95), perSecond: (n * 1000) / wall };
  };

  const today = await measure(ordinary, 2000);
  const reads0 = marks.reads;
  const cheap = await measure(fromMemory, N);
  const marksReads = marks.reads - reads0;
  report({
    bench: 'township-poll-pg-cpu',
    unit: 'us',
    value: cheap.totalUs,
    todayUs: today.totalUs,
    n: N,
    ratio: cheap.totalUs / today.totalUs,
    limit: 'ratio <= 0.1',
    nodeUs: cheap.nodeUs,
    pgUs: cheap.pgUs,
    todayNodeUs: today.nodeUs,
    todayPgUs: today.pgUs,
    marksReads,
    note: 'CPU per up-to-date poll, this process + its PostgreSQL backends (/proc), handler work only (no HTTP): from the feed marks vs the ordinary path (feed transaction + signing)',
  });
  report({ bench: 'township-poll-pg-latency', unit: 'ms', p50: cheap.p50, p95: cheap.p95, n: N, todayP50: today.p50, todayP95: today.p95, ratio: cheap.p50 / today.p50, pollsPerSecond: cheap.perSecond, todayPollsPerSecond: today.perSecond });
} finally {
  await store.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
