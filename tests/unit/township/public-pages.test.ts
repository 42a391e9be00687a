// The public phone pages over real HTTP: policy, job, village and status pages render in
// both languages without script and under 50 KB, never show a phone number or name of the
// villager, and the status lookup is rate-limited per address.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeRequest, policyBody, put, startTestTownship, type TestTownship } from './helpers.js';
import { upsertContent } from '#src/township/content.js';
import { setRequestStatus } from '#src/township/requests.js';
import { setVillageOfficial, setProfile } from '#src/township/accounts.js';
import { addOfficial } from '#src/township/officials.js';

describe('phone pages', () => {
  let tw: TestTownship;
  let code: string;
  before(async () => {
    tw = await startTestTownship();
    const now = new Date();
    assert.ok((await upsertContent(tw.store, 'policy', 'elderly-allowance', policyBody(), 'test', now)).ok);
    assert.ok((await addOfficial(tw.store, 'wang', 'wang-password')).ok);
    await setProfile(tw.store, 'wang', { name: '王干部', phone: '13800001111' });
    assert.ok((await setVillageOfficial(tw.store, '西坡村', 'wang', now)).ok);
    const token = await tw.token('k1', '西坡村');
    const req = makeRequest('k1', { phone: '13912345678', name: '张三' });
    code = req.code;
    assert.equal((await put(tw, 'k1', req.id, req, token)).status, 201);
    assert.ok((await setRequestStatus(tw.store, req.id, 'in-review', '我们明天打电话', 'wang', now)).ok);
  });
  after(() => tw.cleanup());

  const get = async (p: string, headers: Record<string, string> = {}) => {
    const res = await fetch(tw.base + p, { headers });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, text: bytes.toString('utf8'), size: bytes.length, headers: res.headers };
  };

  test('policy, village and status pages: both languages, no script, small, no villager data', async () => {
    for (const [p, expect] of [
      ['/policies/elderly-allowance', /高龄津贴[\s\S]*tel:03575551234/],
      ['/policies/elderly-allowance?lang=en', /Elderly allowance[\s\S]*Who qualifies/],
      ['/villages/' + encodeURIComponent('西坡村'), /王干部[\s\S]*tel:13800001111[\s\S]*高龄津贴/],
      [`/status/${code}`, /审核中[\s\S]*北京时间[\s\S]*我们明天打电话/],
      [`/status?code=${code.replace('-', '').toLowerCase()}&lang=en`, /in review[\s\S]*Beijing time/],
    ] as const) {
      const r = await get(p);
      assert.equal(r.status, 200, p);
      assert.match(r.text, expect, p);
      assert.ok(r.size <= 50 * 1024, `${p} is ${r.size} bytes`);
      assert.doesNotMatch(r.text, /<script/i, p);
      assert.doesNotMatch(r.text, /13912345678|张三/, `${p} shows the villager's data`);
      assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    }
    assert.equal((await get('/policies/nope')).status, 404);
    assert.equal((await get('/status/XXXX')).status, 422);
  });

  test('status lookups are rate-limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await get(`/status/${code}`)).status);
    assert.ok(statuses.includes(429), `no 429 in ${statuses.join(',')}`);
    const limited = await get(`/status/${code}`);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    // The policy pages are not limited.
    assert.equal((await get('/policies/elderly-allowance')).status, 200);
  });
});
