// Caps open connections per client address, so one address (a slow-body attacker, a stuck
// client) cannot use up the file descriptors that every kiosk needs. Counted on the raw TCP
// connection, before any byte of a request is read. Addresses of a trusted proxy are exempt
// (all clients arrive through them; the proxy limits its own clients).
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger.js';

export interface ConnectionGuard {
  /** Open connections from `address` right now. */
  openFrom(address: string): number;
  /** Connections closed at once because their address had too many. */
  refused(): number;
}

const normalise = (address: string | undefined) => (address ?? '').replace(/^::ffff:/, '');

export function guardConnections(server: Server, opts: { maxPerAddress: number; exempt?: (address: string) => boolean; log: Logger }): ConnectionGuard {
  const open = new Map<string, number>();
  let refused = 0;
  let lastWarned = 0;
  server.on('connection', (socket: Socket) => {
    const address = normalise(socket.remoteAddress);
    if (opts.exempt?.(address)) return;
    const n = open.get(address) ?? 0;
    if (n >= opts.maxPerAddress) {
      refused += 1;
      socket.destroy();
      const now = Date.now();
      if (now - lastWarned > 10_000) {
        lastWarned = now;
        opts.log.warn('connections-refused', { address, open: n, limit: opts.maxPerAddress, refusedSoFar: refused });
      }
      return;
    }
    open.set(address, n + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
  return { openFrom: (a) => open.get(normalise(a)) ?? 0, refused: () => refused };
}
