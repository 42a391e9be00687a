// Admission control for the kiosk API: when the township is busy it says so at once (503 with
// Retry-After, which the kiosk honours) instead of queueing work until every client times out.
// Busy means any of:
//   - too many kiosk requests in flight (maxInFlight: bounds connections holding a place);
//   - too much WORK in flight (maxWorkInFlight, in poll units: a poll 1, a PUT 2, a batch about
//     one per item, estimated from its Content-Length before the body is read). A batch of 20
//     costs about 20 polls, so counting requests let 512 batches (10,000 items, seconds of
//     work) queue behind each other; counting work keeps what is admitted short enough to be
//     answered quickly, and refuses the rest at once;
//   - batches (outage backlogs) only while the work in flight leaves room for live traffic:
//     a batch is admitted only up to BATCH_SHARE of maxWorkInFlight, so a drain never locks
//     out polls and villagers' new PUTs;
//   - an event loop running late (the process cannot keep up with what has already arrived).
// Retry-After is spread over a range so that a burst of refused kiosks (an outage backlog)
// comes back spread out, not all at once. Refusals are logged as one summary line at most
// every 10 s.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../log/logger.js';
import { RELAY_BATCH_MAX_ITEMS } from '../protocol/relay.js';

export interface AdmissionOptions {
  maxInFlight: number;
  /** Work in flight, in poll units (see requestWork); more gets 503 + Retry-After. */
  maxWorkInFlight: number;
  /** The event loop running later than this (ms) counts as busy. */
  maxLagMs: number;
  retryAfterSeconds: { min: number; max: number };
  log: Logger;
  /** Which requests are subject to admission control (default: the kiosk API). */
  applies?: (url: string) => boolean;
}

export interface Admission {
  inFlight(): number;
  /** Work in flight, in poll units. */
  workInFlight(): number;
  refused(): number;
  lagMs(): number;
  stop(): void;
}

const LAG_PROBE_MS = 20;
/** Batches may fill at most this share of maxWorkInFlight; the rest stays for polls and PUTs. */
export const BATCH_SHARE = 0.75;
/** A relayed request is about 350-1,000 bytes of JSON: a batch's items, estimated from its size. */
export const BATCH_ITEM_BYTES_ESTIMATE = 400;

/**
 * What a kiosk call costs, in poll units (measured: an up-to-date poll, a PUT and one batch item
 * take about 0.15, 0.3 and 0.14 ms of township CPU; `npm run bench -- township-load`).
 */
export function requestWork(method: string, url: string, contentLength: string | undefined): { work: number; batch: boolean } {
  if (method === 'POST' && url.includes(':batch')) {
    const bytes = Number(contentLength);
    const items = Number.isFinite(bytes) && bytes > 0 ? Math.ceil(bytes / BATCH_ITEM_BYTES_ESTIMATE) : RELAY_BATCH_MAX_ITEMS;
    return { work: Math.max(2, Math.min(RELAY_BATCH_MAX_ITEMS, items)), batch: true };
  }
  if (method === 'PUT') return { work: 2, batch: false };
  return { work: 1, batch: false };
}

export function admissionControl(app: FastifyInstance, opts: AdmissionOptions): Admission {
  const applies = opts.applies ?? ((url: string) => url.startsWith('/v1/kiosks/'));
  let inFlight = 0;
  let work = 0;
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

  const busy = (w: number, batch: boolean): string | null => {
    if (inFlight >= opts.maxInFlight) return 'requests';
    if (lag > opts.maxLagMs) return 'lag';
    // A lone request is always admitted, however heavy (else a big batch could never pass).
    if (work > 0 && work + w > opts.maxWorkInFlight * (batch ? BATCH_SHARE : 1)) return batch ? 'batch-work' : 'work';
    return null;
  };

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!applies(req.url)) return;
    const { work: w, batch } = requestWork(req.method, req.url, req.headers['content-length']);
    const reason = busy(w, batch);
    if (reason) {
      refused++;
      refusedSinceLog++;
      const now = Date.now();
      if (now - lastLog >= 10_000) {
        opts.log.warn('overload-refused', { refused: refusedSinceLog, refusedTotal: refused, reason, inFlight, maxInFlight: opts.maxInFlight, workInFlight: work, maxWorkInFlight: opts.maxWorkInFlight, lagMs: Math.round(lag), maxLagMs: opts.maxLagMs });
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
    work += w;
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      inFlight--;
      work -= w;
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
  });

  return { inFlight: () => inFlight, workInFlight: () => work, refused: () => refused, lagMs: () => lag, stop: () => clearInterval(probe) };
}
