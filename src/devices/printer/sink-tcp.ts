// A network printer on TCP port 9100 ("raw"/JetDirect). One connection per status check or
// job, so a printer that was switched off and on needs nothing re-created. The link is
// bidirectional: DLE EOT answers come back on the same socket.
import net from 'node:net';
import { parseStatusBytes, queryStatus } from './status.js';
import { CMD } from './escpos.js';
import { statusBlocksPrinting, type Printer, type PrinterStatus, type SinkResult } from './types.js';

export interface TcpSinkOptions {
  host: string;
  port: number;
  /** Connect and per-status-byte timeout. */
  timeoutMs?: number;
  /** Whole-job write timeout. */
  writeTimeoutMs?: number;
}

interface Conn {
  socket: net.Socket;
  readByte(timeoutMs: number): Promise<number | null>;
  closed: boolean;
  socketError: Error | null;
}

function connect(host: string, port: number, timeoutMs: number): Promise<Conn | { error: string }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const queue: number[] = [];
    let waiter: ((b: number | null) => void) | null = null;
    const conn: Conn = {
      socket,
      closed: false,
      socketError: null,
      readByte(ms) {
        if (queue.length) return Promise.resolve(queue.shift()!);
        if (conn.closed) return Promise.resolve(null);
        return new Promise((res) => {
          const t = setTimeout(() => {
            waiter = null;
            res(null);
          }, ms);
          waiter = (b) => {
            clearTimeout(t);
            waiter = null;
            res(b);
          };
        });
      },
    };
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ error: `no answer from ${host}:${port} within ${timeoutMs} ms` });
    }, timeoutMs);
    socket.on('data', (d: Buffer) => {
      for (const b of d) queue.push(b);
      if (waiter && queue.length) waiter(queue.shift()!);
    });
    socket.on('close', () => {
      conn.closed = true;
      waiter?.(null);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(conn);
    });
    socket.on('error', (e) => {
      conn.socketError = e;
      clearTimeout(timer);
      resolve({ error: `${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? e.message}` });
    });
  });
}

async function statusOn(conn: Conn, timeoutMs: number): Promise<PrinterStatus> {
  const bytes = await queryStatus(async (n) => {
    if (conn.closed) return null;
    conn.socket.write(Buffer.from(CMD.status(n)));
    return conn.readByte(timeoutMs);
  });
  // A printer that takes jobs but never answers DLE EOT: usable, state unknown.
  return parseStatusBytes(bytes) ?? { state: 'connected', model: 'no status answer on this link' };
}

function end(conn: Conn, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (conn.closed) return resolve();
    const t = setTimeout(() => {
      conn.socket.destroy();
      resolve();
    }, timeoutMs);
    conn.socket.once('close', () => {
      clearTimeout(t);
      resolve();
    });
    conn.socket.end();
  });
}

export function createTcpPrinter(opts: TcpSinkOptions): Printer {
  const timeoutMs = opts.timeoutMs ?? 1500;
  const writeTimeoutMs = opts.writeTimeoutMs ?? 20_000;
  return {
    kind: 'tcp',
    reportsStatus: true,
    async status() {
      const c = await connect(opts.host, opts.port, timeoutMs);
      if ('error' in c) return { state: 'disconnected', reason: c.error };
      try {
        return await statusOn(c, timeoutMs);
      } finally {
        await end(c, timeoutMs);
      }
    },
    async print(bytes): Promise<SinkResult> {
      const c = await connect(opts.host, opts.port, timeoutMs);
      if ('error' in c) return { ok: false, reason: 'disconnected', message: c.error };
      try {
        const before = statusBlocksPrinting(await statusOn(c, timeoutMs));
        if (before) return { ok: false, ...before };
        const written = await new Promise<Error | null>((resolve) => {
          const t = setTimeout(() => resolve(new Error(`the printer did not take the job within ${writeTimeoutMs} ms`)), writeTimeoutMs);
          c.socket.write(bytes, (e) => {
            clearTimeout(t);
            resolve(e ?? null);
          });
        });
        if (written || c.socketError) return { ok: false, reason: 'error', message: `sending the job failed: ${(written ?? c.socketError)!.message}` };
        // Real-time status is answered even mid-job: paper that ran out while printing shows here.
        const after = statusBlocksPrinting(await statusOn(c, timeoutMs));
        if (after && after.reason !== 'disconnected') return { ok: false, ...after, message: `${after.message} (during the job)` };
        return { ok: true };
      } finally {
        await end(c, timeoutMs);
      }
    },
    async close() {},
  };
}
