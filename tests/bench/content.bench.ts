// Content benchmarks, one JSON line each:
//  content-sync-apply     items/s applying 50,000 jobs + 2,000 policies pulled through the real
//                         sync (HTTP feed server on 127.0.0.1, signed pages of 200, verify + apply)
//  content-search         runtime search latency (store.searchJobs/searchPolicies) over that DB,
//                         p50/p95 ms, with "ratio" = p95 / p95 of a plain LIKE scan in the same run
//  content-search-like    the LIKE baseline itself
//  content-search-pinyin  the same searches typed in pinyin: full (butie), initials (bt), mixed
//                         (bu贴), p50/p95 ms, "ratio" = p95 / p95 of the Chinese search above,
//                         limitMs = the 15 ms target
//  content-suggest        the candidate bar's words for typed letters (store.suggest), p50/p95 ms
//  content-rss            RSS of `node dist/src/cli/serve.js` on that DB after searches, MB
//  content-keystroke      Chromium: keydown (or the input event for IME-committed Chinese) ->
//                         results painted (rAF after render), p50/p95 ms
// Needs the build (npm run bench builds first) and /usr/bin/chromium.
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigSchema } from '../../src/config/schema.js';
import { createClient } from '../../src/contract/client.js';
import { JobSearchInput, PolicySearchInput } from '../../src/contract/content.js';
import { createContentStore } from '../../src/content/store.js';
import { createLinkMonitor } from '../../src/core/link-monitor.js';
import { openDatabase } from '../../src/db/open.js';
import { createEventBus } from '../../src/events/bus.js';
import { createMemoryLogger } from '../../src/log/logger.js';
import { FEED_DEFAULT_LIMIT, FEED_PATH } from '../../src/protocol/feed.js';
import { generateSigningKey, keyId, sha256Hex, signBytes } from '../../src/protocol/signing.js';
import { createSyncModule } from '../../src/sync/sync.js';
import { generateJobs, generatePolicies } from '../../resources/content/generate.js';
import { chromiumLaunchOptions } from '../support/chromium.js';
import { startKiosk } from '../support/kiosk-process.js';
import { sessionToken } from '../support/relay-harness.js';
import { report, summarise } from './support/report.js';

const JOBS = 50_000;
const POLICIES = 2_000;
const KIOSK = 'bench-kiosk';
const TOKEN = 'bench-token-0123456789';
const today = new Date().toISOString().slice(0, 10);

// ---- 1. the feed, pre-signed --------------------------------------------------------------
const key = generateSigningKey();
const basePolicies = generatePolicies();
const items: Array<Record<string, unknown>> = [];
let seq = 0;
for (let i = 0; i < POLICIES; i++) {
  const p = basePolicies[i % basePolicies.length]!;
  const body = { ...p.body, title: { 'zh-CN': `${p.body.title['zh-CN']}（${i}）`, en: `${p.body.title.en} (${i})` } };
  items.push({ seq: ++seq, type: 'policy', id: `bp-${i}`, op: 'upsert', version: 1, sha256: sha256Hex(JSON.stringify(body)), body });
}
for (const j of generateJobs(JOBS, 4242, today, 'bj-')) items.push({ seq: ++seq, type: 'job', id: j.id, op: 'upsert', version: 1, sha256: sha256Hex(JSON.stringify(j.body)), body: j.body });
const pages = new Map<string | null, string>();
for (let i = 0; i * FEED_DEFAULT_LIMIT < items.length; i++) {
  const cursor = i === 0 ? null : `c${i}`;
  const chunk = items.slice(i * FEED_DEFAULT_LIMIT, (i + 1) * FEED_DEFAULT_LIMIT);
  const payload = JSON.stringify({ kioskId: KIOSK, cursor, items: chunk, nextCursor: `c${i + 1}`, hasMore: (i + 1) * FEED_DEFAULT_LIMIT < items.length, generatedAt: new Date().toISOString() });
  pages.set(cursor, JSON.stringify({ payload, signature: signBytes(key.privateKeyPem, payload), keyId: keyId(key.publicKey) }));
}
const server = createServer((req, res) => {
  const u = new URL(req.url!, 'http://x');
  const page = u.pathname === FEED_PATH(KIOSK) ? pages.get(u.searchParams.get('cursor')) : undefined;
  if (!page) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'application/json' }).end(page);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-content-'));
