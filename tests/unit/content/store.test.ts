// The content store on a real SQLite file: embedded load, Chinese/English search (incl.
// 1-2 character queries), hostile search text, filters, sorts, paging and expiry.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { JobSearchInput, PolicySearchInput } from '#contract/content.js';
import { loadEmbeddedContent } from '#src/content/embedded.js';
import { createContentStore, payPerDay } from '#src/content/store.js';
import { normalise } from '#src/content/text.js';
import { openDatabase } from '#src/db/open.js';
import { createMemoryLogger } from '#src/log/logger.js';
import type { JobBody, PolicyBody } from '#protocol/content.js';
import { JOB_COUNT, POLICY_COUNT, SAMPLE_AS_OF, generateJobs, generatePolicies } from '#resources/content/generate.js';

const NOW = new Date(`${SAMPLE_AS_OF}T10:00:00+08:00`);

function fresh() {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-content-')), 'kiosk.db'));
  const store = createContentStore(db);
  const log = createMemoryLogger();
  const r = loadEmbeddedContent(db, store, log, NOW);
  return { db, store, log, r };
}

const policies = generatePolicies();
const jobs = generateJobs(JOB_COUNT);
const T = (t: { 'zh-CN': string; en: string } | null | undefined) => (t ? normalise(`${t['zh-CN']} ${t.en}`) : '');
/** What the grams index covers for policies (1-2 character queries). */
const policyShortText = (b: PolicyBody) => [b.title, b.summary, b.benefit, b.whoQualifies].map(T).join(' | ');
const jobShortText = (b: JobBody) => [b.title, b.employer.name, b.location.county, b.location.township, b.location.village, b.season].map(T).join(' | ');
const jobLongText = (b: JobBody) => [b.title, b.employer.name, b.location.county, b.location.township, b.location.village, b.season, b.duties].map(T).join(' | ');

function allPolicies(store: ReturnType<typeof createContentStore>, query: string, category: string | null = null) {
  const ids: string[] = [];
  let offset: number | null = 0;
  let total = 0;
  while (offset !== null) {
    const page = store.searchPolicies(PolicySearchInput.parse({ query, category, offset, limit: 50 }));
    ids.push(...page.items.map((i) => i.id));
    total = page.total;
    offset = page.nextOffset;
  }
  return { ids, total };
}
function allJobs(store: ReturnType<typeof createContentStore>, input: Record<string, unknown>) {
  const items: Array<{ id: string; datePosted: string; pay: { min: number; max: number; unit: string }; distanceKm: number }> = [];
  let offset: number | null = 0;
  let total = 0;
  while (offset !== null) {
    const page = store.searchJobs(JobSearchInput.parse({ ...input, offset, limit: 50 }), NOW);
    items.push(...page.items);
    total = page.total;
    offset = page.nextOffset;
  }
  return { items, total };
}

test('the embedded set loads once into empty tables: >= 40 policies and >= 300 jobs', () => {
  const { db, store, r } = fresh();
  assert.equal(r.loaded, true);
  assert.ok(POLICY_COUNT >= 40 && JOB_COUNT >= 300);
  assert.deepEqual(store.counts(), { policies: POLICY_COUNT, jobs: JOB_COUNT });
  assert.equal(loadEmbeddedContent(db, store, createMemoryLogger(), NOW).loaded, false, 'a second start does not load again');
  // Sample postings are rebased to the day of loading: none is expired on a later install.
  const later = new Date('2027-06-01T00:00:00Z');
  const { db: db2 } = fresh();
  db2.exec('DELETE FROM jobs; DELETE FROM policies; UPDATE content_sync SET embedded_loaded_at = NULL');
  const s2 = createContentStore(db2);
  loadEmbeddedContent(db2, s2, createMemoryLogger(), later);
  assert.equal(s2.searchJobs(JobSearchInput.parse({}), later).total, Math.min(JOB_COUNT, 1000));
  db.close();
  db2.close();
});

