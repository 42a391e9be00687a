// A fault-injecting TCP proxy that understands just enough HTTP/1.1 to cut traffic at
// request/response boundaries. It listens on 127.0.0.1:0 and forwards to one upstream
// (the township). For each request (or, in 'connection' mode, for each client connection)
// it rolls a seeded PRNG and injects one fault:
//
//   pass       forward the request and the response unchanged
//   drop       close the client connection before anything is forwarded (the request
//              never reaches the upstream)
//   reset      forward the request, read the whole upstream response, send part of it and
//              then reset the client connection (TCP RST): the township stored it, the
//              kiosk never got the acknowledgement
//   latency    forward the request, hold the answer `latencyMs` (2 s), then pass it on
//              (latencyAt 'request': wait before forwarding instead)
//   status503  answer HTTP/1.1 503 + Retry-After from the proxy; nothing is forwarded
//   status500  forward the request (the township stores it), then replace the answer
//              with a proxy-made HTTP/1.1 500
//   truncate   forward the request, send the response headers and part of the body, then
//              close (FIN): the answer is cut off
//
// Counters say how many of each fault were injected and how many bytes went each way;
// `requestLog` keeps the size of every request (headers + body) for wire-size figures.
import net from 'node:net';

export const FAULTS = ['pass', 'drop', 'reset', 'latency', 'status503', 'status500', 'truncate'] as const;
export type Fault = (typeof FAULTS)[number];
export type FaultWeights = Partial<Record<Fault, number>>;

export interface FaultCounts extends Record<Fault, number> {
  connections: number;
  requests: number;
  /** Requests that reached the upstream (pass, latency, reset, status500, truncate). */
  forwarded: number;
  bytesFromClient: number;
  bytesFromUpstream: number;
  bytesToClient: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  fault: Fault;
  /** Request line + headers + body, as received from the client. */
  bytes: number;
  headerBytes: number;
  bodyBytes: number;
  /** Full upstream response size, when one was read. */
  responseBytes: number | null;
  status: number | null;
}

export interface FaultProxyOptions {
  target: { host?: string; port: number };
  /** Seed of the PRNG (mulberry32); the same seed and traffic give the same faults. */
  seed?: number;
  /** Relative weights; missing faults weigh 0. Default: pass only. */
  weights?: FaultWeights;
  /** 'request': roll per request (default). 'connection': roll once per connection. */
  mode?: 'request' | 'connection';
  latencyMs?: number;
  /** Where the latency fault waits: before forwarding the request, or before passing the answer on (default). */
  latencyAt?: 'request' | 'response';
  retryAfterSeconds?: number;
  /** Keep per-request records (default true; the benchmark of 10,000 requests may turn it off). */
  keepLog?: boolean;
}

export interface FaultProxy {
  port: number;
  url: string;
  counts(): FaultCounts;
  requestLog: RequestRecord[];
  setWeights(w: FaultWeights): void;
  /** Forces the next n decisions, then back to the weights (tests of the proxy itself). */
  forceNext(...faults: Fault[]): void;
  close(): Promise<void>;
}

import { mulberry32 as seededRandom } from '../../resources/content/rng.js';
export { seededRandom };

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;

interface Head {
  headLen: number;
  startLine: string;
  headers: Map<string, string>;
}

function parseHead(buf: Buffer): Head | null | 'bad' {
  const end = buf.indexOf(HEADER_END);
  if (end < 0) return buf.length > MAX_HEAD ? 'bad' : null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  return { headLen: end + 4, startLine: lines[0]!, headers };
}

/** Length of a complete chunked body starting at `from`, or null if not all there yet. */
function chunkedLength(buf: Buffer, from: number): number | null {
  let pos = from;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', pos, 'latin1');
    if (lineEnd < 0) return null;
    const size = parseInt(buf.subarray(pos, lineEnd).toString('latin1').split(';')[0]!.trim(), 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size');
    pos = lineEnd + 2;
    if (size === 0) {
      // trailers until an empty line
      for (;;) {
        const e = buf.indexOf('\r\n', pos, 'latin1');
        if (e < 0) return null;
        if (e === pos) return e + 2 - from;
        pos = e + 2;
      }
    }
    if (buf.length < pos + size + 2) return null;
    pos += size + 2;
  }
}