const db = openDatabase(path.join(dataDir, 'kiosk.db'));
const config = ConfigSchema.parse({ kioskId: KIOSK, dataDir, township: { url: feedUrl, kioskToken: TOKEN, publicKey: key.publicKey, publicUrl: null, syncIntervalSeconds: 60 } });
const bus = createEventBus();
const sync = createSyncModule({ config, db, log: createMemoryLogger(), bus, now: () => new Date(), link: createLinkMonitor(bus, { configured: true }) });
const t0 = performance.now();
const r = await sync.syncNow();
const seconds = (performance.now() - t0) / 1000;
if (r.outcome !== 'synced' || r.applied !== items.length) throw new Error(`sync did not apply everything: ${JSON.stringify(r)}`);
report({ bench: 'content-sync-apply', unit: 'items/s', value: items.length / seconds, n: items.length, pages: r.pages, seconds });
server.close();

// ---- 2. search latency vs a plain LIKE scan --------------------------------------------------
const store = createContentStore(db);
const now = new Date();
type Q = { kind: 'jobs' | 'policies'; query: string; filters?: Record<string, unknown> };
const QUERIES: Q[] = [
  { kind: 'policies', query: '补贴' },
  { kind: 'policies', query: '医保' },
  { kind: 'policies', query: '补' },
  { kind: 'policies', query: '护理补贴' },
  { kind: 'policies', query: 'subsidy' },
  { kind: 'policies', query: 'legal aid' },
  { kind: 'jobs', query: '苹果' },
  { kind: 'jobs', query: '司机' },
  { kind: 'jobs', query: '苹果采摘' },
  { kind: 'jobs', query: '建筑小工' },
  { kind: 'jobs', query: 'apple' },
  { kind: 'jobs', query: 'driver' },
  { kind: 'jobs', query: '夏县' },
  { kind: 'jobs', query: '工' },
  { kind: 'jobs', query: '炒茶', filters: { county: '安泽县' } },
  { kind: 'jobs', query: '', filters: { county: '夏县', payUnit: 'day', payMin: 150 } },
  { kind: 'jobs', query: '', filters: { sort: 'pay', meals: true } },
  { kind: 'jobs', query: '保洁', filters: { sort: 'distance' } },
  { kind: 'jobs', query: '"NEAR(*-)' },
];
const run = (q: Q) => (q.kind === 'jobs' ? store.searchJobs(JobSearchInput.parse({ query: q.query, ...q.filters }), now) : store.searchPolicies(PolicySearchInput.parse({ query: q.query })));
const likeJobs = db.prepare(`SELECT j.rowid FROM jobs j JOIN job_bodies b ON b.rowid = j.rowid WHERE j.valid_until >= ? AND b.body LIKE ? ORDER BY j.date_posted DESC LIMIT 21`);
const likeJobsCount = db.prepare(`SELECT count(*) FROM jobs j JOIN job_bodies b ON b.rowid = j.rowid WHERE j.valid_until >= ? AND b.body LIKE ?`).pluck();
const likePolicies = db.prepare(`SELECT p.rowid FROM policies p JOIN policy_bodies b ON b.rowid = p.rowid WHERE b.body LIKE ? ORDER BY p.updated_at DESC LIMIT 21`);
const likePoliciesCount = db.prepare(`SELECT count(*) FROM policies p JOIN policy_bodies b ON b.rowid = p.rowid WHERE b.body LIKE ?`).pluck();
const runLike = (q: Q) => {
  const pattern = `%${q.query}%`;
  if (q.kind === 'jobs') {
    likeJobsCount.get(now.getTime(), pattern);
    likeJobs.all(now.getTime(), pattern);
  } else {
    likePoliciesCount.get(pattern);
    likePolicies.all(pattern);
  }
};
for (const q of QUERIES) run(q); // warm
const ROUNDS = 15;
const fts: number[] = [];
const like: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  for (const q of QUERIES) {
    let t = performance.now();
    run(q);
    fts.push(performance.now() - t);
    t = performance.now();
    runLike(q);
    like.push(performance.now() - t);
  }
}
const ftsFig = summarise('content-search', 'ms', fts, { jobs: JOBS, policies: POLICIES, queries: QUERIES.length });
const likeFig = summarise('content-search-like', 'ms', like, { jobs: JOBS, policies: POLICIES, queries: QUERIES.length });
report({ ...ftsFig, ratio: ftsFig.p95! / likeFig.p95!, likeP50: likeFig.p50, likeP95: likeFig.p95 });
report(likeFig);

