// `npm run bench -- township-load`: the township (one process, SQLite) under simulated kiosks,
// only on 127.0.0.1. The township runs as a child process (src/township/cli.ts via tsx) with its
// open-file limit raised; this process is the kiosks. Prints JSON lines (support/report.ts):
//  1. township-load-step: for each N, the real mix for BENCH_LOAD_SECONDS (default 20):
//     every kiosk polls every 60 s +- 20%, relays a request every 10 min, and 5% of them drain
//     a 20-request backlog (one batch) spread over the first 10 s. Time is compressed by
//     BENCH_COMPRESSION (default 1 = real rates: each kiosk behaves as a real kiosk, only the
//     observation is short; with C > 1 every interval is divided by C, i.e. the load of N*C kiosks).
//     503 + Retry-After is honoured as the kiosk does (Retry-After / C). Held = p99 < 500 ms,
//     zero errors (anything but 200/201/503, a timeout, a reset) and every request stored
//     exactly once (checked in the database afterwards).
//     township-load-max: the largest N held.
//  2. township-saturation-{put,batch,poll-current,poll-reading}: closed loops at 64 connections
//     (batches: 16), BENCH_SAT_SECONDS (default 4) each.
//  3. township-poll-cpu: CPU per poll in one process, today's path (token read, feed read in a
//     transaction, PEM parse + sign, last_seen UPDATE) vs the up-to-date path, with "ratio".
//  4. township-idle-connections: RSS of the township with many idle keep-alive connections.
// Env: BENCH_LOAD_STEPS (comma list of N, default 10000,25000,50000,100000).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FEED_PATH } from '../../src/protocol/feed.js';
import { RELAY_BATCH_PATH, RELAY_PUT_PATH } from '../../src/protocol/relay.js';
import { getMeta } from '../../src/township/meta.js';
import { appendChange, encodeCursor, feedDialect, feedTop, readFeedPage } from '../../src/township/feed.js';
import { openTownshipStore } from '../../src/township/store/open-store.js';
import type { SqlStore } from '../../src/township/store/sql-store.js';
import { createMemoryLogger } from '../../src/log/logger.js';
import { feedMarks } from '../../src/township/feed-marks.js';
import { issueKioskToken, kioskForToken, touchKiosk } from '../../src/township/kiosks.js';
import { loadOrCreateSigningKey } from '../../src/township/keys.js';
import { seedSampleContent } from '../../src/township/seed.js';
import { decodeCursor } from '../../src/township/feed.js';
import { makeRequest } from '../unit/township/helpers.js';
import { percentile, report } from './support/report.js';

const root = path.resolve(import.meta.dirname, '../..');
const STEPS = (process.env.BENCH_LOAD_STEPS ?? '10000,25000,50000,100000').split(',').map(Number);
const C = Number(process.env.BENCH_COMPRESSION ?? '1');
const LOAD_S = Number(process.env.BENCH_LOAD_SECONDS ?? '20');
const SAT_S = Number(process.env.BENCH_SAT_SECONDS ?? '4');
const IDLE = Number(process.env.BENCH_IDLE_CONNECTIONS ?? '20000');
const MAX_KIOSKS = Math.max(...STEPS, 1000);
const FD_LIMIT = 200_000;

// ---- set-up: a township data dir with sample content and MAX_KIOSKS kiosks ----
const dir = mkdtempSync(path.join(os.tmpdir(), 'township-load-'));
const tokens: string[] = [];
const openStore = (): Promise<SqlStore> => openTownshipStore({ dataDir: dir }, createMemoryLogger());
{
  const store = await openStore();
  await seedSampleContent(store, new Date());
  for (let i = 0; i < MAX_KIOSKS; i++) {
    const r = await issueKioskToken(store, `k${i}`, '');
    if (!r.ok) throw new Error(r.message);
    tokens.push(r.token);
  }
  await store.close();
}
const dbFile = path.join(dir, 'township.db');
async function currentCursor(): Promise<string> {
  const store = await openStore();
  try {
    return encodeCursor(feedDialect(store), await feedTop(store), (await getMeta(store, 'epoch'))!);
  } finally {
    await store.close();
  }
}

