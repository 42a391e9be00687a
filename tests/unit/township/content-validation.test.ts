// Issue 8 item 6 (the boundary half): the township refuses control characters in published
// content with a 422 naming the field, and the kiosk's feed schema (src/protocol/content.ts,
// which the kiosk's sync applies to every policy and job) refuses them too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JobBody, PolicyBody } from '#protocol/content.js';
import { upsertContent } from '#src/township/content.js';
import { addOfficial } from '#src/township/officials.js';
import { formValuesOf } from '#src/township/web/content-pages.js';
import { policyBody, startTestTownship, type TestTownship } from './helpers.js';
import { officialSession } from './session.js';


const BAD = ['专干\x1dV\x00', 'kick\x1bp\x00\x19\xfa', 'tab\there', 'c1\u0085', 'sep\u2028x', 'del\x7f'];

test('the kiosk feed schema refuses control characters in every text field, naming the path; newlines stay allowed', async () => {
  for (const bad of BAD) {
    const body = policyBody();
    body.official.title = { 'zh-CN': bad, en: 'Officer' };
    const r = PolicyBody.safeParse(body);
    assert.equal(r.success, false, JSON.stringify(bad));
    assert.deepEqual(r.error.issues.map((i) => i.path.join('.')), ['official.title.zh-CN']);
    assert.match(r.error.issues[0]!.message, /control character \(U\+[0-9A-F]{4} at position \d+\)/);
  }
  const materials = policyBody();
  materials.materials[1] = { 'zh-CN': '户口本', en: 'Register\x1b@' };
  assert.deepEqual(PolicyBody.safeParse(materials).error!.issues.map((i) => i.path.join('.')), ['materials.1.en']);
  const ok = policyBody();
  ok.summary = { 'zh-CN': '第一行\n第二行', en: 'line one\nline two' };
  assert.equal(PolicyBody.safeParse(ok).success, true);
  assert.equal(JobBody.shape.title.safeParse({ 'zh-CN': '摘苹果\x1dV\x00', en: 'Apple picking' }).success, false);
});

describe('township: publishing content with control characters', () => {
  let tw: TestTownship;
  let post: Awaited<ReturnType<typeof officialSession>>['post'];
  before(async () => {
    tw = await startTestTownship();
    assert.ok((await addOfficial(tw.store, 'wang', 'correct-horse')).ok);
    post = (await officialSession(tw, 'wang', 'correct-horse')).post;
  });
  after(() => tw.cleanup());

  test('upsertContent refuses it with the field path, and nothing reaches the feed', async () => {
    const body = policyBody();
    body.official.title = { 'zh-CN': '专干\x1dV\x00', en: 'Officer' };
    const r = await upsertContent(tw.store, 'policy', 'p-ctl', body, 'wang', new Date());
    assert.ok(!r.ok && r.code === 'invalid-body');
    assert.ok(!r.ok && r.issues.some((i) => i.path === 'official.title.zh-CN'));
    assert.match(!r.ok ? r.message : '', /official\.title\.zh-CN: contains a control character/);
    assert.equal((await tw.store.get<{ n: number }>("SELECT COUNT(*) AS n FROM content WHERE id = 'p-ctl'"))!.n, 0);
  });

  test("the officials' form answers 422 and names the field beside it", async () => {
    const body = policyBody('冬季取暖补贴');
    const form = { id: 'heating-ctl', ...formValuesOf('policy', body), 'f.official.title.zh-CN': '专干\x1dV\x00' };
    const r = await post('/officials/content/policy/new', form);
    assert.equal(r.status, 422, r.text.slice(0, 500));
    assert.match(r.text, /official\.title\.zh-CN: contains a control character \(U\+001D at position 3\)/);
    assert.equal((await tw.store.get<{ n: number }>("SELECT COUNT(*) AS n FROM content WHERE id = 'heating-ctl'"))!.n, 0);
    const fixed = await post('/officials/content/policy/new', { ...form, 'f.official.title.zh-CN': '专干' });
    assert.equal(fixed.status, 303);
  });
});
