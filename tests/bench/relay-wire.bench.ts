// Bytes on the wire per typical request: the real relay worker sends real requests through
// the fault proxy (pass-through only, counting every byte) to a real township process. HTTP
// bytes as they cross the socket: request line + headers + body, and the answer. (TCP/IP
// headers, ~52-66 bytes per packet, are not included.) Target: <= 1 KB per request.
//
// Typical requests: the six request types, a Chinese name on half of them, a household id on
// a third, as villagers fill them in.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/open.js';
import { createMemoryLogger } from '../../src/log/logger.js';
import { createRelayWorker } from '../../src/relay/worker.js';
import { createRequestStore } from '../../src/requests/store.js';
import { startFaultProxy } from '../support/fault-proxy.js';
import { startTownshipFor, typicalRequest } from '../support/relay-harness.js';
import { report, summarise } from './support/report.js';

const N = Number(process.env.BENCH_WIRE_N ?? 120);
const KIOSK_ID = 'hall-nandali-01';
const NAMES = ['王秀英', null, '李建国', null, '张桂兰', null];

const loop = await startTownshipFor(KIOSK_ID);
const proxy = await startFaultProxy({ target: { port: loop.township.port }, weights: { pass: 1 } });

async function send(n: number, batchThreshold: number): Promise<void> {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'wire-bench-')), 'kiosk.db'));
  const store = createRequestStore(db, { kioskId: KIOSK_ID });
  const worker = createRelayWorker({ db, kioskId: KIOSK_ID, townshipUrl: proxy.url, kioskToken: loop.token, log: createMemoryLogger(), batchThreshold });
  for (let i = 0; i < n; i++) {
    const input = typicalRequest(i, '');
    const r = store.submit({ contact: { ...input.contact, name: NAMES[i % NAMES.length]! }, payload: input.payload, relatedId: input.relatedId ?? null });
    if (!r.ok) throw new Error(r.message);
    if (batchThreshold > n) await worker.runOnce(); // one PUT per request, as when villagers arrive one by one
  }
  await worker.runOnce();
  const c = worker.outbox.counts();
  if (c.sent !== n) throw new Error(`only ${c.sent}/${n} sent`);
  await worker.stop();
  db.close();
}

try {
  // One by one (PUT per request).
  await send(N, 1_000_000);
  const puts = proxy.requestLog.filter((r) => r.method === 'PUT');
  if (puts.length !== N) throw new Error(`expected ${N} PUTs, saw ${puts.length}`);
  const up = summarise('relay-wire-put-request', 'bytes', puts.map((r) => r.bytes), { target: 1024, max: Math.max(...puts.map((r) => r.bytes)), headerBytesP50: summarise('', '', puts.map((r) => r.headerBytes)).p50, bodyBytesP50: summarise('', '', puts.map((r) => r.bodyBytes)).p50 });
  report({ ...up, ratio: up.p95! / 1024 });
  const down = puts.map((r) => r.responseBytes ?? 0);
  report(summarise('relay-wire-put-answer', 'bytes', down));
  const both = puts.map((r) => r.bytes + (r.responseBytes ?? 0));
  report(summarise('relay-wire-put-round-trip', 'bytes', both));

  // A backlog (batches of up to 50): bytes per request, both directions.
  const before = proxy.requestLog.length;
  await send(N * 5, 5);
  const batches = proxy.requestLog.slice(before).filter((r) => r.method === 'POST');
  const items = N * 5;
  const upBytes = batches.reduce((s, r) => s + r.bytes, 0);
  const downBytes = batches.reduce((s, r) => s + (r.responseBytes ?? 0), 0);
  report({ bench: 'relay-wire-batch-per-request', unit: 'bytes', value: upBytes / items, n: items, calls: batches.length, answerBytesPerRequest: downBytes / items, target: 1024, ratio: upBytes / items / 1024 });
} finally {
  await proxy.close();
  await loop.township.stop();
}
