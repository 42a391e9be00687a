import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedPage, SignedFeedPage } from '#protocol/feed.js';
import { PolicyBody } from '#protocol/content.js';
import { addOfficial } from '#src/township/officials.js';
import { formValuesOf } from '#src/township/web/content-pages.js';
import { feed, makeRequest, policyBody, put, startTestTownship, type TestTownship } from './helpers.js';

const csrfIn = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1];

async function loginAttempt(tw: TestTownship, username: string, password: string) {
  const page = await fetch(`${tw.base}/officials/login`);
  const loginCookie = /tw_login=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  const res = await fetch(`${tw.base}/officials/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tw_login=${loginCookie}` },
    body: new URLSearchParams({ _csrf: csrfIn(await page.text())!, username, password }).toString(),
  });
  const setCookie = res.headers.getSetCookie().join('\n');
  return { status: res.status, retryAfter: res.headers.get('retry-after'), setCookie, session: /tw_session=([^;]+)/.exec(setCookie)?.[1], text: await res.text() };
}

async function session(tw: TestTownship, username = 'zhang', password = 'correct-horse') {
  const r = await loginAttempt(tw, username, password);
  assert.equal(r.status, 303, r.text);
  const cookie = `tw_session=${r.session}`;
  const home = await fetch(`${tw.base}/officials/`, { headers: { cookie } });
  const csrf = csrfIn(await home.text())!;
  const get = async (p: string) => {
    const res = await fetch(tw.base + p, { headers: { cookie }, redirect: 'manual' });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  const post = async (p: string, form: Record<string, string>, withCsrf = true, extra: Record<string, string> = {}) => {
    const res = await fetch(tw.base + p, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...extra },
      body: new URLSearchParams(withCsrf ? { _csrf: csrf, ...form } : form).toString(),
    });
    return { status: res.status, text: await res.text(), headers: res.headers };
  };
  return { cookie, csrf, get, post, setCookie: r.setCookie };
}

