// Open-file exhaustion is logged, not silent, and does not crash the server: a township child
// process started under a low `ulimit -n` is given more connections than it has descriptors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../support/kiosk-process.js';

test('EMFILE on accept is logged as open-files-exhausted and the server keeps serving', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'township-nofile-'));
  const child = spawn('sh', ['-c', 'ulimit -n 256 && exec "$0" --import tsx src/township/cli.ts', process.execPath], {
    cwd: repoRoot,
    env: { ...process.env, TOWNSHIP_DATA_DIR: dir, TOWNSHIP_PORT: '0', TOWNSHIP_MAX_CONNECTIONS_PER_ADDRESS: '5000', TOWNSHIP_MAX_CONNECTIONS: '5000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sockets: net.Socket[] = [];
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /Township ready at (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.stderr.on('data', (b: Buffer) => (out += b.toString()));
      child.once('exit', (code) => reject(new Error(`township exited (${code}): ${out}`)));
    });
    const port = Number(new URL(url).port);
    // 400 connections against 256 descriptors.
    await Promise.all(
      Array.from({ length: 400 }, () => new Promise<void>((r) => {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => r());
        s.on('connect', () => r());
        sockets.push(s);
      })),
    );
    const logFile = path.join(dir, 'logs', 'township.log');
    const deadline = Date.now() + 20_000;
    let log = '';
    while (Date.now() < deadline) {
      log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (log.includes('open-files-exhausted')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(log, /"event":"open-files-exhausted"/);
    assert.match(log, /"limit":256/);
    for (const s of sockets) s.destroy();
    // Still alive and serving once descriptors are free again.
    const until = Date.now() + 20_000;
    let status = 0;
    while (Date.now() < until) {
      status = await fetch(url + 'healthz').then((r) => r.status, () => 0);
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
    assert.equal(child.exitCode, null, 'the township did not crash');
  } finally {
    for (const s of sockets) s.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('connections beyond http.maxConnections are logged as connections-dropped', async () => {
  const { startTestTownship } = await import('./helpers.js');
  const tw = await startTestTownship({ http: { port: 0, maxConnections: 3 } });
  const sockets: net.Socket[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const s = net.connect(tw.port, '127.0.0.1');
      s.on('error', () => {});
      sockets.push(s);
    }
    const records = (tw.log as unknown as { records: Array<{ event: string; maxConnections?: number }> }).records;
    const deadline = Date.now() + 10_000;
    while (!records.some((r) => r.event === 'connections-dropped') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const line = records.find((r) => r.event === 'connections-dropped');
    assert.ok(line, 'the drop is logged');
    assert.equal(line.maxConnections, 3);
  } finally {
    for (const s of sockets) s.destroy();
    await tw.cleanup();
  }
});
