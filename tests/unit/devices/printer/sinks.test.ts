import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, constants as C, mkdtempSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createManagedPrinter } from '#src/devices/printer/driver.js';
import { encodeBlocks } from '#src/devices/printer/escpos.js';
import { createStateFilePrinter, MemoryPrinter, printedJobsFile, writeFakeState } from '#src/devices/printer/fakes.js';
import { createCupsPrinter } from '#src/devices/printer/sink-cups.js';
import { createDevicePrinter } from '#src/devices/printer/sink-device.js';
import { createTcpPrinter } from '#src/devices/printer/sink-tcp.js';
import type { Printer, PrinterStatus } from '#src/devices/printer/types.js';
import type { Logger } from '#src/log/logger.js';
import { PAPER } from '#src/devices/printer/layout.js';
import { receiptBlocks } from '#src/devices/printer/receipt.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { sampleReceipt } from '#tests/fixtures/printer/receipt-data.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'printer-sinks-'));
const receipt = encodeBlocks(receiptBlocks(sampleReceipt(), 'zh-CN'), PAPER[58]);
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet, close() {} };

// ---- TCP 9100 ---------------------------------------------------------------------------
/** A printer on a real socket: answers DLE EOT from `answers`, keeps everything else as the job. */
async function fakeNetworkPrinter(answers: { 1: number | null; 2: number | null; 4: number | null }) {
  const jobs: Buffer[] = [];
  const queries: number[] = [];
  const counts = { connections: 0, finished: 0 };
  const waiters = new Set<() => void>();
  const changed = () => waiters.forEach((w) => w());
  const server = net.createServer((sock) => {
    counts.connections++;
    let job: number[] = [];
    let carry: number[] = [];
    sock.on('data', (d: Buffer) => {
      const bytes = [...carry, ...d];
      carry = [];
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0x10 && i + 2 >= bytes.length) {
          carry = bytes.slice(i);
          break;
        }
        if (bytes[i] === 0x10 && bytes[i + 1] === 0x04) {
          const n = bytes[i + 2] as 1 | 2 | 4;
          queries.push(n);
          const a = answers[n];
          if (a !== null) sock.write(Buffer.from([a]));
          i += 2;
        } else job.push(bytes[i]!);
      }
    });
    sock.on('end', () => {
      if (job.length) jobs.push(Buffer.from(job));
      job = [];
      sock.end();
      counts.finished++;
      changed();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  /** Resolves once the printer has seen `n` connections through to their end (a positive signal, not a sleep). */
  const finished = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => (waiters.delete(check), reject(new Error(`only ${counts.finished} of ${n} connections finished within 5 s`))), 5000);
      const check = () => {
        if (counts.finished < n) return;
        clearTimeout(t);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { port, jobs, queries, answers, counts, finished, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('TCP 9100: status through DLE EOT 1, 2, 4 and a receipt that arrives byte for byte', async () => {
  const p = await fakeNetworkPrinter({ 1: 0x12, 2: 0x12, 4: 0x12 });
  try {
    const printer = createTcpPrinter({ host: '127.0.0.1', port: p.port, timeoutMs: 500 });
    assert.deepEqual(await printer.status(), { state: 'connected' });
    assert.deepEqual(p.queries, [1, 2, 4]);
    assert.deepEqual(await printer.print(receipt), { ok: true });
    await p.finished(2); // the status check's connection and the job's
    assert.equal(p.jobs.length, 1);
    assert.ok(p.jobs[0]!.equals(receipt));
    assert.equal(parseEscPos(p.jobs[0]!).qrs[0]!.payload, 'VKR:7KQ3-MX4P');
  } finally {
    await p.close();
  }
});

test('TCP 9100: paper out refuses the job (nothing sent); cover open; near end still prints', async () => {
  const p = await fakeNetworkPrinter({ 1: 0x1a, 2: 0x32, 4: 0x72 });
  try {
    const printer = createTcpPrinter({ host: '127.0.0.1', port: p.port, timeoutMs: 500 });
    assert.deepEqual(await printer.status(), { state: 'paper-out' });
    const r = await printer.print(receipt);
    assert.equal(r.ok, false);
    assert.equal((r).reason, 'paper-out');
    p.answers[2] = 0x16;
    p.answers[4] = 0x12;
    assert.equal((await printer.status()).state, 'cover-open');
    p.answers[1] = 0x12;
    p.answers[2] = 0x12;
    p.answers[4] = 0x1e;
    assert.equal((await printer.status()).state, 'paper-near-end');
    assert.deepEqual(await printer.print(receipt), { ok: true });
    // Every connection (3 status checks, the refused job, the job) has ended on the printer's side,
    // so a byte of the refused job would have shown up by now.
    await p.finished(5);
    assert.equal(p.counts.connections, 5);
    assert.equal(p.jobs.length, 1, 'only the job after the paper came back was sent');
    assert.ok(p.jobs[0]!.equals(receipt));
  } finally {
    await p.close();
  }
});

test('TCP 9100: a printer that never answers DLE EOT still prints; a closed port is disconnected', async () => {
  const p = await fakeNetworkPrinter({ 1: null, 2: null, 4: null });
  const port = p.port;
  try {
    const printer = createTcpPrinter({ host: '127.0.0.1', port, timeoutMs: 150 });
    assert.equal((await printer.status()).state, 'connected');
    assert.deepEqual(await printer.print(receipt), { ok: true });
  } finally {
    await p.close();
  }
  const gone = createTcpPrinter({ host: '127.0.0.1', port, timeoutMs: 300 });
  const st = await gone.status();
  assert.equal(st.state, 'disconnected');
  assert.match((st as { reason?: string }).reason ?? '', /ECONNREFUSED/);
  const r = await gone.print(receipt);
  assert.deepEqual({ ok: r.ok, reason: (r as { reason?: string }).reason }, { ok: false, reason: 'disconnected' });
});

// ---- device file ---------------------------------------------------------------------------
test('device file: a regular file receives the exact bytes; a missing device is disconnected', async () => {
  const file = path.join(dir, 'lp0');
  writeFileSync(file, '');
  const printer = createDevicePrinter({ path: file });
  assert.equal((await printer.status()).state, 'connected');
  assert.deepEqual(await printer.print(receipt), { ok: true });
  assert.ok(readFileSync(file).equals(receipt), 'no status queries are written into a plain file');
  const missing = createDevicePrinter({ path: path.join(dir, 'no-such-lp') });
  assert.equal((await missing.status()).state, 'disconnected');
  const r = await missing.print(receipt);
  assert.deepEqual({ ok: r.ok, reason: (r as { reason?: string }).reason }, { ok: false, reason: 'disconnected' });
});

test('device file: a FIFO without a reader is disconnected; with a reader the job goes through', async () => {
  const fifo = path.join(dir, 'lp-fifo');
  execFileSync('mkfifo', [fifo]);
  const printer = createDevicePrinter({ path: fifo });
  assert.equal((await printer.status()).state, 'disconnected');
  // The reader opens read-write and non-blocking: on Linux that needs no writer, so the reader
  // is in place before the job starts (no sleep), and reading never waits.
  const fd = openSync(fifo, C.O_RDWR | C.O_NONBLOCK);
  try {
    assert.deepEqual(await printer.print(receipt), { ok: true });
    // The job has been written (it fits in the pipe's buffer): read back exactly what is there.
    const chunks: Buffer[] = [];
    for (;;) {
      const buf = Buffer.alloc(65536);
      let n = 0;
      try {
        n = readSync(fd, buf);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
    }
    assert.ok(Buffer.concat(chunks).equals(receipt));
  } finally {
    closeSync(fd);
  }
});

// ---- CUPS ----------------------------------------------------------------------------------
test('CUPS: `lp -d QUEUE -o raw` gets the bytes on stdin; a failing lp and a missing lp are errors', async () => {
  const bin = mkdtempSync(path.join(dir, 'bin-'));
  const lp = path.join(bin, 'lp');
  writeFileSync(lp, `#!/bin/sh\nprintf '%s\\n' "$@" > "${bin}/args"\ncat > "${bin}/stdin"\nif [ -n "$FAKE_LP_FAIL" ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi\necho "request id is kiosk-1 (1 file(s))"\n`);
  chmodSync(lp, 0o755);
  const oldPath = process.env.PATH;
  process.env.PATH = `${bin}:${oldPath}`;
  try {
    const printer = createCupsPrinter({ queue: 'kiosk-receipt' });
    assert.equal(printer.reportsStatus, false);
    assert.equal((await printer.status()).state, 'connected');
    assert.deepEqual(await printer.print(receipt), { ok: true });
    assert.deepEqual(readFileSync(path.join(bin, 'args'), 'utf8').trim().split('\n'), ['-d', 'kiosk-receipt', '-o', 'raw']);
    assert.ok(readFileSync(path.join(bin, 'stdin')).equals(receipt));

    process.env.FAKE_LP_FAIL = '1';
    const r = await printer.print(receipt);
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /exit 1.*does not exist/);
    assert.equal((await printer.status()).state, 'error');
    delete process.env.FAKE_LP_FAIL;
    assert.deepEqual(await printer.print(receipt), { ok: true });
    assert.equal((await printer.status()).state, 'connected');
  } finally {
    process.env.PATH = oldPath;
    delete process.env.FAKE_LP_FAIL;
  }
  const missing = createCupsPrinter({ queue: 'q', command: path.join(dir, 'no-such-lp-binary') });
  const r = await missing.print(receipt);
  assert.match((r as { message: string }).message, /not found: install the cups-client package/);
});

// ---- fakes ----------------------------------------------------------------------------------
test('state-file fake: another process flips the JSON; printed jobs are appended', async () => {
  const file = path.join(dir, 'state', 'printer.json');
  const printer = createStateFilePrinter(file);
  assert.equal((await printer.status()).state, 'connected'); // created with defaults
  writeFakeState(file, { connected: true, paperOut: true, coverOpen: false, paperNearEnd: false });
  assert.equal((await printer.status()).state, 'paper-out');
  assert.equal((await printer.print(receipt)).ok, false);
  writeFileSync(file, JSON.stringify({ connected: true, paperOut: false, coverOpen: true }));
  assert.equal((await printer.status()).state, 'cover-open');
  writeFileSync(file, JSON.stringify({ connected: false, paperOut: false, coverOpen: false }));
  assert.equal((await printer.status()).state, 'disconnected');
  writeFileSync(file, '{not json');
  assert.equal((await printer.status()).state, 'error');
  writeFakeState(file, { connected: true, paperOut: false, coverOpen: false, paperNearEnd: false });
  assert.deepEqual(await printer.print(receipt), { ok: true });
  const lines = readFileSync(printedJobsFile(file), 'utf8').trim().split('\n');
  assert.equal(lines.length, 1);
  assert.ok(Buffer.from(JSON.parse(lines[0]!).base64, 'base64').equals(receipt));
});

test('memory fake: paper running out during the job is reported after the bytes went out', async () => {
  const m = new MemoryPrinter();
  m.failDuringNextJob = { state: 'paper-out' };
  const r = await m.print(receipt);
  assert.deepEqual({ ok: r.ok, reason: (r as { reason?: string }).reason }, { ok: false, reason: 'paper-out' });
  assert.equal(m.jobs.length, 1);
  assert.equal((await m.status()).state, 'paper-out');
});

// ---- managed printer: lazy re-creation and the "gone for a moment" retry -------------------
test('the sink is created lazily and re-created after an error', async () => {
  let created = 0;
  let throwNext = true;
  const make = (): Printer => {
    created++;
    const m = new MemoryPrinter();
    const print = m.print.bind(m);
    m.print = async (b) => {
      if (throwNext) {
        throwNext = false;
        throw new Error('EIO');
      }
      return print(b);
    };
    return m;
  };
  const p = createManagedPrinter(make, { kind: 'memory', reportsStatus: true, debounceMs: 0, log: quiet });
  assert.equal(created, 0);
  const r = await p.print(receipt);
  assert.deepEqual(r, { ok: false, reason: 'error', message: 'printing failed: EIO' });
  assert.equal(created, 1);
  assert.deepEqual(await p.print(receipt), { ok: true });
  assert.equal(created, 2, 'a fresh sink after the error');
});

test('"disconnected" right after a job is retried within the debounce window, not beyond', async () => {
  const m = new MemoryPrinter();
  const gone: PrinterStatus = { state: 'disconnected', reason: 'blip' };
  m.script.push(gone, gone);
  const p = createManagedPrinter(() => m, { kind: 'memory', reportsStatus: true, debounceMs: 2000, log: quiet });
  assert.deepEqual(await p.print(receipt), { ok: true });
  assert.equal(m.jobs.length, 1);
  m.state = gone;
  const strict = createManagedPrinter(() => m, { kind: 'memory', reportsStatus: true, debounceMs: 200, log: quiet });
  const t0 = Date.now();
  const r = await strict.print(receipt);
  assert.equal((r as { reason?: string }).reason, 'disconnected');
  assert.ok(Date.now() - t0 >= 190, 'kept trying for the debounce window');
});

