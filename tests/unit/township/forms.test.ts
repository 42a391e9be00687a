// Officials' forms take forms: a JSON body (or one with non-string values) gets a clear 415,
// never a 500 and never a stack trace in the log; the kiosk API keeps taking JSON only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LogFields } from '#src/log/logger.js';
import { addOfficial } from '#src/township/officials.js';
import { startTestTownship, type TestTownship } from './helpers.js';

describe("officials' form routes", () => {
  let tw: TestTownship;
  let records: LogFields[];
  let cookie = '';
  let csrf = '';
  before(async () => {
    tw = await startTestTownship();
    records = (tw.log as unknown as { records: LogFields[] }).records;
    assert.ok((await addOfficial(tw.store, 'zhao', 'a-good-password')).ok);
    const page = await fetch(`${tw.base}/officials/login`);
    const loginCookie = /tw_login=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
    const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await fetch(`${tw.base}/officials/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tw_login=${loginCookie}` },
      body: new URLSearchParams({ _csrf: loginCsrf, username: 'zhao', password: 'a-good-password' }).toString(),
    });
    assert.equal(res.status, 303);
    cookie = `tw_session=${/tw_session=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))![1]}`;
    csrf = /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${tw.base}/officials/`, { headers: { cookie } })).text())![1]!;
  });
  after(() => tw.cleanup());

  const postJson = (p: string, body: unknown, cookies = cookie) =>
    fetch(tw.base + p, { method: 'POST', redirect: 'manual', headers: { cookie: cookies, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  test('a JSON body to the login form or another form is refused with 415, nothing logged as a failure', async () => {
    const page = await fetch(`${tw.base}/officials/login`);
    const loginCookie = `tw_login=${/tw_login=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!}`;
    const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const cases = [
      await postJson('/officials/login', { _csrf: loginCsrf, username: 5, password: ['a'] }, loginCookie),
      await postJson('/officials/login', { _csrf: loginCsrf, username: 'zhao', password: { length: 1 } }, loginCookie),
      await postJson('/officials/logout', { _csrf: csrf }),
      await postJson('/officials/kiosks', { _csrf: csrf, kioskId: 7, village: null }),
    ];
    for (const res of cases) {
      assert.equal(res.status, 415, res.url);
      const body = (await res.json()) as { error: { code: string; message: string } };
      assert.match(body.error.message, /application\/x-www-form-urlencoded/);
    }
    assert.deepEqual(records.filter((r) => r.level === 'error'), [], 'no error (and no stack trace) in the log');
    assert.equal((await fetch(`${tw.base}/officials/`, { headers: { cookie } })).status, 200, 'the session still works');
  });

  test('other body types are refused too; the kiosk API still refuses forms', async () => {
    const text = await fetch(`${tw.base}/officials/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'username=a' });
    assert.equal(text.status, 415);
    const form = await fetch(`${tw.base}/v1/kiosks/k1/requests/r1`, { method: 'PUT', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer x' }, body: 'a=1' });
    assert.ok(form.status === 415 || form.status === 401, String(form.status));
    assert.deepEqual(records.filter((r) => r.level === 'error'), []);
  });
});
