// The enrolment code is checked with the township in it, over real HTTP: the same signing key
// on /healthz, and the kiosk token accepted for this kiosk id; anything else is refused.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { checkEnrolmentWithTownship } from '#src/settings/enrolment-check.js';

const KEY = 'A'.repeat(43) + '=';
const TOKEN = 'kt_abcdefghijklmnopqrstuvwx';

/** A township stand-in: /healthz with `key`; the feed accepts TOKEN for kiosk "k-1" only. */
async function township(key = KEY): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, publicKey: key }));
    const m = /^\/v1\/kiosks\/([^/]+)\/changes\?limit=1$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('{}');
    if (m[1] !== 'k-1') return void res.writeHead(403).end('{}');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, seen };
}

test('a real code is confirmed; the token goes only to the feed, as a bearer token', async () => {
  const tw = await township();
  try {
    assert.deepEqual(await checkEnrolmentWithTownship({ kioskId: 'k-1', token: TOKEN, publicKey: KEY, url: tw.url }), { ok: true });
    assert.deepEqual(tw.seen, ['GET /healthz ', `GET /v1/kiosks/k-1/changes?limit=1 Bearer ${TOKEN}`]);
  } finally {
    tw.server.close();
  }
});

test('an invented token, another kiosk’s token, another township’s key and no township at all are refused in plain words', async () => {
  const tw = await township();
  try {
    const forged = await checkEnrolmentWithTownship({ kioskId: 'k-1', token: 'kt_invented_invented_invented', publicKey: KEY, url: tw.url });
    assert.deepEqual(forged, { ok: false, message: `the township at ${tw.url} does not know this kiosk token (replaced by a newer code, revoked, or not issued there); print a new code; nothing was changed` });
    const other = await checkEnrolmentWithTownship({ kioskId: 'k-2', token: TOKEN, publicKey: KEY, url: tw.url });
    assert.equal(!other.ok && other.message, `the township at ${tw.url} issued this token to another kiosk than k-2; nothing was changed`);
    const key = await checkEnrolmentWithTownship({ kioskId: 'k-1', token: TOKEN, publicKey: 'B'.repeat(43) + '=', url: tw.url });
    assert.equal(!key.ok && key.message, `the township at ${tw.url} signs with another key than the code says, so the code was not printed by this township; nothing was changed`);
    assert.equal(tw.seen.filter((l) => l.includes(TOKEN) && l.includes('k-1')).length, 0, 'with the wrong key the token is not sent');
  } finally {
    tw.server.close();
  }
  const gone = await checkEnrolmentWithTownship({ kioskId: 'k-1', token: TOKEN, publicKey: KEY, url: tw.url });
  assert.equal(gone.ok, false);
  assert.match(!gone.ok ? gone.message : '', /^could not reach the township at http:\/\/127\.0\.0\.1:\d+\/ to check the code \(.+\); check the kiosk's network and scan the code again$/);
});