test('1-2 character Chinese queries (补贴, 补, 医保) match exactly the policies whose text holds them', () => {
  const { db, store } = fresh();
  for (const q of ['补贴', '补', '医保', '养老', '培训', '法律', '老人']) {
    const expected = policies.filter((p) => policyShortText(p.body).includes(q)).map((p) => p.id).sort();
    const got = allPolicies(store, q).ids.sort();
    assert.deepEqual(got, expected, `query ${q}`);
  }
  assert.ok(allPolicies(store, '补贴').ids.length > 5, '补贴 finds several policies');
  db.close();
});

test('3+ character queries (Chinese and English, any case, full-width) are substring matches', () => {
  const { db, store } = fresh();
  const expectedFor = (q: string) =>
    jobs
      .filter((j) => jobLongText(j.body).includes(normalise(q)))
      .map((j) => j.id)
      .sort();
  for (const q of ['苹果采摘', '采摘工', 'Apple', 'APPLE PICK', 'driver', '建筑小工', 'Ｄriver']) {
    const got = allJobs(store, { query: q }).items.map((i) => i.id).sort();
    assert.deepEqual(got, expectedFor(q), `query ${q}`);
  }
  const subsidy = allPolicies(store, 'subsidy');
  assert.ok(subsidy.ids.length > 5);
  db.close();
});

test('several words must all match; short and long terms combine', () => {
  const { db, store } = fresh();
  const got = allJobs(store, { query: '司机 夏县' }).items.map((i) => i.id).sort();
  const expected = jobs.filter((j) => jobShortText(j.body).includes('司机') && jobShortText(j.body).includes('夏县')).map((j) => j.id).sort();
  assert.deepEqual(got, expected);
  db.close();
});

test('hostile search text never errors and is searched as plain text', () => {
  const { db, store } = fresh();
  const hostile = ['"', '""', '"补贴', '*', '补*', 'NEAR', 'NEAR(a b)', 'a NEAR b', '-', '-补贴', 'a -b', '(', ')', '((补贴', 'AND', 'OR', 'NOT', 'a OR b', '^', ':', 'title:补贴', '🙂', '👨‍👩‍👧补贴🙂', '\u0000', '\u202e补贴', "'; DROP TABLE jobs; --", '%', '_', '\\', '补'.repeat(10_000), 'x'.repeat(10_240), ' ', '', '\t\n'];
  for (const q of hostile) {
    assert.doesNotThrow(() => store.searchPolicies(PolicySearchInput.parse({ query: q })), `policies: ${JSON.stringify(q.slice(0, 20))}`);
    assert.doesNotThrow(() => store.searchJobs(JobSearchInput.parse({ query: q }), NOW), `jobs: ${JSON.stringify(q.slice(0, 20))}`);
  }
  // Operators are text: "-补贴" finds what 补贴 finds, not the opposite.
  assert.deepEqual(allPolicies(store, '-补贴').ids.sort(), allPolicies(store, '补贴').ids.sort());
  assert.deepEqual(allPolicies(store, '"补贴').ids.sort(), allPolicies(store, '补贴').ids.sort());
  // Only symbols: says so, no results.
  const sym = store.searchPolicies(PolicySearchInput.parse({ query: '*** ( ) -' }));
  assert.equal(sym.nothingSearchable, true);
  assert.equal(sym.items.length, 0);
  assert.equal(store.counts().jobs, JOB_COUNT, 'the table is still there');
  db.close();
});

test('job filters return exactly the matching unexpired postings; sorts order them', () => {
  const { db, store } = fresh();
  const county = '夏县';
  const { items, total } = allJobs(store, { county, payUnit: 'day', payMin: 150, sort: 'date' });
  const expected = jobs.filter((j) => j.body.location.county['zh-CN'] === county && j.body.pay.unit === 'day' && j.body.pay.max >= 150);
  assert.ok(expected.length > 0);
  assert.equal(total, expected.length);
  assert.deepEqual(items.map((i) => i.id).sort(), expected.map((j) => j.id).sort());
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1]!.datePosted >= items[i]!.datePosted, 'newest first');

  const byPay = allJobs(store, { sort: 'pay' }).items;
  const perDay = byPay.map((i) => payPerDay(i.pay as JobBody['pay']));
  for (let i = 1; i < perDay.length; i++) {
    const a = perDay[i - 1]!;
    const b = perDay[i]!;
    assert.ok(a === null ? b === null : b === null || a >= b, `pay order at ${i}: ${a} then ${b}`);
  }
  const byDistance = allJobs(store, { sort: 'distance', meals: true, housing: true }).items;
  assert.ok(byDistance.length > 0);
  for (let i = 1; i < byDistance.length; i++) assert.ok(byDistance[i - 1]!.distanceKm <= byDistance[i]!.distanceKm);
  const mh = jobs.filter((j) => j.body.mealsProvided && j.body.housingProvided).length;
  assert.equal(byDistance.length, mh);

  const seasonal = allJobs(store, { employmentType: 'seasonal', payMax: 120 }).items;
  assert.equal(seasonal.length, jobs.filter((j) => j.body.employmentType === 'seasonal' && j.body.pay.min <= 120).length);
  db.close();
});

