// Pinyin search and the candidate bar, on a real SQLite file with the embedded sample set:
// full pinyin (butie), initials (bt), a mix of pinyin and characters (bu贴), no tones; the
// once-only re-index of a kiosk upgraded with content already applied; title words.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { JobSearchInput, PolicySearchInput } from '#contract/content.js';
import { loadEmbeddedContent } from '#src/content/embedded.js';
import { createContentStore } from '#src/content/store.js';
import { candidates, lastTerm } from '#src/content/suggest.js';
import { mixedTermAsPinyin, pinyinMatchOf, pinyinTokensOf, segment } from '#src/content/pinyin.js';
import { gramsOf } from '#src/content/text.js';
import { openDatabase } from '#src/db/open.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { JOB_COUNT, SAMPLE_AS_OF, generateJobs, generatePolicies } from '#resources/content/generate.js';

const NOW = new Date(`${SAMPLE_AS_OF}T10:00:00+08:00`);
const policies = generatePolicies();
const jobs = generateJobs(JOB_COUNT);

function fresh() {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-pinyin-')), 'kiosk.db'));
  const store = createContentStore(db);
  loadEmbeddedContent(db, store, createMemoryLogger(), NOW);
  return { db, store };
}
type Store = ReturnType<typeof createContentStore>;
function policyIds(store: Store, query: string): string[] {
  const ids: string[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const page = store.searchPolicies(PolicySearchInput.parse({ query, offset, limit: 50 }));
    ids.push(...page.items.map((i) => i.id));
    offset = page.nextOffset;
  }
  return ids.sort();
}
function jobIds(store: Store, query: string): string[] {
  const ids: string[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const page = store.searchJobs(JobSearchInput.parse({ query, offset, limit: 50 }), NOW);
    ids.push(...page.items.map((i) => i.id));
    offset = page.nextOffset;
  }
  return ids.sort();
}
/** Policies whose title or summary (the pinyin-indexed texts) holds these characters. */
const policiesWith = (chars: string) => policies.filter((p) => `${p.body.title['zh-CN']} ${p.body.summary['zh-CN']}`.includes(chars)).map((p) => p.id).sort();

test('pinyin tokens: two syllables and four initials from every character of a run, ü as v, no tones', () => {
  assert.deepEqual(pinyinTokensOf(['护理补贴，女儿']).split(' ').sort(), ['bt', 'butie', 'e', 'er', 'hlbt', 'huli', 'lbt', 'libu', 'ne', 'nver', 't', 'tie'].sort());
  assert.deepEqual(segment('butieshenq'), ['bu', 'tie', 'shen', 'q']);
  assert.equal(segment('hlbt'), null, 'initials are not syllables');
  assert.equal(pinyinMatchOf('butieshen'), '"butie" AND "tieshen"*');
  assert.equal(pinyinMatchOf('hlbtsq'), '"hlbt" AND "lbts" AND "btsq"');
  assert.equal(mixedTermAsPinyin('bu贴'), 'butie');
  assert.equal(mixedTermAsPinyin('2027年'), null, 'digits with characters are not pinyin');
  assert.equal(mixedTermAsPinyin('补贴'), null);
});

test('full pinyin, initials and a mix find the policies whose title or summary holds 补贴', () => {
  const { db, store } = fresh();
  const expected = policiesWith('补贴');
  assert.ok(expected.length > 10);
  assert.deepEqual(policyIds(store, 'butie'), expected, 'butie');
  assert.deepEqual(policyIds(store, 'BuTie'), expected, 'any case');
  assert.deepEqual(policyIds(store, 'bu贴'), expected, 'bu贴');
  assert.deepEqual(policyIds(store, '补tie'), expected, '补tie');
  for (const q of ['bt', 'buti', 'but']) {
    const got = policyIds(store, q);
    for (const id of expected) assert.ok(got.includes(id), `${q} finds ${id}`);
  }
  // The injured parent's subsidy, by initials of 护理补贴 and by the pinyin of 伤害.
  // Initials are ambiguous by nature (和老板谈 is hlbt too), so they find at least these.
  const hlbt = policyIds(store, 'hlbt');
  for (const id of policiesWith('护理补贴')) assert.ok(hlbt.includes(id), `hlbt finds ${id}`);
  assert.deepEqual(policyIds(store, 'hulibutie'), policiesWith('护理补贴'));
  assert.ok(policyIds(store, 'shanghai hlbt').includes('p-xiaxian-senior-injury-care'));
  assert.deepEqual(policyIds(store, 'zzzq'), [], 'letters that spell nothing find nothing');
  db.close();
});

