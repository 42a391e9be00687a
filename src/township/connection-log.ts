// Makes connection-level trouble visible in the township log instead of silent resets:
//  - open-file exhaustion: libuv handles EMFILE on accept itself (it accepts and closes the
//    waiting connections with a reserved descriptor and reports nothing), so the open
//    descriptors are counted (/proc/self/fd, Linux) whenever the open connections come near the
//    soft limit (/proc/self/limits), and "open-files-exhausted" is logged when they reach it;
//  - connections dropped because http.maxConnections is reached (the 'drop' event);
//  - other accept errors.
// Each kind is logged at most once every 10 s with a count, so a flood cannot fill the disk.
// Without an 'error' listener an accept error would also crash the process.
import { readdirSync, readFileSync } from 'node:fs';
import type { Server, Socket } from 'node:net';
import type { Logger } from '../log/logger.js';

export interface ConnectionLog {
  counts(): { openFilesExhausted: number; dropped: number; acceptErrors: number; open: number };
}

/** The soft open-file limit of this process, or null where it cannot be read. */
export function openFileLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m && m[1] !== 'unlimited' ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function openFiles(limit: number): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch (e) {
    // Not even the directory listing could get a descriptor: that is the exhaustion itself.
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EMFILE' || code === 'ENFILE' ? limit : null;
  }
}

export function logConnectionTrouble(server: Server, log: Logger, opts: { maxConnections: number }): ConnectionLog {
  const counts = { openFilesExhausted: 0, dropped: 0, acceptErrors: 0, open: 0 };
  const limit = openFileLimit();
  const last = new Map<string, { at: number; since: number }>();
  const note = (event: string, fields: Record<string, unknown>) => {
    const now = Date.now();
    const l = last.get(event) ?? { at: 0, since: 0 };
    l.since++;
    if (now - l.at >= 10_000) {
      log.warn(event, { ...fields, sinceLastLine: l.since });
      l.at = now;
      l.since = 0;
    }
    last.set(event, l);
  };
  let lastCount = 0;
  const checkFiles = () => {
    if (limit === null || Date.now() - lastCount < 1000) return;
    lastCount = Date.now();
    const n = openFiles(limit);
    if (n !== null && n >= limit - 8) {
      counts.openFilesExhausted++;
      note('open-files-exhausted', { code: 'EMFILE', openFiles: n, limit, connections: counts.open, hint: 'the township is at its open-file limit; new kiosk connections are being closed unanswered. Raise LimitNOFILE (docs/township-scale.md).' });
    }
  };
  server.on('connection', (socket: Socket) => {
    counts.open++;
    socket.once('close', () => counts.open--);
    if (limit !== null && counts.open >= limit - 256) checkFiles();
  });
  const backstop = setInterval(() => {
    if (limit !== null && counts.open >= limit - 256) checkFiles();
  }, 2000);
  backstop.unref();
  server.once('close', () => clearInterval(backstop));
  server.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EMFILE' || e.code === 'ENFILE') {
      counts.openFilesExhausted++;
      note('open-files-exhausted', { code: e.code, hint: 'the township has as many open files as its limit allows; new kiosk connections are being refused. Raise LimitNOFILE (docs/township-scale.md).', total: counts.openFilesExhausted });
    } else {
      counts.acceptErrors++;
      note('connection-accept-failed', { code: e.code, syscall: e.syscall, total: counts.acceptErrors });
    }
  });
  server.on('drop', (d?: { remoteAddress?: string }) => {
    counts.dropped++;
    note('connections-dropped', { reason: 'http.maxConnections reached', maxConnections: opts.maxConnections, remoteAddress: d?.remoteAddress, total: counts.dropped });
  });
  return { counts: () => ({ ...counts }) };
}
