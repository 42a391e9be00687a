// No scan is lost while a screen connects (issue 8 item 11), through the real loopback
// server and real HTTP event streams: a scan routed while no screen is connected is handed to
// the next screen that connects; a screen that reconnects (Last-Event-ID) gets exactly the
// scans it missed; held scans expire after the hold time. Also: one shared stream per client.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { paths, type Handlers } from '#contract/index.js';
import { createClient, type EventSourceLike } from '#contract/client.js';
import type { ScanRoutedEvent } from '#contract/devices.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { newSessionToken } from '#src/rpc/guards.js';
import { startRpcServer, type RpcServer } from '#src/rpc/server.js';

const token = newSessionToken();
const bus = createEventBus();
let server: RpcServer;
const HOLD_MS = 1500;

before(async () => {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-ui-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  server = await startRpcServer({ handlers: {} as Handlers, bus, log: createMemoryLogger(), token, rendererDir, port: 0, snapshot: () => [], scanHoldMs: HOLD_MS });
});
after(() => server.close());

let n = 0;
function scan(): ScanRoutedEvent {
  const e: ScanRoutedEvent = { id: `scan-${++n}`, source: 'test', route: { kind: 'receipt', code: 'ACDE-FGHJ' }, preview: 'VKR:ACDE-FGHJ', at: new Date().toISOString(), atMs: Date.now() };
  bus.emit('scanRouted', e);
  return e;
}

interface Stream {
  scans: Array<{ id: string | null; scan: ScanRoutedEvent }>;
  connected: Promise<void>;
  close(): void;
}

/** A raw SSE reader (so the test can send Last-Event-ID as a reconnecting EventSource does). */
function connect(lastEventId?: string): Stream {
  const scans: Stream['scans'] = [];
  let req!: http.ClientRequest;
  const connected = new Promise<void>((resolve, reject) => {
    const url = `${server.url.replace(/\/$/, '')}${paths.events}?${paths.tokenQuery}=${encodeURIComponent(token)}`;
    req = http.get(url, { headers: lastEventId ? { 'last-event-id': lastEventId } : {} }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        if (buf.includes(': connected')) resolve();
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const field = (k: string) => block.split('\n').find((l) => l.startsWith(`${k}: `))?.slice(k.length + 2) ?? null;
          if (field('event') === 'scanRouted') scans.push({ id: field('id'), scan: JSON.parse(field('data')!) as ScanRoutedEvent });
        }
      });
    });
    req.on('error', reject);
  });
  return { scans, connected, close: () => req.destroy() };
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('a scan routed while no screen is connected goes to the next screen that connects, once', async () => {
  const lost = scan(); // the page is still loading: no stream yet
  const s = connect();
  await s.connected;
  await until(() => s.scans.length === 1);
  assert.equal(s.scans[0]!.scan.id, lost.id);
  const live = scan();
  await until(() => s.scans.length === 2);
  assert.equal(s.scans[1]!.scan.id, live.id);
  s.close();
  // A second fresh screen does not get scans the first one already received.
  const t = connect();
  await t.connected;
  const marker = scan();
  await until(() => t.scans.length >= 1);
  assert.deepEqual(
    t.scans.map((x) => x.scan.id),
    [marker.id],
  );
  t.close();
});

test('a screen that reconnects with Last-Event-ID gets exactly the scans made during the reconnect', async () => {
  const s = connect();
  await s.connected;
  const before = scan();
  await until(() => s.scans.length === 1);
  const lastId = s.scans[0]!.id!;
  assert.match(lastId, /^\d+$/);
  s.close();
  await new Promise((r) => setTimeout(r, 50));
  const during1 = scan();
  const during2 = scan();
  const again = connect(lastId);
  await again.connected;
  await until(() => again.scans.length === 2);
  assert.deepEqual(
    again.scans.map((x) => x.scan.id),
    [during1.id, during2.id],
  );
  assert.ok(!again.scans.some((x) => x.scan.id === before.id));
  again.close();
});

test('held scans expire after the hold time', async () => {
  scan();
  await new Promise((r) => setTimeout(r, HOLD_MS + 200));
  const s = connect();
  await s.connected;
  const fresh = scan();
  await until(() => s.scans.length >= 1);
  assert.deepEqual(
    s.scans.map((x) => x.scan.id),
    [fresh.id],
  );
  s.close();
});

test('the client keeps one event stream however many parts of the screen subscribe', () => {
  const made: string[] = [];
  const closed: string[] = [];
  const fake = (u: string): EventSourceLike => {
    made.push(u);
    return { addEventListener: () => undefined, close: () => closed.push(u), onerror: null, onopen: null };
  };
  const client = createClient({ baseUrl: 'http://127.0.0.1:1', token: 't', eventSource: fake });
  const off1 = client.subscribe({ scanRouted: () => undefined });
  const off2 = client.subscribe({ linkStatus: () => undefined });
  assert.equal(made.length, 1);
  off1();
  assert.equal(closed.length, 0, 'still in use');
  off2();
  assert.equal(closed.length, 1);
});
