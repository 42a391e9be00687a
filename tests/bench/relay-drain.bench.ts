// Draining a backlog: 10,000 queued requests on a real kiosk database file, sent by the real
// relay worker (src/relay/worker.ts, batch endpoint, WAL + synchronous=FULL on both sides) to
// a real township server process on this machine. Figure: requests/s (target >= 1,000).
// Also the same worker with batching off (one PUT per request) on a smaller backlog.
//
// BENCH_DRAIN_N (default 10000), BENCH_DRAIN_SINGLE_N (default 1000).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/open.js';
import { createMemoryLogger } from '../../src/log/logger.js';
import { createRelayWorker } from '../../src/relay/worker.js';
import { createRequestStore } from '../../src/requests/store.js';
import { startTownshipFor, townshipRows, typicalRequest } from '../support/relay-harness.js';
import { report } from './support/report.js';

const N = Number(process.env.BENCH_DRAIN_N ?? 10_000);
const N_SINGLE = Number(process.env.BENCH_DRAIN_SINGLE_N ?? 1_000);
const KIOSK_ID = 'bench-drain';

const loop = await startTownshipFor(KIOSK_ID);

/** A kiosk database holding n queued requests (filled fast; the drain is what is measured). */
function backlog(n: number): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'drain-bench-')), 'kiosk.db');
  const db = openDatabase(file);
  db.pragma('synchronous = OFF'); // filling only
  const store = createRequestStore(db, { kioskId: KIOSK_ID });
  for (let i = 0; i < n; i++) {
    const input = typicalRequest(i, `drain-${i}`);
    const r = store.submit({ contact: input.contact, payload: input.payload, relatedId: input.relatedId ?? null });
    if (!r.ok) throw new Error(r.message);
  }
  db.close();
  return file;
}

interface DrainResult {
  ms: number;
  calls: number;
  perCallMs: number[];
  /** Where the time went: waiting for the township's HTTP answers, and the kiosk's due() query. */
  httpMs: number;
  dueQueryMs: number;
}

async function drain(file: string, n: number, batchThreshold: number): Promise<DrainResult> {
  const db = openDatabase(file); // WAL + synchronous=FULL, as the kiosk runs
  let httpMs = 0;
  const timedFetch: typeof fetch = async (input, init) => {
    const t = performance.now();
    const res = await fetch(input, init);
    const text = await res.text();
    httpMs += performance.now() - t;
    return new Response(text, { status: res.status, headers: res.headers });
  };
  const worker = createRelayWorker({ db, kioskId: KIOSK_ID, townshipUrl: loop.township.url, kioskToken: loop.token, log: createMemoryLogger(), batchThreshold, fetch: timedFetch });
  // Measurement only: time spent in the outbox's due() query (same object the worker uses).
  let dueQueryMs = 0;
  const due = worker.outbox.due.bind(worker.outbox);
  worker.outbox.due = (nowMs, limit) => {
    const t = performance.now();
    const r = due(nowMs, limit);
    dueQueryMs += performance.now() - t;
    return r;
  };
  const before = townshipRows(loop.township).length;
  const t0 = performance.now();
  let calls = 0;
  const perCallMs: number[] = [];
  for (let pass = 0; pass < 50 && worker.outbox.counts().queued > 0; pass++) {
    const p0 = performance.now();
    const s = await worker.runOnce();
    calls += s.calls;
    if (s.calls) perCallMs.push((performance.now() - p0) / s.calls);
  }
  const ms = performance.now() - t0;
  const c = worker.outbox.counts();
  await worker.stop();
  db.close();
  const delivered = townshipRows(loop.township).length - before;
  if (c.sent !== n || delivered !== n) throw new Error(`drain incomplete: kiosk sent ${c.sent}/${n}, township got ${delivered}, counts ${JSON.stringify(c)}`);
  return { ms, calls, perCallMs, httpMs, dueQueryMs };
}

try {
  const file = backlog(N);
  const batched = await drain(file, N, 5);
  report({ bench: 'relay-drain-batch', unit: 'req/s', value: (N / batched.ms) * 1000, n: N, seconds: batched.ms / 1000, calls: batched.calls, townshipHttpSeconds: batched.httpMs / 1000, kioskDueQuerySeconds: batched.dueQueryMs / 1000, target: 1000, ratio: (N / batched.ms) * 1000 / 1000 });

  const fileSingle = backlog(N_SINGLE);
  const single = await drain(fileSingle, N_SINGLE, 1_000_000);
  report({ bench: 'relay-drain-single-put', unit: 'req/s', value: (N_SINGLE / single.ms) * 1000, n: N_SINGLE, seconds: single.ms / 1000, calls: single.calls, townshipHttpSeconds: single.httpMs / 1000, kioskDueQuerySeconds: single.dueQueryMs / 1000, ratio: (N_SINGLE / single.ms) / (N / batched.ms) });
} finally {
  await loop.township.stop();
}
