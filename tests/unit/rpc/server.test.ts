// The loopback API's guards, through a real HTTP server on 127.0.0.1.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RpcError } from '#contract/client.js';
import { createClient } from '#contract/client.js';
import { MAX_BODY_BYTES, paths, type Handlers } from '#contract/index.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { newSessionToken } from '#src/rpc/guards.js';
import { LAUNCH_CODE_TTL_MS, mintLaunchCode, newLaunchKey } from '#src/rpc/launch-codes.js';
import { startRpcServer, type RpcServer } from '#src/rpc/server.js';

const token = newSessionToken();
const launchKey = newLaunchKey();
const bus = createEventBus();
const log = createMemoryLogger();
let server: RpcServer;
let base: string;
let crash = false;

before(async () => {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-ui-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js.map'), '{"version":3,"sources":["../src/secret.ts"]}');
  const handlers = {
    'app.info': () => ({ kioskId: 'k1', hallName: { 'zh-CN': '大厅', en: 'Hall' }, version: '1', devPanel: false, idle: { warnAfterSeconds: 90, resetAfterSeconds: 30 }, townshipConfigured: false }),
    'staff.call': (input: { screen: string }) => {
      if (crash) throw new Error('handler exploded');
      return { calledAt: `at ${input.screen}` };
    },
    'requests.retryNow': () => ({ ok: true, waiting: 3 }),
  } as unknown as Handlers;
  server = await startRpcServer({ handlers, bus, log, token, launchKey, rendererDir, port: 0, attendantSession: (s) => s === 'live-attendant-session', snapshot: () => [{ name: 'linkStatus', payload: { link: { state: 'not-configured' }, queued: 0, needsAttention: 0, lastSyncAt: null, at: new Date().toISOString() } }] });
  base = server.url.replace(/\/$/, '');
});
after(() => server.close());

const post = (name: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(base + paths.rpc(name), { method: 'POST', ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers } });

test('listens on 127.0.0.1 only', () => {
  const addr = server.app.server.address();
  assert.ok(addr && typeof addr === 'object' && addr.address === '127.0.0.1');
});

test('the page carries no session token, a strict CSP and no caching', async () => {
  const res = await fetch(base + '/');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<html>/);
  assert.ok(!html.includes(token), 'the token is not in the page');
  assert.equal(res.headers.getSetCookie().length, 0, 'no cookie for a plain GET /');
  assert.match(res.headers.get('content-security-policy')!, /default-src 'self'.*script-src 'self'/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal((await fetch(base + '/assets/app.js')).status, 200);
  assert.equal((await fetch(base + '/assets/../../etc/passwd')).status, 404);
  assert.equal((await fetch(base + '/%2e%2e/%2e%2e/etc/passwd')).status, 404);
});

const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith(`${server.cookieName}=`));
const callWithCookie = (cookie: string) => fetch(base + paths.rpc('app.info'), { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });

test('another local client that GETs / gets nothing it can call the kiosk with', async () => {
  // Whatever a second loopback client can fetch without a launch code...
  const texts = await Promise.all(['/', '/index.html', '/assets/app.js'].map(async (p) => (await fetch(base + p)).text()));
  for (const t of texts) assert.ok(!t.includes(token));
  // ...it cannot call RPC or open the event stream with it.
  assert.equal((await fetch(base + paths.rpc('app.info'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 401);
  assert.equal((await callWithCookie(`${server.cookieName}=`)).status, 401);
  assert.equal((await callWithCookie(`${server.cookieName}=${'x'.repeat(43)}`)).status, 401);
  assert.equal((await fetch(base + paths.events)).status, 401);
});

test('a launch code is swapped once for an HttpOnly SameSite=Strict cookie that calls and streams work with', async () => {
  const launch = server.launchUrl();
  assert.match(launch, new RegExp(`^${base}/\\?launch=[A-Za-z0-9_.-]+$`));
  const res = await fetch(launch, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/', 'the code is dropped from the address');
  const set = cookieOf(res);
  assert.ok(set, 'a session cookie');
  assert.match(set, /; Path=\/; HttpOnly; SameSite=Strict$/);
  const cookie = set.split(';')[0]!;
  const call = await callWithCookie(cookie);
  assert.equal(call.status, 200);
  assert.equal(((await call.json()) as { kioskId: string }).kioskId, 'k1');
  const ac = new AbortController();
  const stream = await fetch(base + paths.events, { headers: { cookie }, signal: ac.signal });
  assert.equal(stream.status, 200);
  ac.abort();

  // The same code again: refused, no cookie (a browser that already holds one just goes on to /).
  const again = await fetch(launch, { redirect: 'manual' });
  assert.equal(again.status, 403);
  assert.equal(cookieOf(again), undefined);
  assert.match(await again.text(), /already been used/);
  const againWithCookie = await fetch(launch, { redirect: 'manual', headers: { cookie } });
  assert.equal(againWithCookie.status, 303);
  assert.equal(cookieOf(againWithCookie), undefined);
  assert.ok(log.records.some((r) => r.event === 'launch-code-refused' && r.reason === 'used'));
});

test('forged, expired and foreign launch codes get nothing', async () => {
  const code = new URL(server.launchUrl()).searchParams.get('launch')!;
  const forged = code.slice(0, -2) + (code.endsWith('AA') ? 'BB' : 'AA');
  const expired = mintLaunchCode(launchKey, Date.now() - LAUNCH_CODE_TTL_MS - 1000);
  const foreign = mintLaunchCode(newLaunchKey());
  for (const [c, why] of [[forged, /not valid/], [expired, /expired/], [foreign, /not valid/], ['', /not valid/], ['x'.repeat(5000), /not valid/]] as const) {
    const res = await fetch(`${base}/?launch=${encodeURIComponent(c)}`, { redirect: 'manual' });
    assert.equal(res.status, 403);
    assert.equal(cookieOf(res), undefined);
    assert.match(await res.text(), why);
  }
  // The real one still works once.
  assert.equal((await fetch(`${base}/?launch=${code}`, { redirect: 'manual' })).status, 303);
});

test('source maps are never served, even when a build left one behind', async () => {
  for (const p of ['/assets/app.js.map', '/assets/app.js.MAP', '/assets/app.js.map?x=1', '/assets/app.js%2emap']) {
    const res = await fetch(base + p);
    assert.equal(res.status, 404, p);
    assert.doesNotMatch(await res.text(), /sources/);
  }
});

test('the typed client round-trips a call', async () => {
  const client = createClient({ baseUrl: base, token });
  const info = await client.call('app.info', {});
  assert.equal(info.kioskId, 'k1');
  assert.deepEqual(await client.call('staff.call', { screen: '/jobs' }), { calledAt: 'at /jobs' });
});

test('calls without the right token are refused', async () => {
  const wrong = createClient({ baseUrl: base, token: 'x'.repeat(43) });
  await assert.rejects(wrong.call('app.info', {}), (e: RpcError) => e.status === 401 && /session token/.test(e.message));
  const res = await post('app.info', { headers: { authorization: '' } });
  assert.equal(res.status, 401);
});

test('DNS rebinding: a foreign Host or Origin is refused before anything else', async () => {
  // fetch() will not let us set Host, so use node:http directly.
  const { request } = await import('node:http');
  const status = (headers: Record<string, string>, method = 'GET', p = '/') =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: p, method, headers }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end(method === 'POST' ? '{}' : undefined);
    });
  assert.equal(await status({ host: `evil.example:${server.port}` }), 403);
  assert.equal(await status({ host: `localhost:${server.port}` }), 200);
  assert.equal(await status({ host: `127.0.0.1:${server.port}`, origin: 'http://evil.example' }, 'POST', paths.rpc('app.info')), 403);
  assert.equal(await status({ host: `127.0.0.1:${server.port}`, origin: `http://127.0.0.1:${server.port}`, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, 'POST', paths.rpc('app.info')), 200);
});

test('bad calls get a 4xx with a clear message, are logged, and the server keeps answering', async () => {
  const cases: Array<[Response, number, RegExp]> = [
    [await post('no.such.call', { body: '{}' }), 404, /no call named "no.such.call"/],
    [await post('staff.call', { body: '{"screen": 42}' }), 400, /Bad input for staff.call: screen:/],
    [await post('staff.call', { body: '{"screen": "/", "extra": 1}' }), 400, /Bad input for staff.call/],
    [await post('staff.call', { body: '{"screen": ' }), 400, /not valid JSON/],
    [await post('staff.call', { body: JSON.stringify({ screen: 'x'.repeat(MAX_BODY_BYTES) }) }), 413, /larger than 65536 bytes/],
    [await post('staff.call', { body: 'screen=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, /application\/json/],
    [await fetch(base + paths.rpc('app.info')), 405, /POST/],
  ];
  for (const [res, status, message] of cases) {
    assert.equal(res.status, status);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(body.error.message, message);
  }
  assert.ok(log.records.filter((r) => r.event === 'request-rejected').length >= cases.length);
  assert.equal((await post('app.info', { body: '{}' })).status, 200);
});

test('a handler that throws gives a 500, is logged with the error, and does not take the server down', async () => {
  crash = true;
  const res = await post('staff.call', { body: '{"screen":"/"}' });
  crash = false;
  assert.equal(res.status, 500);
  assert.match(((await res.json()) as { error: { message: string } }).error.message, /unexpected problem/);
  assert.ok(log.records.some((r) => r.event === 'request-failed' && (r.error as Error).message === 'handler exploded'));
  assert.equal((await post('staff.call', { body: '{"screen":"/"}' })).status, 200);
});

test('the event stream needs the token, sends the current state, then pushed events', async () => {
  assert.equal((await fetch(base + paths.events)).status, 401);
  const ac = new AbortController();
  const res = await fetch(`${base}${paths.events}?${paths.tokenQuery}=${token}`, { signal: ac.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const reader = res.body!.getReader();
  let text = '';
  const readUntil = async (needle: string) => {
    while (!text.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  };
  await readUntil('event: linkStatus');
  bus.emit('scan', { id: 's1', source: 'test', text: 'VKR:ABCD-EFGH', at: new Date().toISOString() });
  bus.emit('scan', { id: 'bad' } as never); // invalid payloads are never sent
  bus.emit('deviceStatus', { device: 'printer', status: { state: 'paper-out' }, at: new Date().toISOString() });
  await readUntil('paper-out');
  ac.abort();
  assert.match(text, /event: scan\ndata: \{"id":"s1","source":"test","text":"VKR:ABCD-EFGH"/);
  assert.equal(text.includes('"id":"bad"'), false);
  assert.ok(log.records.some((r) => r.event === 'bad-event'));
});

test('attendant-only calls need a live attendant session as well as the kiosk token', async () => {
  const noSession = await post('requests.retryNow', { body: '{}' });
  assert.equal(noSession.status, 403);
  assert.match(((await noSession.json()) as { error: { message: string } }).error.message, /Only a signed-in hall attendant can use requests\.retryNow/);
  assert.equal((await post('requests.retryNow', { body: '{}', headers: { [paths.attendantHeader]: 'expired-or-made-up' } })).status, 403);
  const withSession = await post('requests.retryNow', { body: '{}', headers: { [paths.attendantHeader]: 'live-attendant-session' } });
  assert.equal(withSession.status, 200);
  // The typed client sends the session only when one is there.
  const villager = createClient({ baseUrl: base, token });
  await assert.rejects(villager.call('requests.retryNow', {}), (e: RpcError) => e.status === 403);
  const staff = createClient({ baseUrl: base, token, attendantSession: () => 'live-attendant-session' });
  assert.deepEqual(await staff.call('requests.retryNow', {}), { ok: true, waiting: 3 });
  // Kiosk calls never need it.
  assert.equal((await villager.call('app.info', {})).kioskId, 'k1');
});
