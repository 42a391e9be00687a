// Simulator scanner: payloads one per line from a file or a FIFO, so a developer can drive
// `npm run serve` by hand:
//   mkfifo /tmp/scans.fifo
//   KIOSK_SCANNER_MODE=simulator KIOSK_SCANNER_SIMULATOR_PATH=/tmp/scans.fifo npm run serve
//   echo 'VKR:ABCD-EFGH' > /tmp/scans.fifo
// A FIFO is opened read-write and non-blocking (so it never sees end-of-file and never
// blocks a libuv worker thread); a regular file is followed like `tail -f` from its end at
// start-up. A line "hex:e5bca0..." is taken as raw bytes (for encoding tests).
import { constants, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../../log/logger.js';
import { createEmitter, type ScannerSource } from './source.js';

const MAX_LINE = 64 * 1024;

export function createSimulatorScannerSource(opts: { path: string; log: Logger; pollMs?: number }): ScannerSource {
  const { emit, on } = createEmitter();
  let pending = Buffer.alloc(0);
  let socket: net.Socket | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let offset = 0;
  let busy = false;

  const deliverLine = (line: Buffer) => {
    const text = line.toString('latin1');
    if (text.startsWith('hex:') && /^[0-9a-fA-F]*$/.test(text.slice(4).trim())) {
      emit({ type: 'scan', bytes: Uint8Array.from(Buffer.from(text.slice(4).trim(), 'hex')), source: 'simulator' });
    } else if (line.length > 0) {
      emit({ type: 'scan', bytes: Uint8Array.from(line), source: 'simulator' });
    }
  };

  const onData = (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    let nl: number;
    while ((nl = pending.indexOf(0x0a)) >= 0) {
      const line = pending.subarray(0, nl);
      pending = pending.subarray(nl + 1);
      deliverLine(line.length && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line);
    }
    if (pending.length > MAX_LINE) {
      // a line with no end: deliver what we have (decoding will call it too long)
      deliverLine(pending);
      pending = Buffer.alloc(0);
    }
  };

  const tailTick = async () => {
    if (busy) return;
    busy = true;
    try {
      const st = await stat(opts.path).catch(() => null);
      if (!st) return;
      if (st.size < offset) offset = 0; // truncated: start over
      if (st.size === offset) return;
      const fh = await open(opts.path, 'r');
      try {
        const len = Math.min(st.size - offset, 1024 * 1024);
        const buf = Buffer.alloc(len);
        const { bytesRead } = await fh.read(buf, 0, len, offset);
        offset += bytesRead;
        onData(buf.subarray(0, bytesRead));
      } finally {
        await fh.close();
      }
    } catch (e) {
      opts.log.warn('scanner-simulator-read-failed', { message: (e as Error).message });
    } finally {
      busy = false;
    }
  };

  return {
    kind: 'simulator',
    onEvent: on,
    async start() {
      if (!existsSync(opts.path)) {
        mkdirSync(path.dirname(opts.path), { recursive: true });
        writeFileSync(opts.path, '');
      }
      const st = statSync(opts.path);
      if (st.isFIFO()) {
        const fd = openSync(opts.path, constants.O_RDWR | constants.O_NONBLOCK);
        socket = new net.Socket({ fd, readable: true, writable: false });
        socket.on('data', onData);
        socket.on('error', (e) => opts.log.warn('scanner-simulator-failed', { message: e.message }));
        socket.unref();
        opts.log.info('scanner-simulator', { fifo: opts.path });
      } else {
        offset = st.size;
        timer = setInterval(() => void tailTick(), opts.pollMs ?? 50);
        timer.unref?.();
        opts.log.info('scanner-simulator', { file: opts.path, from: offset });
      }
      emit({ type: 'status', status: { state: 'connected', model: `simulator (${opts.path})` } });
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (socket) {
        const s = socket;
        socket = null;
        s.removeAllListeners('data');
        s.destroy();
      }
    },
  };
}

