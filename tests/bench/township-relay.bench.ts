// Township server throughput: real HTTP on 127.0.0.1, real SQLite (WAL, synchronous=FULL)
// in a temp dir. Prints JSON lines (see CONVENTIONS.md).
//   node --import tsx tests/bench/township-relay.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RELAY_BATCH_PATH, RELAY_PUT_PATH } from '../../src/protocol/relay.js';
import { FEED_PATH } from '../../src/protocol/feed.js';
import { createMemoryLogger } from '../../src/log/logger.js';
import { TownshipConfigSchema } from '../../src/township/config.js';
import { issueKioskToken } from '../../src/township/kiosks.js';
import { seedSampleContent } from '../../src/township/seed.js';
import { startTownship } from '../../src/township/server.js';
import { makeRequest } from '../unit/township/helpers.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const round = (x: number) => Math.round(x * 100) / 100;

const dir = mkdtempSync(path.join(os.tmpdir(), 'township-bench-'));
const tw = await startTownship({ ...TownshipConfigSchema.parse({ http: { port: 0 } }), dataDir: dir }, { log: createMemoryLogger() });
const base = tw.url.replace(/\/$/, '');
const issued = await issueKioskToken(tw.store, 'bench', '西坡村');
if (!issued.ok) throw new Error(issued.message);
const headers = { 'content-type': 'application/json', authorization: `Bearer ${issued.token}` };

async function putOne(): Promise<number> {
  const r = makeRequest('bench', { payload: { type: 'home-visit', reason: 'subsidy-application', preferredDays: 'this-week', timeWindow: 'morning' }, name: '王秀英' });
  const t0 = performance.now();
  const res = await fetch(base + RELAY_PUT_PATH('bench', r.id), { method: 'PUT', headers, body: JSON.stringify(r) });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`PUT ${res.status}`);
  return performance.now() - t0;
}

// 1. Sequential PUT latency (one kiosk draining one at a time).
for (let i = 0; i < 50; i++) await putOne(); // warm-up
const lat: number[] = [];
for (let i = 0; i < 1000; i++) lat.push(await putOne());
console.log(JSON.stringify({ bench: 'township-put-latency', unit: 'ms', p50: round(pct(lat, 0.5)), p95: round(pct(lat, 0.95)), n: lat.length }));

// 2. Concurrent PUTs (many kiosks at once): requests/s.
{
  const n = 4000;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next++ < n) await putOne();
  }));
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ bench: 'township-put-throughput-c16', unit: 'req/s', value: Math.round(n / s), n }));
}

// 3. Batches of 50 (a kiosk draining a backlog): requests/s.
{
  const n = 10_000;
  const batches = Array.from({ length: n / 50 }, () => Array.from({ length: 50 }, () => makeRequest('bench')));
  const times: number[] = [];
  const t0 = performance.now();
  for (const items of batches) {
    const t = performance.now();
    const res = await fetch(base + RELAY_BATCH_PATH('bench'), { method: 'POST', headers, body: JSON.stringify({ items }) });
    const body = (await res.json()) as { results: Array<{ status: number }> };
    if (res.status !== 200 || body.results.some((x) => x.status !== 201)) throw new Error('batch failed');
    times.push(performance.now() - t);
  }
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ bench: 'township-batch50', unit: 'ms', p50: round(pct(times, 0.5)), p95: round(pct(times, 0.95)), n: times.length, requestsPerSecond: Math.round(n / s) }));
}

// 4. Bytes of a typical request on the wire (body + request headers as sent by fetch, approx).
{
  const r = makeRequest('hall-xipo-01', { payload: { type: 'senior-subsidy', subsidy: 'injury-care', forWhom: 'family', homeVisitNeeded: true }, name: '崔玉焕' });
  const body = Buffer.byteLength(JSON.stringify(r));
  const reqLine = Buffer.byteLength(`PUT ${RELAY_PUT_PATH('hall-xipo-01', r.id)} HTTP/1.1\r\nhost: township.example.cn\r\ncontent-type: application/json\r\nauthorization: Bearer ${issued.token}\r\ncontent-length: ${body}\r\n\r\n`);
  console.log(JSON.stringify({ bench: 'township-request-bytes', unit: 'bytes', body, withHeaders: body + reqLine, n: 1 }));
}

// 5. A fresh kiosk's first full sync of the sample content (latest version of every item), signed pages
//    of 200, with the 15,000 status items of the other kiosk above in the same feed table.
{
  await seedSampleContent(tw.store, new Date());
  const fresh = await issueKioskToken(tw.store, 'bench-fresh', '');
  if (!fresh.ok) throw new Error(fresh.message);
  const t0 = performance.now();
  let cursor: string | null = null;
  let pages = 0;
  let bytes = 0;
  for (;;) {
    const res = await fetch(base + FEED_PATH('bench-fresh') + `?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${fresh.token}` } });
    const text = await res.text();
    bytes += Buffer.byteLength(text);
    const page = JSON.parse((JSON.parse(text) as { payload: string }).payload) as { nextCursor: string; hasMore: boolean };
    pages++;
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
  console.log(JSON.stringify({ bench: 'township-feed-full-sync', unit: 'ms', p50: round(performance.now() - t0), p95: round(performance.now() - t0), n: 1, pages, bytes }));
}

await tw.stop();
rmSync(dir, { recursive: true, force: true });