/** Total length of one complete HTTP message at the start of buf, or null if incomplete. */
function messageLength(buf: Buffer, isResponse: boolean, requestMethod: string | null, upstreamEnded: boolean): { total: number; head: Head } | null {
  const head = parseHead(buf);
  if (head === 'bad') throw new Error('HTTP head too large');
  if (!head) return null;
  if (isResponse) {
    const status = Number(head.startLine.split(' ')[1]);
    if (requestMethod === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return { total: head.headLen, head };
  }
  const te = head.headers.get('transfer-encoding');
  if (te && /chunked/i.test(te)) {
    const n = chunkedLength(buf, head.headLen);
    return n === null ? null : { total: head.headLen + n, head };
  }
  const cl = head.headers.get('content-length');
  if (cl !== undefined) {
    const total = head.headLen + Number(cl);
    return buf.length >= total ? { total, head } : null;
  }
  if (!isResponse) return { total: head.headLen, head };
  // A response delimited by connection close.
  return upstreamEnded ? { total: buf.length, head } : null;
}

function proxyResponse(status: 500 | 503, retryAfterSeconds: number): Buffer {
  const body = JSON.stringify({ error: { code: status === 503 ? 'proxy-unavailable' : 'proxy-error', message: `fault proxy injected HTTP ${status}` } });
  const head =
    `HTTP/1.1 ${status} ${status === 503 ? 'Service Unavailable' : 'Internal Server Error'}\r\n` +
    `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
    (status === 503 ? `retry-after: ${retryAfterSeconds}\r\n` : '') +
    `date: ${new Date().toUTCString()}\r\nconnection: keep-alive\r\n\r\n`;
  return Buffer.from(head + body);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(opts.seed ?? 1);
  let weights: FaultWeights = opts.weights ?? { pass: 1 };
  const latencyMs = opts.latencyMs ?? 2000;
  const retryAfter = opts.retryAfterSeconds ?? 1;
  const keepLog = opts.keepLog ?? true;
  const forced: Fault[] = [];
  const counts: FaultCounts = { connections: 0, requests: 0, forwarded: 0, bytesFromClient: 0, bytesFromUpstream: 0, bytesToClient: 0, pass: 0, drop: 0, reset: 0, latency: 0, status503: 0, status500: 0, truncate: 0 };
  const requestLog: RequestRecord[] = [];
  const sockets = new Set<net.Socket>();

  function roll(): Fault {
    if (forced.length) return forced.shift()!;
    const entries = FAULTS.map((f) => [f, Math.max(0, weights[f] ?? 0)] as const);
    const total = entries.reduce((s, [, w]) => s + w, 0);
    if (total <= 0) return 'pass';
    let x = random() * total;
    for (const [f, w] of entries) {
      if (x < w) return f;
      x -= w;
    }
    return 'pass';
  }

  function write(sock: net.Socket, data: Buffer): void {
    if (sock.destroyed) return;
    counts.bytesToClient += data.length;
    sock.write(data);
  }

  const server = net.createServer((client) => {
    counts.connections++;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const connectionFault = opts.mode === 'connection' ? roll() : null;
    if (connectionFault === 'drop') {
      counts.drop++;
      client.destroy();
      return;
    }

    let inBuf = Buffer.alloc(0);
    let busy = false;
    let closed = false;
    let upstream: net.Socket | null = null;
    let upBuf = Buffer.alloc(0);
    let upEnded = false;
    let upWaiter: (() => void) | null = null;
    client.on('close', () => {
      closed = true;
      upstream?.destroy();
    });

    function openUpstream(): net.Socket {
      upBuf = Buffer.alloc(0);
      upEnded = false;
      const s = net.connect({ host: opts.target.host ?? '127.0.0.1', port: opts.target.port });
      sockets.add(s);
      s.on('data', (d: Buffer) => {
        counts.bytesFromUpstream += d.length;
        upBuf = Buffer.concat([upBuf, d]);
        upWaiter?.();
      });
      const ended = () => {
        upEnded = true;
        if (upstream === s) upstream = null;
        upWaiter?.();
      };
      s.on('end', ended);
      s.on('close', () => {
        sockets.delete(s);
        ended();
      });
      s.on('error', ended);
      return s;
    }

    /** Forwards one request and reads one full response (null: the upstream closed without one). */
    async function exchange(request: Buffer, method: string): Promise<Buffer | null> {
      if (!upstream || upstream.destroyed) upstream = openUpstream();
      const up = upstream;
      upBuf = Buffer.alloc(0);
      up.write(request);
      counts.forwarded++;
      for (;;) {
        const m = upBuf.length ? messageLength(upBuf, true, method, upEnded) : null;
        if (m) {
          const res = upBuf.subarray(0, m.total);
          upBuf = upBuf.subarray(m.total);
          return res;
        }
        if (upEnded) return null;
        await new Promise<void>((r) => (upWaiter = r));
        upWaiter = null;
      }
    }

    async function handle(request: Buffer, head: Head): Promise<void> {
      const [method = '', path = ''] = head.startLine.split(' ');
      counts.requests++;
      const fault = connectionFault ?? roll();
      counts[fault]++;
      const rec: RequestRecord = { method, path, fault, bytes: request.length, headerBytes: head.headLen, bodyBytes: request.length - head.headLen, responseBytes: null, status: null };
      if (keepLog) requestLog.push(rec);
      if (fault === 'drop') {
        client.destroy();
        return;
      }
      if (fault === 'status503') {
        write(client, proxyResponse(503, retryAfter));
        rec.status = 503;
        return;
      }
      if (fault === 'latency' && opts.latencyAt === 'request') await sleep(latencyMs);
      if (closed) return;
      const res = await exchange(request, method);
      if (fault === 'latency' && opts.latencyAt !== 'request') await sleep(latencyMs);
      if (res) {
        rec.responseBytes = res.length;
        rec.status = Number(res.subarray(0, 16).toString('latin1').split(' ')[1]);
      }
      if (!res) {
        client.destroy();
        return;
      }
      switch (fault) {
        case 'pass':
        case 'latency':
          write(client, res);
          return;
        case 'status500':
          write(client, proxyResponse(500, retryAfter));
          return;
        case 'reset': {
          const part = Math.floor(random() * res.length);
          // Let the partial bytes reach the kernel before the RST (resetAndDestroy discards unsent data).
          if (part > 0 && !client.destroyed) {
            counts.bytesToClient += part;
            await new Promise<void>((r) => client.write(res.subarray(0, part), () => r()));
          }
          if (typeof client.resetAndDestroy === 'function') client.resetAndDestroy();
          else client.destroy();
          return;
        }
        case 'truncate': {
          const headLen = parseHead(res);
          const min = headLen && headLen !== 'bad' ? headLen.headLen : 1;
          const part = Math.min(res.length - 1, min + Math.floor(random() * Math.max(1, res.length - min - 1)));
          write(client, res.subarray(0, Math.max(1, part)));
          client.end();
          return;
        }
      }
    }

    async function pump(): Promise<void> {
      if (busy) return;
      busy = true;
      try {
        while (!closed && inBuf.length) {
          let m: ReturnType<typeof messageLength>;
          try {
            m = messageLength(inBuf, false, null, false);
          } catch {
            client.destroy();
            return;
          }
          if (!m) break;
          const request = inBuf.subarray(0, m.total);
          inBuf = inBuf.subarray(m.total);
          await handle(request, m.head);
        }
      } finally {
        busy = false;
      }
    }

    client.on('data', (d: Buffer) => {
      counts.bytesFromClient += d.length;
      inBuf = Buffer.concat([inBuf, d]);
      void pump();
    });
    client.on('end', () => client.end());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    requestLog,
    setWeights(w) {
      weights = w;
    },
    forceNext(...faults) {
      forced.push(...faults);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
