// Admission control for the kiosk API: when the township is busy it says so at once (503 with
// Retry-After, which the kiosk honours) instead of queueing work until every client times out.
// Busy means either too many kiosk requests in flight, or an event loop running late (the
// process cannot keep up with what has already arrived). Retry-After is spread over a range so
// that a burst of refused kiosks (an outage backlog) comes back spread out, not all at once.
// Refusals are logged as one summary line at most every 10 s.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log/logger.js';

export interface AdmissionOptions {
  maxInFlight: number;
  /** The event loop running later than this (ms) counts as busy. */
  maxLagMs: number;
  retryAfterSeconds: { min: number; max: number };
  log: Logger;
  /** Which requests are subject to admission control (default: the kiosk API). */
  applies?: (url: string) => boolean;
}

export interface Admission {
  inFlight(): number;
  refused(): number;
  lagMs(): number;
  stop(): void;
}

const LAG_PROBE_MS = 20;

export function admissionControl(app: FastifyInstance, opts: AdmissionOptions): Admission {
  const applies = opts.applies ?? ((url: string) => url.startsWith('/v1/kiosks/'));
  let inFlight = 0;
  let refused = 0;
  let refusedSinceLog = 0;
  let lastLog = 0;
  // Event-loop lag: how late a 20 ms timer fires, the smallest of the last three (a sustained
  // delay, not one long synchronous task or GC pause).
  let lag = 0;
  const recent = [0, 0, 0];
  let i = 0;
  let expected = performance.now() + LAG_PROBE_MS;
  const probe = setInterval(() => {
    const t = performance.now();
    recent[i++ % 3] = Math.max(0, t - expected);
    lag = Math.min(recent[0]!, recent[1]!, recent[2]!);
    expected = t + LAG_PROBE_MS;
  }, LAG_PROBE_MS);
  probe.unref();

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!applies(req.url)) return;
    if (inFlight >= opts.maxInFlight || lag > opts.maxLagMs) {
      refused++;
      refusedSinceLog++;
      const now = Date.now();
      if (now - lastLog >= 10_000) {
        opts.log.warn('overload-refused', { refused: refusedSinceLog, refusedTotal: refused, inFlight, maxInFlight: opts.maxInFlight, lagMs: Math.round(lag), maxLagMs: opts.maxLagMs });
        lastLog = now;
        refusedSinceLog = 0;
      }
      const { min, max } = opts.retryAfterSeconds;
      const retryAfter = min + Math.floor(Math.random() * (max - min + 1));
      void reply
        .status(503)
        .header('retry-after', String(retryAfter))
        .header('content-type', 'application/json; charset=utf-8')
        .send({ error: { code: 'busy', message: `The township is busy; try again in ${retryAfter} seconds.` } });
      return reply;
    }
    inFlight++;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      inFlight--;
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
  });

  return { inFlight: () => inFlight, refused: () => refused, lagMs: () => lag, stop: () => clearInterval(probe) };
}