test('job titles and places are searchable by pinyin', () => {
  const { db, store } = fresh();
  const apple = jobs.filter((j) => j.body.title['zh-CN'].includes('苹果')).map((j) => j.id).sort();
  assert.ok(apple.length > 0);
  const got = jobIds(store, 'pingguo');
  for (const id of apple) assert.ok(got.includes(id), `pingguo finds ${id}`);
  const xia = jobs.filter((j) => j.body.location.county['zh-CN'] === '夏县').map((j) => j.id).sort();
  const gotXia = jobIds(store, 'xiaxian');
  for (const id of xia) assert.ok(gotXia.includes(id));
  db.close();
});

test('a kiosk upgraded with content already applied re-indexes once for pinyin', () => {
  const { db, store } = fresh();
  // What an older kiosk holds: search entries without pinyin, no title words.
  const rows = db.prepare('SELECT p.rowid AS r, b.body FROM policies p JOIN policy_bodies b ON b.rowid = p.rowid').all() as Array<{ r: number; body: string }>;
  for (const row of rows) {
    const title = (JSON.parse(row.body) as { title: { 'zh-CN': string } }).title['zh-CN'];
    db.prepare('DELETE FROM policies_grams WHERE rowid = ?').run(row.r);
    db.prepare('INSERT INTO policies_grams (rowid, grams) VALUES (?, ?)').run(row.r, gramsOf(title));
  }
  db.exec('DELETE FROM content_words; UPDATE content_sync SET pinyin_indexed = 0');
  const reopened = createContentStore(db);
  assert.deepEqual(policyIds(reopened, 'butie'), [], 'no pinyin before the re-index');
  assert.equal(reopened.ensurePinyinIndexed(), policies.length + jobs.length);
  assert.deepEqual(policyIds(reopened, 'butie'), policiesWith('补贴'));
  assert.ok(reopened.suggest('policy', 'bt').includes('补贴'));
  assert.equal(reopened.ensurePinyinIndexed(), 0, 'only once');
  assert.equal(store.counts().policies, policies.length);
  db.close();
});

test('candidate bar: words from the titles for what the last term spells', () => {
  const { db, store } = fresh();
  const bt = store.suggest('policy', 'bt');
  assert.equal(bt[0], '补贴', `bt offers 补贴 first: ${bt.join(' ')}`);
  assert.ok(bt.some((w) => w.startsWith('补贴') && w.length > 2), `and longer title words: ${bt.join(' ')}`);
  assert.deepEqual(store.suggest('policy', 'butie')[0], '补贴');
  assert.deepEqual(store.suggest('policy', 'bu贴')[0], '补贴');
  assert.equal(store.suggest('policy', 'hlbt')[0], '护理补贴');
  assert.equal(store.suggest('policy', '夏县 hlbt')[0], '护理补贴', 'only the last term counts');
  assert.ok(store.suggest('policy', 'subs').some((w) => w.startsWith('subsid')), 'English title words');
  assert.equal(store.suggest('job', 'pgcz')[0], '苹果采摘');
  assert.deepEqual(store.suggest('policy', '补贴'), [], 'characters need no candidates');
  assert.deepEqual(store.suggest('policy', ''), []);
  assert.ok(store.suggest('policy', 'x').length <= 8);
  for (const q of ['"', '*', '🙂', 'x'.repeat(500)]) assert.doesNotThrow(() => store.suggest('policy', q));
  db.close();
});

test('title words follow the content: a removed or retitled policy stops offering its words', () => {
  const { db, store } = fresh();
  assert.ok(store.suggest('policy', 'db').includes('低保'), store.suggest('policy', 'db').join(' '));
  for (const p of policies.filter((x) => x.body.title['zh-CN'].includes('低保'))) store.remove('policy', p.id);
  assert.ok(!store.suggest('policy', 'db').includes('低保'), 'removed');
  const heating = policies.find((x) => x.id === 'p-xiaxian-clean-heating')!;
  assert.ok(store.suggest('policy', 'qnqn').length === 0);
  store.upsertPolicy(heating.id, 99, { ...heating.body, title: { 'zh-CN': '夏县清洁取暖', en: 'Xia County: heating' } }, 'township', 1);
  assert.ok(store.suggest('policy', 'qjqn').includes('清洁取暖'));
  // A full resync that no longer holds the other heating policy drops its words too.
  store.dropOlderThan(1);
  assert.deepEqual(store.suggest('policy', 'mgd'), [], '煤改电 was only in the dropped titles');
  assert.ok(store.suggest('policy', 'qjqn').includes('清洁取暖'));
  db.close();
});

test('suggest helpers: the last term, and mixes of full syllables and initials', () => {
  assert.equal(lastTerm('补贴 sq'), 'sq');
  assert.equal(lastTerm('  '), '');
  const words = [{ word: '补贴申请', syllables: ['bu', 'tie', 'shen', 'qing'], uses: 1 }];
  assert.deepEqual(candidates('bt', words), ['补贴', '补贴申请']);
  assert.deepEqual(candidates('butsq', words), ['补贴申请']);
  assert.deepEqual(candidates('shenq', words), ['申请']);
  assert.deepEqual(candidates('xyz', words), []);
});