function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn('sh', ['-c', `ulimit -Hn ${FD_LIMIT} 2>/dev/null; ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n $(ulimit -Hn); exec "$0" --import tsx src/township/cli.ts`, process.execPath], {
    cwd: root,
    env: { ...process.env, TOWNSHIP_DATA_DIR: dir, TOWNSHIP_PORT: '0', TOWNSHIP_MAX_CONNECTIONS_PER_ADDRESS: '100000', TOWNSHIP_MAX_CONNECTIONS: '150000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Township ready at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`township exited (${code}): ${out}`)));
  });
}
const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, clock ticks of 10 ms
};

const { child, port } = await startChild();
const pid = child.pid!;
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(process.env.BENCH_CLIENT_SOCKETS ?? "1024") }); // kiosks each hold a connection; the client shares up to this many

interface Res {
  status: number;
  ms: number;
  retryAfter: number;
  body: string;
}
function call(method: string, pathname: string, token: string, body?: string, a: http.Agent = agent): Promise<Res> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: pathname, headers, agent: a, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, retryAfter: Number(res.headers['retry-after'] ?? 0), body: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ status: -1, ms: performance.now() - t0, retryAfter: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: -1, ms: performance.now() - t0, retryAfter: 0, body: '' }));
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let sentIds = 0;
const requestBody = (k: number) => {
  sentIds++;
  return makeRequest(`k${k}`);
};

// ---- 1. the mix at increasing N ----
async function step(n: number): Promise<boolean> {
  const cursor = await currentCursor(); // every kiosk starts up to date, as in steady state
  const lat: number[] = [];
  let errors = 0;
  let refused = 0;
  let ok = 0;
  const idsBefore = sentIds;
  const pending: Promise<void>[] = [];
  const until = performance.now() + LOAD_S * 1000;
  const cpu0 = cpuMs(pid);
  const t0 = performance.now();
  // One attempt loop, honouring 503 + Retry-After (compressed) as the kiosk does.
  const attempt = async (send: () => Promise<Res>): Promise<void> => {
    for (;;) {
      const r = await send();
      if (r.status === 503) {
        refused++;
        await sleep(((r.retryAfter || 5) * 1000) / C);
        continue;
      }
      if (r.status === 200 || r.status === 201) {
        ok++;
        lat.push(r.ms);
      } else errors++;
      return;
    }
  };
  const pollEvery = 60_000 / C;
  // (A kiosk whose next poll falls after the window stops at once, so a step lasts about LOAD_S.)
  const kiosk = async (k: number) => {
    let wait = Math.random() * pollEvery;
    while (performance.now() + wait < until) {
      await sleep(wait);
      await attempt(() => call('GET', `${FEED_PATH(`k${k}`)}?cursor=${cursor}`, tokens[k]!));
      wait = pollEvery * (0.8 + Math.random() * 0.4);
    }
  };
  for (let k = 0; k < n; k++) pending.push(kiosk(k));
  // New requests: N/600 per second (one per kiosk per 10 min), compressed.
  pending.push((async () => {
    const rate = (n * C) / 600;
    while (performance.now() < until) {
      await sleep(-Math.log(1 - Math.random()) * (1000 / rate));
      const k = Math.floor(Math.random() * n);
      const r = requestBody(k);
      pending.push(attempt(() => call('PUT', RELAY_PUT_PATH(`k${k}`, r.id), tokens[k]!, JSON.stringify(r))));
    }
  })());
  // The outage burst: 5% of kiosks each drain a 20-request backlog in one batch, over the first 10 s.
  for (let k = 0; k < Math.round(n * 0.05); k++) {
    pending.push((async () => {
      await sleep((Math.random() * 10_000) / C);
      const items = Array.from({ length: 20 }, () => requestBody(k));
      const body = JSON.stringify({ items });
      await attempt(() => call('POST', RELAY_BATCH_PATH(`k${k}`), tokens[k]!, body));
    })());
  }
  // Wait for everything (later pushes included).
  for (let i = 0; i < pending.length; i++) await pending[i];
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  const db = new Database(dbFile, { readonly: true });
  const stored = (db.prepare(`SELECT COUNT(*) AS n FROM requests`).get() as { n: number }).n;
  db.close();
  const sorted = lat.sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  const exactlyOnce = stored === sentIds;
  const held = p99 < 500 && errors === 0 && exactlyOnce;
  report({
    bench: 'township-load-step', unit: 'ms', kiosks: n, compression: C, equivalentKiosks: n * C, seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99, n: lat.length,
    reqPerSecond: ok / seconds, refused503: refused, errors, requestsSent: sentIds - idsBefore, storedTotal: stored, sentTotal: sentIds, exactlyOnce, townshipCpuPercent: (cpu / (seconds * 1000)) * 100, townshipRssMb: rssKb(pid) / 1024, held,
  });
  return held;
}