test('paging walks every result once; counting stops at 1000', () => {
  const { db, store } = fresh();
  const { items, total } = allJobs(store, {});
  assert.equal(total, JOB_COUNT);
  assert.equal(new Set(items.map((i) => i.id)).size, JOB_COUNT);
  for (let i = 0; i < 1200; i++) store.upsertJob(`extra-${i}`, 1, jobs[i % jobs.length]!.body, 'township', 0);
  const big = store.searchJobs(JobSearchInput.parse({ limit: 5 }), NOW);
  assert.equal(big.total, 1000);
  assert.equal(big.totalCapped, true);
  assert.equal(big.items.length, 5);
  assert.equal(big.nextOffset, 5);
  // A dense search (> 1000 matches) still pages in date order.
  const dense = store.searchJobs(JobSearchInput.parse({ query: '村', limit: 20 }), NOW);
  assert.equal(dense.items.length, 20);
  for (let i = 1; i < dense.items.length; i++) assert.ok(dense.items[i - 1]!.datePosted >= dense.items[i]!.datePosted);
  db.close();
});

test('expired postings are hidden from lists, facets and detail', () => {
  const { db, store } = fresh();
  const base = jobs[0]!.body;
  const yesterday = new Date(NOW.getTime() - 86_400_000).toISOString().slice(0, 10);
  store.upsertJob('expired-1', 1, { ...base, title: { 'zh-CN': '过期岗位测试', en: 'Expired posting test' }, validThrough: yesterday, location: { ...base.location, county: { 'zh-CN': '测试县', en: 'Test County' } } }, 'township', 0);
  store.upsertJob('valid-today', 1, { ...base, title: { 'zh-CN': '今天有效测试', en: 'Valid today test' }, validThrough: SAMPLE_AS_OF }, 'township', 0);
  assert.equal(allJobs(store, { query: '过期岗位' }).items.length, 0);
  assert.equal(allJobs(store, { query: '今天有效' }).items.length, 1, 'a bare day is valid until the end of that day (China time)');
  assert.equal(store.job('expired-1', NOW)!.expired, true);
  assert.equal(store.job('valid-today', NOW)!.expired, false);
  assert.ok(!store.counties(NOW).some((c) => c.county === '测试县'));
  db.close();
});

test('upserts keep the newest version; deletes remove from the search indexes', () => {
  const { db, store } = fresh();
  const p = policies[0]!;
  const v2 = { ...p.body, title: { 'zh-CN': '新标题独一无二', en: 'Brand new unique title' } };
  assert.equal(store.upsertPolicy(p.id, 2, v2, 'township', 1), 'applied');
  assert.equal(store.upsertPolicy(p.id, 1, p.body, 'township', 1), 'older-version');
  assert.equal(store.policy(p.id)!.body.title.en, 'Brand new unique title');
  assert.deepEqual(allPolicies(store, '独一无二').ids, [p.id]);
  assert.deepEqual(allPolicies(store, p.body.title['zh-CN']).ids, [], 'old title no longer indexed');
  assert.equal(store.remove('policy', p.id), true);
  assert.deepEqual(allPolicies(store, '独一无二').ids, []);
  assert.deepEqual(allPolicies(store, '独一').ids, [], 'gone from the grams index too');
  db.close();
});
