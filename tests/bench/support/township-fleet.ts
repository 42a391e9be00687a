// The township side of the load bench (township-load.bench.ts): one store and the township
// processes serving it, as children (src/township/cli.ts via tsx) with their open-file limit
// raised.
//   sqlite:   a data directory with township.db, ONE process (SQLite has one writer);
//   postgres: a fresh database on BENCH_DATABASE_URL's server (created here, dropped at
//             cleanup), TWO processes on it, each with its own data directory (logs) and both
//             with the same signing key file (TOWNSHIP_SIGNING_KEY_FILE, docs/township-postgres.md).
// The children inherit the bench's environment, so TOWNSHIP_* settings given on the command
// line (e.g. TOWNSHIP_MAX_WORK_IN_FLIGHT) reach every process. BENCH_TOWNSHIP_NODE_ARGS adds
// node options to each of them (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them;
// Node refuses those in NODE_OPTIONS).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '#src/log/logger.js';
import { sha256Hex } from '#protocol/signing.js';
import { loadOrCreateSigningKey } from '#src/township/keys.js';
import { seedSampleContent } from '#src/township/seed.js';
import { openTownshipStore } from '#src/township/store/open-store.js';
import type { SqlStore } from '#src/township/store/sql-store.js';
import { withAdminClient } from '../../support/pg-test-db.js';

export type BenchStore = 'sqlite' | 'postgres';
export const FD_LIMIT = 200_000;
const root = path.resolve(import.meta.dirname, '../../..');

export interface TownshipProcess {
  child: ChildProcess;
  pid: number;
  port: number;
}

export interface Fleet {
  store: BenchStore;
  /** How many township processes serve the store (sqlite 1, postgres 2). */
  processCount: number;
  /** The data directory (sqlite: the store; postgres: the shared signing key, each process's logs). */
  dir: string;
  /** A connection of the bench's own to the same store (to count requests, read cursors). */
  openStore(): Promise<SqlStore>;
  /** Starts processCount township processes; resolves when every one listens. */
  start(): Promise<TownshipProcess[]>;
  stop(ps: TownshipProcess[]): Promise<void>;
  cleanup(): Promise<void>;
}

const admin = withAdminClient;

/** Creates the store, seeds sample content and `kiosks` kiosks (k0, k1, …); returns their tokens. */
export async function createFleet(store: BenchStore, kiosks: number): Promise<{ fleet: Fleet; tokens: string[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'township-load-'));
  let databaseUrl: string | undefined;
  let dropDb = async () => {};
  if (store === 'postgres') {
    const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://kiosk@127.0.0.1:55433/postgres';
    const name = `loadbench_${randomBytes(5).toString('hex')}`;
    await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = () => admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
  }
  const openStore = (): Promise<SqlStore> => openTownshipStore({ dataDir: dir, databaseUrl }, createMemoryLogger());
  const keyFile = path.join(dir, 'signing-key.pem');
  loadOrCreateSigningKey(dir); // sqlite: the process's own; postgres: the one file both processes are given
  const tokens: string[] = [];
  {
    const s = await openStore();
    await seedSampleContent(s, new Date());
    // Tokens as issueKioskToken (src/township/kiosks.ts) stores them (sha256 of the token), in
    // multi-row INSERTs inside one transaction: 100,000 single inserts would take minutes.
    const at = new Date().toISOString();
    await s.tx(async (q) => {
      for (let from = 0; from < kiosks; from += 500) {
        const rows: unknown[] = [];
        const n = Math.min(500, kiosks - from);
        for (let i = from; i < from + n; i++) {
          const token = 'kt_' + randomBytes(24).toString('base64url');
          tokens.push(token);
          rows.push(`k${i}`, '', sha256Hex(token), at);
        }
        await q.run(`INSERT INTO kiosks(kiosk_id, village, token_sha256, issued_at) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?)').join(', ')}`, rows);
      }
    }, { immediate: true });
    await s.close();
  }
  const processCount = store === 'postgres' ? 2 : 1;
  // A bench that fails or is interrupted takes its townships with it.
  const children = new Set<ChildProcess>();
  process.once('exit', () => {
    children.forEach((c) => c.kill('SIGKILL'));
    rmSync(dir, { recursive: true, force: true }); // (a PostgreSQL database left by a failed run is named loadbench_*)
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));
  const startOne = (i: number): Promise<TownshipProcess> => {
    const dataDir = store === 'postgres' ? path.join(dir, `p${i}`) : dir;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const env: NodeJS.ProcessEnv = { ...process.env, TOWNSHIP_DATA_DIR: dataDir, TOWNSHIP_PORT: '0', TOWNSHIP_MAX_CONNECTIONS_PER_ADDRESS: '100000', TOWNSHIP_MAX_CONNECTIONS: '150000' };
    if (databaseUrl) Object.assign(env, { TOWNSHIP_DATABASE_URL: databaseUrl, TOWNSHIP_SIGNING_KEY_FILE: keyFile });
    const child = spawn('sh', ['-c', `ulimit -Hn ${FD_LIMIT} 2>/dev/null; ulimit -n ${FD_LIMIT} 2>/dev/null || ulimit -n $(ulimit -Hn); exec "$0" $BENCH_TOWNSHIP_NODE_ARGS --import tsx src/township/cli.ts`, process.execPath], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /Township ready at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) resolve({ child, pid: child.pid!, port: Number(m[1]) });
      });
      child.once('exit', (code) => reject(new Error(`township exited (${code}): ${out}`)));
    });
  };
  const fleet: Fleet = {
    store,
    processCount,
    dir,
    openStore,
    // One after the other: on an empty PostgreSQL database the first migrates (the second would wait anyway).
    async start() {
      const ps: TownshipProcess[] = [];
      for (let i = 0; i < processCount; i++) ps.push(await startOne(i));
      return ps;
    },
    async stop(ps) {
      await Promise.all(ps.map((p) => new Promise((r) => {
        if (p.child.exitCode !== null) return r(undefined);
        p.child.once('exit', r);
        p.child.kill('SIGTERM');
      })));
    },
    async cleanup() {
      await dropDb();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { fleet, tokens };
}

export const rssKb = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
/** CPU time (user + system) of a process, ms. */
export const cpuMs = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, clock ticks of 10 ms
};
/** The whole machine's CPU: busy and total jiffies (every process, PostgreSQL and the hog included). */
export const machineCpu = (): { busy: number; total: number } => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - (f[4] ?? 0), total };
};