let largest = 0;
for (const n of STEPS) {
  if (!(await step(n))) break;
  largest = n;
}
report({ bench: 'township-load-max', unit: 'kiosks', value: largest, n: STEPS.length, compression: C, equivalentKiosks: largest * C, limit: 'p99 < 500 ms, 0 errors, every request exactly once', stepsTried: STEPS.join(',') });

// ---- 2. saturation at 64 connections ----
async function saturate(name: string, conns: number, one: (i: number) => Promise<{ status: number; items: number; ms: number }>, okStatus: number) {
  const lat: number[] = [];
  let items = 0;
  let bad = 0;
  let refused = 0;
  const until = performance.now() + SAT_S * 1000;
  const t0 = performance.now();
  const cpu0 = cpuMs(pid);
  await Promise.all(Array.from({ length: conns }, async (_, c) => {
    let i = c;
    while (performance.now() < until) {
      const r = await one(i);
      i += conns;
      if (r.status === okStatus) {
        items += r.items;
        lat.push(r.ms);
      } else if (r.status === 503) refused++;
      else bad++;
    }
  }));
  const s = (performance.now() - t0) / 1000;
  const cpu = cpuMs(pid) - cpu0;
  const sorted = lat.sort((a, b) => a - b);
  report({ bench: `township-saturation-${name}`, unit: 'req/s', value: items / s, connections: conns, p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: lat.length, refused503: refused, errors: bad, townshipCpuMsPerCall: cpu / Math.max(1, lat.length), townshipCpuPercent: (cpu / (s * 1000)) * 100 });
}
const satAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
await saturate('put', 64, async (i) => {
  const k = i % MAX_KIOSKS;
  const r = requestBody(k);
  const x = await call('PUT', RELAY_PUT_PATH(`k${k}`, r.id), tokens[k]!, JSON.stringify(r), satAgent);
  return { status: x.status, items: 1, ms: x.ms };
}, 201);
const batchAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
await saturate('batch-items', 16, async (i) => {
  const k = i % MAX_KIOSKS;
  const items = Array.from({ length: 20 }, () => requestBody(k));
  const x = await call('POST', RELAY_BATCH_PATH(`k${k}`), tokens[k]!, JSON.stringify({ items }), batchAgent);
  return { status: x.status, items: 20, ms: x.ms };
}, 200);
{
  const cursor = await currentCursor();
  await saturate('poll-current', 64, async (i) => {
    const k = i % MAX_KIOSKS;
    const x = await call('GET', `${FEED_PATH(`k${k}`)}?cursor=${cursor}`, tokens[k]!, undefined, satAgent);
    return { status: x.status, items: 1, ms: x.ms };
  }, 200);
  // A cursor one content change behind: every poll reads the feed and signs a page (the ordinary
  // path). The change is written by another connection; the township notices it within 1 s.
  const behind = await currentCursor();
  {
    const w = await openStore();
    await w.tx((q) => appendChange(q, { type: 'policy', itemId: 'bench-new-policy', kioskId: null, op: 'upsert', version: 1, body: { title: 'x' }, at: new Date() }), { immediate: true });
    await w.close();
    await sleep(1500);
  }
  await saturate('poll-reading', 64, async (i) => {
    const k = i % MAX_KIOSKS;
    const x = await call('GET', `${FEED_PATH(`k${k}`)}?cursor=${behind}`, tokens[k]!, undefined, satAgent);
    return { status: x.status, items: 1, ms: x.ms };
  }, 200);
}

