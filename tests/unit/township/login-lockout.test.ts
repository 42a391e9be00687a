// The officials' login limiter under concurrency, against a real township server: a burst of
// simultaneous logins must not get more password checks than the limit (5 per account, 20
// per address), and a right password sent inside the burst is not let in after the limit.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { addOfficial } from '#src/township/officials.js';
import { startTestTownship, type TestTownship } from './helpers.js';

const csrfIn = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1];

/** Fetches the login page (for its CSRF cookie) and returns a function that posts one login. */
async function preparedLogin(tw: TestTownship, username: string, password: string) {
  const page = await fetch(`${tw.base}/officials/login`);
  const loginCookie = /tw_login=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
  const csrf = csrfIn(await page.text())!;
  return async () => {
    const res = await fetch(`${tw.base}/officials/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tw_login=${loginCookie}` },
      body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
    });
    await res.text();
    return { status: res.status, password };
  };
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ((m[s] = (m[s] ?? 0) + 1), m), {});

describe('login lockout under a concurrent burst (limits 5 per account, 20 per address)', () => {
  // A township per test: the per-address count of one test must not lock the next.
  let tw: TestTownship;
  beforeEach(async () => {
    tw = await startTestTownship();
    assert.equal(tw.config.officials.loginMaxFailures, 5);
    assert.ok((await addOfficial(tw.store, 'wang', 'the-right-password')).ok);
  });
  afterEach(() => tw.cleanup());

  test('40 simultaneous logins for one account, the right password last: at most 5 are checked, none gets in after them', async () => {
    const attempts = await Promise.all(Array.from({ length: 40 }, (_, i) => preparedLogin(tw, 'wang', i === 39 ? 'the-right-password' : `wrong-${i}-password`)));
    const results = await Promise.all(attempts.map((go) => go()));
    const counts = tally(results.map((r) => r.status));
    const checked = (counts[401] ?? 0) + (counts[303] ?? 0);
    console.log(`# one account, 40 at once: ${JSON.stringify(counts)} (status: count)`);
    assert.ok(checked <= 5, `at most 5 password checks, got ${JSON.stringify(counts)}`);
    assert.equal((counts[401] ?? 0) + (counts[303] ?? 0) + (counts[429] ?? 0), 40, JSON.stringify(counts));
    const right = results[39]!;
    if (right.status === 303) assert.ok((counts[401] ?? 0) < 5, 'a success only while fewer than 5 failures were counted');
    // The account is locked now, even for the right password.
    const again = await (await preparedLogin(tw, 'wang', 'the-right-password'))();
    assert.equal(again.status, 429);
  });

  test('40 simultaneous logins for 40 accounts from one address: at most 20 are checked', async () => {
    for (let i = 0; i < 40; i++) assert.ok((await addOfficial(tw.store, `clerk${i}`, `password-of-${i}`)).ok);
    const attempts = await Promise.all(Array.from({ length: 40 }, (_, i) => preparedLogin(tw, `clerk${i}`, `not-the-password-${i}`)));
    const counts = tally((await Promise.all(attempts.map((go) => go()))).map((r) => r.status));
    console.log(`# 40 accounts from one address at once: ${JSON.stringify(counts)} (status: count)`);
    assert.ok((counts[401] ?? 0) <= 20, `at most 20 checks from one address, got ${JSON.stringify(counts)}`);
    assert.equal((counts[401] ?? 0) + (counts[429] ?? 0), 40, JSON.stringify(counts));
    // The address is locked: a right password for another account is refused too.
    const other = await (await preparedLogin(tw, 'clerk0', 'password-of-0'))();
    assert.equal(other.status, 429);
  });
});