const PINYIN: Q[] = [
  { kind: 'policies', query: 'butie' },
  { kind: 'policies', query: 'bt' },
  { kind: 'policies', query: 'bu贴' },
  { kind: 'policies', query: 'hlbt' },
  { kind: 'policies', query: 'yiliao' },
  { kind: 'policies', query: 'shanghai hlbt' },
  { kind: 'policies', query: 'b' },
  { kind: 'jobs', query: 'pingguo' },
  { kind: 'jobs', query: 'pgcz' },
  { kind: 'jobs', query: 'sj' },
  { kind: 'jobs', query: 'siji' },
  { kind: 'jobs', query: 'xiaxian' },
  { kind: 'jobs', query: 'jzxg' },
  { kind: 'jobs', query: 'c' },
  { kind: 'jobs', query: '苹guo' },
  { kind: 'jobs', query: 'chaocha', filters: { county: '安泽县' } },
  { kind: 'jobs', query: 'baojie', filters: { sort: 'distance' } },
];
for (const q of PINYIN) if (run(q).total === 0) throw new Error(`pinyin query ${q.query} found nothing`);
const py: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  for (const q of PINYIN) {
    const t = performance.now();
    run(q);
    py.push(performance.now() - t);
  }
}
const pyFig = summarise('content-search-pinyin', 'ms', py, { jobs: JOBS, policies: POLICIES, queries: PINYIN.length, limitMs: 15 });
report({ ...pyFig, ratio: pyFig.p95! / ftsFig.p95! });
const SUGGEST: Array<['policy' | 'job', string]> = [['policy', 'b'], ['policy', 'bt'], ['policy', 'hlbt'], ['policy', 'sub'], ['job', 'p'], ['job', 'pgcz'], ['job', 'sj'], ['job', 'jianzhu']];
const sug: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  for (const [kind, q] of SUGGEST) {
    const t = performance.now();
    store.suggest(kind, q);
    sug.push(performance.now() - t);
  }
}
report(summarise('content-suggest', 'ms', sug, { jobs: JOBS, policies: POLICIES, queries: SUGGEST.length }));
db.close();

// ---- 3. runtime RSS with 50,000 jobs -----------------------------------------------------------
const kiosk = await startKiosk({ dataDir, env: { KIOSK_LOG_LEVEL: 'warn' } });
try {
  const client = createClient({ baseUrl: kiosk.url, token: await sessionToken(kiosk.url) });
  for (let i = 0; i < 3; i++) for (const q of QUERIES) await (q.kind === 'jobs' ? client.call('content.searchJobs', { query: q.query, ...q.filters }) : client.call('content.searchPolicies', { query: q.query }));
  await client.call('content.jobFacets', {});
  const status = readFileSync(`/proc/${kiosk.child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)![1]);
  report({ bench: 'content-rss', unit: 'MB', value: rssKb / 1024, peak: hwmKb / 1024, n: 1, jobs: JOBS, policies: POLICIES });

  // ---- 4. keystroke -> first results painted in Chromium ---------------------------------------
  const browser = await chromium.launch(chromiumLaunchOptions());
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${kiosk.url}#/jobs`);
  await page.getByTestId('job-item').first().waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __t0: number };
    w.__t0 = 0;
    // The key event itself; insertText (Chinese, as an IME commits it) has no key event, so
    // the input event (same task, before React sees it) stands in.
    document.addEventListener('keydown', () => (w.__t0 = performance.now()), true);
    document.addEventListener('input', () => {
      if (performance.now() - w.__t0 > 20) w.__t0 = performance.now();
    }, true);
  });
  const input = page.getByTestId('job-search-input');
  await input.tap();
  const samples: number[] = [];
  const WORDS = ['apple', 'driver', 'care', '苹果采摘', '司机', '建筑小工', '炒茶', 'guest'];
  const waitPainted = () =>
    page.waitForFunction(() => {
      const w = window as unknown as { __t0: number };
      const painted = Number(document.documentElement.dataset.searchPainted ?? 0);
      return painted > w.__t0 ? painted - w.__t0 : false;
    });
  for (let round = 0; round < 3; round++) {
    for (const word of WORDS) {
      for (const ch of word) {
        if (/[a-z]/.test(ch)) await page.keyboard.press(ch);
        else await page.keyboard.insertText(ch);
        const ms = (await (await waitPainted()).jsonValue()) as number;
        samples.push(ms);
      }
      await input.fill('');
      await page.waitForTimeout(50);
    }
  }
  report(summarise('content-keystroke', 'ms', samples, { jobs: JOBS, browser: 'chromium' }));
  await browser.close();
} finally {
  await kiosk.stop();
}