// ---- 3. CPU per poll, in this process: today's path vs the up-to-date path ----
{
  const db = await openStore();
  const key = loadOrCreateSigningKey(dir);
  const legacyKey = { ...key, privateKey: key.privateKeyPem as unknown as typeof key.privateKey }; // signBytes parses the PEM, as before
  const d = feedDialect(db);
  const cursor = encodeCursor(d, await feedTop(db), (await getMeta(db, 'epoch'))!);
  const c = decodeCursor(d, cursor)!;
  const marks = feedMarks(db);
  const legacy = async (k: number) => {
    await db.get(`SELECT kiosk_id, village FROM kiosks WHERE token_sha256 = ?`, ['x'.repeat(64)]); // the token read
    await readFeedPage(db, legacyKey, `k${k}`, cursor, 200, new Date());
    await db.run(`UPDATE kiosks SET last_seen_at = ? WHERE kiosk_id = ?`, [new Date().toISOString(), `k${k}`]);
  };
  const current = async (k: number) => {
    await kioskForToken(db, tokens[k]);
    touchKiosk(db, `k${k}`, new Date());
    await marks.refresh();
    if (!marks.isCurrent(`k${k}`, c)) throw new Error('not current');
    JSON.stringify(marks.currentPage(`k${k}`, cursor, c, key.privateKey, key.keyId, (pos, epoch) => encodeCursor(d, pos, epoch), new Date()));
  };
  const measure = async (f: (k: number) => Promise<void>, n: number) => {
    for (let i = 0; i < 200; i++) await f(i % 500);
    const u0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await f(i % 500);
    const u = process.cpuUsage(u0);
    return (u.user + u.system) / n; // µs of CPU per poll
  };
  const before = await measure(legacy, 1000);
  const after = await measure(current, 20_000);
  report({ bench: 'township-poll-cpu', unit: 'us', value: after, todayUs: before, n: 20_000, ratio: after / before, limit: 'ratio <= 0.1', note: 'in-process handler work only (no HTTP): up-to-date poll vs today\'s path (token read, feed transaction, PEM parse + sign, last_seen UPDATE)' });
  await db.close();
}

// ---- 4. RSS at many idle keep-alive connections (a child with its own raised fd limit) ----
// Against a fresh township process (the loaded one's heap would shrink meanwhile and hide it).
agent.destroy();
satAgent.destroy();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
const fresh = await startChild();
{
  const pid = fresh.child.pid!;
  const port = fresh.port;
  await sleep(2000);
  const before = rssKb(pid);
  const script = `const net=require('net');const n=${IDLE};let up=0,failed=0;const s=[];
for(let i=0;i<n;i++){const c=net.connect(${port},'127.0.0.1',()=>{c.write('GET /healthz HTTP/1.1\\r\\nhost: x\\r\\n\\r\\n')});
c.once('data',()=>{up++;if(up+failed===n)console.log(JSON.stringify({up,failed}))});c.on('error',()=>{failed++;if(up+failed===n)console.log(JSON.stringify({up,failed}))});s.push(c)}
process.stdin.on('data',()=>process.exit(0));`;
  const holder = spawn('sh', ['-c', `ulimit -Hn ${FD_LIMIT} 2>/dev/null; ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n $(ulimit -Hn); exec "$0" -e "$1"`, process.execPath, script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const result = await new Promise<{ up: number; failed: number }>((resolve) => {
    let out = '';
    holder.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('}')) resolve(JSON.parse(out) as { up: number; failed: number });
    });
  });
  await sleep(1000);
  const withConns = rssKb(pid);
  report({ bench: 'township-idle-connections', unit: 'MB', value: withConns / 1024, n: result.up, failed: result.failed, rssBeforeMb: before / 1024, kbPerConnection: (withConns - before) / Math.max(1, result.up) });
  holder.stdin.write('x');
  await new Promise((r) => holder.once('exit', r));
}

batchAgent.destroy();
fresh.child.kill('SIGTERM');
await new Promise((r) => fresh.child.once('exit', r));
rmSync(dir, { recursive: true, force: true });
