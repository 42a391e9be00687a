// The township behind a TLS proxy: X-Forwarded-For / X-Forwarded-Proto are believed only from
// the configured proxy. Then login limits count the forwarded client address, cookies are
// Secure when the proxy says https, and the proxy's own connections are not capped. From any
// other peer (or with no proxy configured) the headers change nothing.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { TownshipConfigError, loadTownshipConfig } from '#src/township/config.js';
import { addOfficial } from '#src/township/officials.js';
import { startTestTownship, type TestTownship } from './helpers.js';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request from a chosen local address (Linux: all of 127/8 is loopback). */
function request(tw: TestTownship, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string; localAddress?: string }): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: tw.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, localAddress: opts.localAddress ?? '127.0.0.1', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function login(tw: TestTownship, username: string, password: string, via: { forwardedFor?: string; proto?: string; localAddress?: string } = {}) {
  const fwd: Record<string, string> = {};
  if (via.forwardedFor) fwd['x-forwarded-for'] = via.forwardedFor;
  if (via.proto) fwd['x-forwarded-proto'] = via.proto;
  const page = await request(tw, { path: '/officials/login', headers: fwd, localAddress: via.localAddress });
  const loginCookie = /tw_login=([^;]+)/.exec(String(page.headers['set-cookie']))![1]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const res = await request(tw, {
    method: 'POST',
    path: '/officials/login',
    headers: { ...fwd, 'content-type': 'application/x-www-form-urlencoded', cookie: `tw_login=${loginCookie}` },
    body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
    localAddress: via.localAddress,
  });
  return { status: res.status, loginPageCookie: String(page.headers['set-cookie']), setCookie: (res.headers['set-cookie'] ?? []).join('\n') };
}

const townships: TestTownship[] = [];
after(async () => {
  for (const t of townships) await t.cleanup();
});
async function township(trustProxy: string[] | undefined) {
  // loginMaxFailures 2 -> 8 failures per address lock it.
  const tw = await startTestTownship({ http: { port: 0, maxConnectionsPerAddress: 5, ...(trustProxy ? { trustProxy } : {}) }, officials: { loginMaxFailures: 2, loginLockoutSeconds: 600 } });
  townships.push(tw);
  for (let i = 0; i < 10; i++) assert.ok((await addOfficial(tw.store, `u${i}`, `password-${i}-ok`)).ok);
  return tw;
}

describe('trustProxy', () => {
  test('config: a list or a comma-separated TOWNSHIP_TRUST_PROXY of addresses and CIDR blocks; anything else is refused', () => {
    assert.deepEqual(loadTownshipConfig({ env: {} }).http.trustProxy, []);
    assert.deepEqual(loadTownshipConfig({ env: { TOWNSHIP_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8' } }).http.trustProxy, ['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    assert.throws(() => loadTownshipConfig({ env: { TOWNSHIP_TRUST_PROXY: 'proxy.example' } }), (e: Error) => e instanceof TownshipConfigError && /trustProxy/.test(e.message) && /CIDR/.test(e.message));
    assert.throws(() => loadTownshipConfig({ env: { TOWNSHIP_TRUST_PROXY: '10.0.0.0/33' } }), TownshipConfigError);
  });

  test('behind the trusted proxy: limits count the forwarded address, cookies are Secure over https, the proxy is not capped', async () => {
    const tw = await township(['127.0.0.1']);
    // 8 failures from client A (through the proxy) lock A...
    for (let i = 0; i < 8; i++) assert.equal((await login(tw, `u${i}`, 'wrong-password', { forwardedFor: '203.0.113.7', proto: 'https' })).status, 401);
    assert.equal((await login(tw, 'u8', 'password-8-ok', { forwardedFor: '203.0.113.7', proto: 'https' })).status, 429);
    // ...but not client B behind the same proxy, whose session cookie is Secure.
    const b = await login(tw, 'u9', 'password-9-ok', { forwardedFor: '198.51.100.23', proto: 'https' });
    assert.equal(b.status, 303);
    assert.match(b.setCookie, /tw_session=[^;]+;.*HttpOnly; SameSite=Strict.*; Secure/);
    assert.match(b.loginPageCookie, /tw_login=.*; Secure/);
    // The proxy over plain http: no Secure (the browser would drop it).
    const plain = await login(tw, 'u9', 'password-9-ok', { forwardedFor: '198.51.100.24', proto: 'http' });
    assert.equal(plain.status, 303);
    assert.doesNotMatch(plain.setCookie, /Secure/);
    // More open connections from the proxy than the per-address cap (5): still served.
    const idle = await Promise.all(Array.from({ length: 8 }, () => new Promise<net.Socket>((resolve) => { const s = net.connect(tw.port, '127.0.0.1', () => resolve(s)); })));
    try {
      assert.equal((await request(tw, { path: '/healthz' })).status, 200);
    } finally {
      for (const s of idle) s.destroy();
    }
  });

  test('from a peer that is not the trusted proxy, X-Forwarded-* is ignored', async () => {
    const tw = await township(['127.0.0.1']);
    // 127.0.0.2 claims a new client address on every attempt: all count against 127.0.0.2.
    for (let i = 0; i < 8; i++) assert.equal((await login(tw, `u${i}`, 'wrong-password', { forwardedFor: `203.0.113.${i}`, proto: 'https', localAddress: '127.0.0.2' })).status, 401);
    const next = await login(tw, 'u9', 'password-9-ok', { forwardedFor: '198.51.100.99', proto: 'https', localAddress: '127.0.0.2' });
    assert.equal(next.status, 429, 'locked by its real address');
    assert.doesNotMatch(next.loginPageCookie, /Secure/, 'its X-Forwarded-Proto is not believed');
    // The trusted proxy's clients are unaffected.
    assert.equal((await login(tw, 'u9', 'password-9-ok', { forwardedFor: '198.51.100.99' })).status, 303);
  });

  test('with no proxy configured, X-Forwarded-* is ignored from everyone', async () => {
    const tw = await township(undefined);
    for (let i = 0; i < 8; i++) assert.equal((await login(tw, `u${i}`, 'wrong-password', { forwardedFor: `203.0.113.${i}` })).status, 401);
    const next = await login(tw, 'u9', 'password-9-ok', { forwardedFor: '198.51.100.1', proto: 'https' });
    assert.equal(next.status, 429);
    assert.doesNotMatch(next.loginPageCookie, /Secure/);
  });
});
