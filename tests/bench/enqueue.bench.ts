// Durable enqueue latency: the real submit (src/requests/store.ts: request + outbox row in
// one transaction, validated, hashed) on a real database file opened by src/db/open.ts (WAL,
// synchronous=FULL), against a bare durable SQLite insert of the same request body with the
// same pragmas, in the same directory, in the same run. Interleaved in blocks so disk
// behaviour drifts equally on both. Also: the whole RPC round trip (requests.submit over
// HTTP to the built kiosk process), which is what the villager's screen waits for.
//
// BENCH_N (default 400) samples each; BENCH_DIR picks the disk (default: the OS temp dir).
import Database from 'better-sqlite3';
import { mkdtempSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/open.js';
import { createRequestStore } from '../../src/requests/store.js';
import { kioskClient, startKioskWith, typicalRequest } from '../support/relay-harness.js';
import { report, summarise } from './support/report.js';

const N = Number(process.env.BENCH_N ?? 400);
const BLOCK = 20;
const base = mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'enqueue-bench-'));
const fsType = (() => {
  try {
    return `0x${statfsSync(base).type.toString(16)}`;
  } catch {
    return 'unknown';
  }
})();

const db = openDatabase(path.join(base, 'kiosk.db'));
const store = createRequestStore(db, { kioskId: 'bench-kiosk' });

const bare = new Database(path.join(base, 'bare.db'));
bare.pragma('journal_mode = WAL');
bare.pragma('synchronous = FULL');
bare.exec('CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT');
const bareInsert = bare.prepare('INSERT INTO t (id, body) VALUES (?, ?)');
const sampleBody = JSON.stringify({ ...typicalRequest(1, 'bench'), id: '0192f3a4-0000-7000-8000-000000000000', sha256: 'f'.repeat(64) });

const submitMs: number[] = [];
const bareMs: number[] = [];
let seq = 0;
function submitOnce(record: boolean): void {
  const input = typicalRequest(seq, `bench-${seq}`);
  seq++;
  const t0 = performance.now();
  const r = store.submit({ contact: input.contact, payload: input.payload, relatedId: input.relatedId ?? null });
  const dt = performance.now() - t0;
  if (!r.ok) throw new Error(`submit failed: ${r.message}`);
  if (record) submitMs.push(dt);
}
function bareOnce(record: boolean): void {
  const t0 = performance.now();
  bareInsert.run(`bare-${seq++}`, sampleBody); // autocommit: one durable transaction
  const dt = performance.now() - t0;
  if (record) bareMs.push(dt);
}

for (let i = 0; i < 20; i++) {
  submitOnce(false);
  bareOnce(false);
}
for (let done = 0; done < N; done += BLOCK) {
  for (let i = 0; i < BLOCK; i++) submitOnce(true);
  for (let i = 0; i < BLOCK; i++) bareOnce(true);
}
db.close();
bare.close();

const s = summarise('enqueue-durable', 'ms', submitMs, { dir: base, fsType, journal: 'wal', synchronous: 'full' });
const b = summarise('enqueue-bare-insert', 'ms', bareMs, { dir: base, fsType });
report(b);
report({ ...s, ratio: s.p50! / b.p50!, ratioP95: s.p95! / b.p95! });

// The RPC round trip on the built kiosk (no township configured: the request stays queued).
const kiosk = await startKioskWith({ KIOSK_LOG_LEVEL: 'warn' }, { dataDir: path.join(base, 'kiosk-rpc') });
try {
  const client = await kioskClient(kiosk);
  const rpcMs: number[] = [];
  for (let i = 0; i < N + 20; i++) {
    const t0 = performance.now();
    const r = await client.call('requests.submit', typicalRequest(i, `rpc-${i}`));
    const dt = performance.now() - t0;
    if (!r.ok) throw new Error(`submit failed: ${r.message}`);
    if (i >= 20) rpcMs.push(dt);
  }
  const r = summarise('enqueue-rpc-round-trip', 'ms', rpcMs, { dir: base, fsType });
  report({ ...r, ratio: r.p50! / b.p50! });
} finally {
  await kiosk.stop();
}
