// A printer device file: /dev/usb/lp0 (usblp kernel driver; the kiosk user must be in group
// "lp", see resources/udev/99-village-kiosk-printer.rules), or, for tests and odd setups, a
// regular file or a FIFO. Opened per operation (so an unplugged and re-plugged printer needs
// nothing re-created). On a character device the link is bidirectional: DLE EOT is written
// and the one-byte answer read back (non-blocking reads, polled until a timeout). On a
// regular file or FIFO there is no status: openable means connected.
import { constants as C, promises as fsp, type Stats } from 'node:fs';
import { parseStatusBytes, queryStatus } from './status.js';
import { CMD } from './escpos.js';
import { sleep, statusBlocksPrinting, type Printer, type PrinterStatus, type SinkResult, type SinkStatus } from './types.js';

type Handle = fsp.FileHandle;
export type OpenFile = (path: string, flags: number) => Promise<Handle>;

export interface DeviceSinkOptions {
  path: string;
  /** Per-status-byte timeout. */
  timeoutMs?: number;
  writeTimeoutMs?: number;
  /** How the device is opened (fs.promises.open; tests model usblp's one-open-at-a-time rule). */
  openFile?: OpenFile;
}

function describeOpenError(path: string, e: NodeJS.ErrnoException): SinkStatus {
  switch (e.code) {
    case 'ENOENT':
    case 'ENODEV':
    case 'ENXIO': // FIFO without a reader, or a usblp node whose printer is gone
      return { state: 'disconnected', reason: `${path}: ${e.code}` };
    case 'EACCES':
    case 'EPERM':
      return { state: 'error', message: `no permission to open ${path}: add the kiosk user to group "lp" and install resources/udev/99-village-kiosk-printer.rules` };
    case 'EBUSY': // usblp: another open holds the device (a status read, a job, another program)
      return { state: 'busy', reason: `${path} is open elsewhere (EBUSY)` };
    default:
      return { state: 'error', message: `cannot open ${path}: ${e.code ?? e.message}` };
  }
}

async function open(path: string, openFile: OpenFile): Promise<{ fh: Handle; st: Stats } | { status: SinkStatus }> {
  let st: Stats;
  try {
    st = await fsp.stat(path);
  } catch (e) {
    return { status: describeOpenError(path, e as NodeJS.ErrnoException) };
  }
  const flags = st.isCharacterDevice() ? C.O_RDWR | C.O_NONBLOCK : st.isFIFO() ? C.O_WRONLY | C.O_NONBLOCK : C.O_WRONLY | C.O_APPEND;
  try {
    return { fh: await openFile(path, flags), st };
  } catch (e) {
    return { status: describeOpenError(path, e as NodeJS.ErrnoException) };
  }
}

/* c8 ignore start -- only a real USB printer (a character device that answers DLE EOT) reaches the status
   query below; the tests print to FIFOs and files, which have no status channel. */
async function readByte(fh: Handle, timeoutMs: number): Promise<number | null> {
  const buf = Buffer.alloc(1);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { bytesRead } = await fh.read(buf, 0, 1, null);
      if (bytesRead === 1) return buf[0]!;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return null;
    }
    if (Date.now() >= deadline) return null;
    await sleep(15);
  }
}

async function drain(fh: Handle): Promise<void> {
  const buf = Buffer.alloc(64);
  for (let i = 0; i < 16; i++) {
    try {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
    } catch {
      return;
    }
  }
}

async function statusOn(fh: Handle, st: Stats, timeoutMs: number): Promise<PrinterStatus> {
  /* c8 ignore stop */
  if (!st.isCharacterDevice()) return { state: 'connected' };
  /* c8 ignore start -- a character device: a real USB printer (see readByte) */
  await drain(fh);
  const bytes = await queryStatus(async (n) => {
    try {
      await fh.write(Buffer.from(CMD.status(n)));
    } catch {
      return null;
    }
    return readByte(fh, timeoutMs);
  });
  return parseStatusBytes(bytes) ?? { state: 'connected', model: 'no status answer on this link' };
}
/* c8 ignore stop */

async function writeAll(fh: Handle, bytes: Uint8Array, timeoutMs: number): Promise<Error | null> {
  const deadline = Date.now() + timeoutMs;
  let off = 0;
  while (off < bytes.length) {
    try {
      const { bytesWritten } = await fh.write(bytes, off, bytes.length - off, null);
      off += bytesWritten;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN') return e as Error;
      if (Date.now() >= deadline) return new Error(`the printer did not take the job within ${timeoutMs} ms (${bytes.length - off} bytes left)`);
      await sleep(20);
    }
  }
  return null;
}

export function createDevicePrinter(opts: DeviceSinkOptions): Printer {
  const timeoutMs = opts.timeoutMs ?? 500;
  const writeTimeoutMs = opts.writeTimeoutMs ?? 20_000;
  const openFile: OpenFile = opts.openFile ?? ((p, flags) => fsp.open(p, flags));
  return {
    kind: 'device',
    reportsStatus: true,
    async status(): Promise<SinkStatus> {
      const o = await open(opts.path, openFile);
      if ('status' in o) return o.status;
      try {
        return await statusOn(o.fh, o.st, timeoutMs);
      } finally {
        await o.fh.close().catch(() => {});
      }
    },
    async print(bytes): Promise<SinkResult> {
      const o = await open(opts.path, openFile);
      if ('status' in o) return { ok: false, ...statusBlocksPrinting(o.status)! };
      try {
        const before = statusBlocksPrinting(await statusOn(o.fh, o.st, timeoutMs));
        if (before) return { ok: false, ...before };
        const err = await writeAll(o.fh, bytes, writeTimeoutMs);
        if (err) return { ok: false, reason: 'error', message: `writing to ${opts.path} failed: ${(err as NodeJS.ErrnoException).code ?? err.message}` };
        const after = statusBlocksPrinting(await statusOn(o.fh, o.st, timeoutMs));
        if (after && after.reason !== 'disconnected') return { ok: false, ...after, message: `${after.message} (during the job)` };
        return { ok: true };
      } finally {
        await o.fh.close().catch(() => {});
      }
    },
    async close() {},
  };
}
