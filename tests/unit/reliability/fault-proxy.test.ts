// The fault proxy itself: each fault does what it says to a real HTTP server behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom, startFaultProxy, type Fault } from '../../support/fault-proxy.js';

async function upstreamServer() {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(body);
      const chunked = req.url === '/chunked';
      const text = JSON.stringify({ echo: body, pad: 'x'.repeat(200) });
      if (chunked) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(text.slice(0, 50));
        res.end(text.slice(50));
      } else res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, received };
}

async function send(url: string, body: string): Promise<{ status: number; text: string; retryAfter: string | null } | { error: string }> {
  try {
    const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const text = await res.text();
    return { status: res.status, text, retryAfter: res.headers.get('retry-after') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

test('each fault reaches (or does not reach) the upstream and the client as documented', async () => {
  const up = await upstreamServer();
  const proxy = await startFaultProxy({ target: { port: up.port }, latencyMs: 300, retryAfterSeconds: 7 });
  try {
    const run = async (fault: Fault, path = '/x') => {
      proxy.forceNext(fault);
      const before = up.received.length;
      const t0 = performance.now();
      const r = await send(proxy.url + path, `{"f":"${fault}"}`);
      return { r, reached: up.received.length - before, ms: performance.now() - t0 };
    };

    const pass = await run('pass');
    assert.equal(pass.reached, 1);
    assert.ok('status' in pass.r && pass.r.status === 201 && JSON.parse(pass.r.text).echo === '{"f":"pass"}');

    const chunked = await run('pass', '/chunked');
    assert.ok('status' in chunked.r && chunked.r.status === 200 && JSON.parse(chunked.r.text).echo === '{"f":"pass"}', JSON.stringify(chunked.r));

    const drop = await run('drop');
    assert.equal(drop.reached, 0);
    assert.ok('error' in drop.r, 'a dropped request fails on the client');

    const s503 = await run('status503');
    assert.equal(s503.reached, 0);
    assert.ok('status' in s503.r && s503.r.status === 503 && s503.r.retryAfter === '7');

    const s500 = await run('status500');
    assert.equal(s500.reached, 1, 'a 500 after forwarding: the upstream stored it');
    assert.ok('status' in s500.r && s500.r.status === 500);

    const reset = await run('reset');
    assert.equal(reset.reached, 1);
    assert.ok('error' in reset.r, `a reset fails on the client: ${JSON.stringify(reset.r)}`);

    const trunc = await run('truncate');
    assert.equal(trunc.reached, 1);
    assert.ok('error' in trunc.r, `a truncated answer fails on the client: ${JSON.stringify(trunc.r)}`);

    const slow = await run('latency');
    assert.equal(slow.reached, 1);
    assert.ok('status' in slow.r && slow.r.status === 201);
    assert.ok(slow.ms >= 290, `latency was ${slow.ms} ms`);

    const c = proxy.counts();
    assert.deepEqual(
      { pass: c.pass, drop: c.drop, reset: c.reset, latency: c.latency, status503: c.status503, status500: c.status500, truncate: c.truncate, requests: c.requests, forwarded: c.forwarded },
      { pass: 2, drop: 1, reset: 1, latency: 1, status503: 1, status500: 1, truncate: 1, requests: 8, forwarded: 6 },
    );
    const rec = proxy.requestLog[0]!;
    assert.equal(rec.method, 'POST');
    assert.equal(rec.bodyBytes, Buffer.byteLength('{"f":"pass"}'));
    assert.equal(rec.bytes, rec.headerBytes + rec.bodyBytes);
    assert.ok(c.bytesFromClient >= proxy.requestLog.reduce((s, r) => s + r.bytes, 0));
  } finally {
    await proxy.close();
    up.server.closeAllConnections();
    await new Promise<void>((r) => up.server.close(() => r()));
  }
});

test('the same seed gives the same faults; weights shape the mix', async () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 20 }, () => a());
  assert.deepEqual(xs, Array.from({ length: 20 }, () => b()));
  assert.notDeepEqual(xs, Array.from({ length: 20 }, seededRandom(43)));
  assert.ok(xs.every((x) => x >= 0 && x < 1));

  const up = await upstreamServer();
  const proxy = await startFaultProxy({ target: { port: up.port }, seed: 7, weights: { pass: 3, status503: 1 } });
  try {
    for (let i = 0; i < 80; i++) await send(proxy.url + '/y', '{}');
    const c = proxy.counts();
    assert.equal(c.pass + c.status503, 80);
    assert.equal(up.received.length, c.pass);
    assert.ok(c.status503 > 5 && c.status503 < 40, `503s: ${c.status503}`);
  } finally {
    await proxy.close();
    up.server.closeAllConnections();
    await new Promise<void>((r) => up.server.close(() => r()));
  }
});