describe("officials' page", () => {
  let tw: TestTownship;
  let token: string;
  before(async () => {
    tw = await startTestTownship({ officials: { loginMaxFailures: 3, loginLockoutSeconds: 60 } });
    token = await tw.token('kiosk-a', '西坡村');
    assert.ok((await addOfficial(tw.store, 'zhang', 'correct-horse')).ok);
  });
  after(() => tw.cleanup());

  test('login: wrong password refused, right one gives an HttpOnly SameSite=Strict session; pages need it', async () => {
    assert.equal((await fetch(`${tw.base}/officials/`, { redirect: 'manual' })).status, 303);
    const wrong = await loginAttempt(tw, 'zhang', 'wrong-password');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.session, undefined);
    assert.match(wrong.text, /Wrong username or password/);
    const unknown = await loginAttempt(tw, 'nobody', 'whatever-pass');
    assert.equal(unknown.status, 401);
    const s = await session(tw);
    assert.match(s.setCookie, /tw_session=[^;]+; Path=\/officials; HttpOnly; SameSite=Strict/);
    assert.equal((await s.get('/officials/')).status, 200);
    // Logout ends the session.
    assert.equal((await s.post('/officials/logout', {})).status, 303);
    assert.equal((await s.get('/officials/')).status, 303);
  });

  test('login attempts are rate limited per username (429 with Retry-After), even with the right password', async () => {
    assert.ok((await addOfficial(tw.store, 'li', 'right-password')).ok);
    for (let i = 0; i < 3; i++) assert.equal((await loginAttempt(tw, "li", `bad-${i}-password`)).status, 401);
    const locked = await loginAttempt(tw, 'li', 'right-password');
    assert.equal(locked.status, 429);
    assert.equal(locked.session, undefined);
    assert.match(locked.text, /Too many failed logins/);
    assert.ok(Number(locked.retryAfter) > 0 && Number(locked.retryAfter) <= 60);
  });

  test('a POST without the CSRF token, with a wrong one, or from another origin is refused', async () => {
    const s = await session(tw);
    const r = makeRequest('kiosk-a');
    await put(tw, 'kiosk-a', r.id, r, token);
    const noCsrf = await s.post(`/officials/requests/${r.id}/status`, { status: 'in-review', note: '' }, false);
    assert.equal(noCsrf.status, 403);
    const wrongCsrf = await s.post(`/officials/requests/${r.id}/status`, { _csrf: 'x'.repeat(32), status: 'in-review', note: '' }, false);
    assert.equal(wrongCsrf.status, 403);
    const crossOrigin = await s.post(`/officials/requests/${r.id}/status`, { status: 'in-review', note: '' }, true, { origin: 'http://evil.example' });
    assert.equal(crossOrigin.status, 403);
    assert.equal((await tw.store.get<{ status: string }>('SELECT status FROM requests WHERE id = ?', [r.id]))!.status, 'received');
    const ok = await s.post(`/officials/requests/${r.id}/status`, { status: 'in-review', note: '已受理' });
    assert.equal(ok.status, 303);
    assert.equal((await tw.store.get<{ status: string }>('SELECT status FROM requests WHERE id = ?', [r.id]))!.status, 'in-review');
    // A login form post without its cookie is refused too.
    const res = await fetch(`${tw.base}/officials/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=zhang&password=correct-horse&_csrf=abc', redirect: 'manual' });
    assert.equal(res.status, 403);
  });

  test('list filters by village, type and status; a request page shows payload in plain words and history', async () => {
    const s = await session(tw);
    const agr = makeRequest('kiosk-a', { payload: { type: 'agronomist-visit', crop: 'millet', problem: 'pests', village: '东沟村' } });
    const visit = makeRequest('kiosk-a', { payload: { type: 'home-visit', reason: 'certificate', preferredDays: 'next-week', timeWindow: 'morning' }, phone: '13600001234', name: '王大娘' });
    for (const r of [agr, visit]) assert.equal((await put(tw, 'kiosk-a', r.id, r, token)).status, 201);
    const byVillage = await s.get(`/officials/?village=${encodeURIComponent('东沟村')}`);
    assert.ok(byVillage.text.includes(agr.code) && !byVillage.text.includes(visit.code));
    const byType = await s.get('/officials/?type=home-visit');
    assert.ok(byType.text.includes(visit.code) && !byType.text.includes(agr.code));
    const byStatus = await s.get('/officials/?status=in-review');
    assert.ok(!byStatus.text.includes(visit.code));
    const detail = await s.get(`/officials/requests/${visit.id}`);
    assert.equal(detail.status, 200);
    for (const words of ['开证明', '下周', '上午', '王大娘', '西坡村', '已收到']) assert.ok(detail.text.includes(words), `detail shows ${words}`);
    // The phone number only after "show phone", which goes into the request's audit log.
    assert.ok(!detail.text.includes('13600001234'), 'phone hidden until asked for');
    const shown = await s.post(`/officials/requests/${visit.id}/phone`, {});
    assert.match(shown.text, /href="tel:13600001234"/);
    assert.match(shown.text, /data-action="phone-viewed"/);
    const set = await s.post(`/officials/requests/${visit.id}/status`, { status: 'visit-scheduled', note: '周二上午上门 Tuesday morning' });
    assert.equal(set.status, 303);
    const after = await s.get(set.headers.get('location')!);
    assert.ok(after.text.includes('周二上午上门') && after.text.includes('已安排上门'));
    const rejectNoReason = await s.post(`/officials/requests/${visit.id}/status`, { status: 'rejected', note: '' });
    assert.equal(rejectNoReason.status, 422);
  });

  test('everything from a request or content is escaped (no XSS)', async () => {
    const s = await session(tw);
    const evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const r = makeRequest('kiosk-a', { name: evil.slice(0, 40), payload: { type: 'job-interest', jobId: 'j-1', jobTitle: evil } });
    assert.equal((await put(tw, 'kiosk-a', r.id, r, token)).status, 201);
    const page = await s.get(`/officials/requests/${r.id}`);
    assert.ok(!page.text.includes('<script>alert(1)'), 'no raw script tag');
    assert.ok(!page.text.includes('<img src=x'), 'no raw img tag');
    assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img'));
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const list = await s.get(`/officials/?village=${encodeURIComponent('"><script>')}`);
    assert.ok(!list.text.includes('"><script>'));
  });

  test('publish and edit a policy through the form; it appears in the feed; unpublish makes a tombstone', async () => {
    const s = await session(tw);
    const body = policyBody('秋季取暖补贴');
    const form = { id: 'heating-2025', ...formValuesOf('policy', body) };
    const created = await s.post('/officials/content/policy/new', form);
    assert.equal(created.status, 303, created.text.slice(0, 2000));
    let r = await feed(tw, 'kiosk-a', token, { limit: '500' });
    let items = FeedPage.parse(JSON.parse(SignedFeedPage.parse(r.json).payload)).items;
    const item = items.find((i) => i.id === 'heating-2025')!;
    assert.equal(item.version, 1);
    assert.deepEqual(PolicyBody.parse(item.body), body, 'the form round-trips every field');

    const edited = await s.post('/officials/content/policy/heating-2025', { ...formValuesOf('policy', body), 'f.title.zh-CN': '秋季取暖补贴(已延期)' });
    assert.equal(edited.status, 303);
    r = await feed(tw, 'kiosk-a', token, { limit: '500' });
    items = FeedPage.parse(JSON.parse(SignedFeedPage.parse(r.json).payload)).items;
    const v2 = items.filter((i) => i.id === 'heating-2025');
    assert.equal(v2.length, 1);
    assert.equal(v2[0]!.version, 2);
    assert.equal((v2[0]!.body as { title: { 'zh-CN': string } }).title['zh-CN'], '秋季取暖补贴(已延期)');

    // Invalid input: mismatched line counts and a bad phone are shown, nothing is published.
    const bad = await s.post('/officials/content/policy/heating-2025', { ...formValuesOf('policy', body), 'f.materials.en': 'only one line', 'f.official.phone': '12345' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /line by line/);

    const un = await s.post('/officials/content/policy/heating-2025/unpublish', {});
    assert.equal(un.status, 303);
    r = await feed(tw, 'kiosk-a', token, { limit: '500' });
    items = FeedPage.parse(JSON.parse(SignedFeedPage.parse(r.json).payload)).items;
    const tomb = items.find((i) => i.id === 'heating-2025')!;
    assert.equal(tomb.op, 'delete');
    assert.equal(tomb.version, 3);
    const list = await s.get('/officials/content');
    assert.match(list.text, /unpublished/);
  });

  test('a job posting form publishes a valid JobBody', async () => {
    const s = await session(tw);
    const form: Record<string, string> = {
      id: 'apple-picking',
      'f.title.zh-CN': '摘苹果',
      'f.title.en': 'Apple picking',
      'f.duties.zh-CN': '果园摘苹果',
      'f.duties.en': 'Pick apples in the orchard',
      'f.employer.name.zh-CN': '红星果园',
      'f.employer.name.en': 'Red Star Orchard',
      'f.employer.verifiedByTownship': 'on',
      'f.location.county.zh-CN': '夏县',
      'f.location.county.en': 'Xia County',
      'f.location.township.zh-CN': '南大里乡',
      'f.location.township.en': 'Nandali',
      'f.location.distanceKm': '6.5',
      'f.pay.min': '150',
      'f.pay.max': '180',
      'f.pay.unit': 'day',
      'f.employmentType': 'seasonal',
      'f.hours.zh-CN': '早7点到下午5点',
      'f.hours.en': '7am to 5pm',
      'f.mealsProvided': 'on',
      'f.openings': '12',
      'f.requirements.physical.zh-CN': '能爬梯子',
      'f.requirements.physical.en': 'Can climb a ladder',
      'f.requirements.ageMax': '65',
      'f.contactPhone': '13912345678',
      'f.datePosted': '2025-09-01',
      'f.validThrough': '2025-10-31',
    };
    const res = await s.post('/officials/content/job/new', form);
    assert.equal(res.status, 303, res.text.slice(0, 3000));
    const r = await feed(tw, 'kiosk-a', token, { limit: '500' });
    const job = FeedPage.parse(JSON.parse(SignedFeedPage.parse(r.json).payload)).items.find((i) => i.id === 'apple-picking')!;
    const b = job.body as Record<string, unknown>;
    assert.deepEqual(b.pay, { min: 150, max: 180, unit: 'day' });
    assert.equal(b.housingProvided, false);
    assert.equal((b.requirements as { ageMin: unknown }).ageMin, null);
    assert.equal(b.season, null);
  });

  test('kiosk tokens issued on the page work for the relay; the page shows the public key', async () => {
    const s = await session(tw);
    const page = await s.get('/officials/kiosks');
    assert.ok(page.text.includes(tw.publicKey));
    const res = await s.post('/officials/kiosks', { kioskId: 'hall-7', village: '南村' });
    assert.equal(res.status, 200);
    const issued = /<p class="token">(kt_[A-Za-z0-9_-]+)<\/p>/.exec(res.text)?.[1];
    assert.ok(issued);
    const r = makeRequest('hall-7');
    assert.equal((await put(tw, 'hall-7', r.id, r, issued)).status, 201);
    assert.equal((await tw.store.get<{ village: string }>('SELECT village FROM requests WHERE id = ?', [r.id]))!.village, '南村');
    assert.equal((await tw.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM kiosks WHERE token_sha256 LIKE ?', [`%${issued}%`]))!.n, 0, 'only the hash is stored');
    const bad = await s.post('/officials/kiosks', { kioskId: 'bad id!', village: '' });
    assert.equal(bad.status, 422);
  });
});
