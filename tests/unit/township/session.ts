// Logs in to the officials' page of a test township over real HTTP and returns get/post
// helpers carrying the session cookie and CSRF token (the same steps a browser takes).
import assert from 'node:assert/strict';
import type { TestTownship } from './helpers.js';

export const csrfIn = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1];

export async function loginAttempt(tw: TestTownship, username: string, password: string) {
  const page = await fetch(`${tw.base}/officials/login`);
  const loginCookie = /tw_login=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')![1]!;
  const res = await fetch(`${tw.base}/officials/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tw_login=${loginCookie}` },
    body: new URLSearchParams({ _csrf: csrfIn(await page.text())!, username, password }).toString(),
  });
  const setCookie = res.headers.getSetCookie().join('\n');
  return { status: res.status, session: /tw_session=([^;]+)/.exec(setCookie)?.[1], text: await res.text() };
}

export interface Http {
  status: number;
  text: string;
  headers: Headers;
  bytes: Buffer;
}

export async function officialSession(tw: TestTownship, username: string, password: string) {
  const r = await loginAttempt(tw, username, password);
  assert.equal(r.status, 303, r.text);
  const cookie = `tw_session=${r.session}`;
  const home = await fetch(`${tw.base}/officials/`, { headers: { cookie } });
  const csrf = csrfIn(await home.text())!;
  const wrap = async (res: Response): Promise<Http> => {
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, text: bytes.toString('utf8'), headers: res.headers, bytes };
  };
  const get = async (p: string) => wrap(await fetch(tw.base + p, { headers: { cookie }, redirect: 'manual' }));
  const post = async (p: string, form: Record<string, string>) =>
    wrap(await fetch(tw.base + p, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, ...form }).toString() }));
  return { cookie, csrf, get, post };
}
