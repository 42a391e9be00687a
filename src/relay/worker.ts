// The relay worker: sends queued requests to the township (docs/relay-protocol.md).
//
//   - PUT /v1/kiosks/{kioskId}/requests/{id} per request; POST .../requests:batch when more
//     than `batchThreshold` are due (<= 50 items / 256 KB per call, one result per item).
//   - The exact bytes stored at submit time are sent (payload + sha256 frozen at first send).
//   - 200/201 -> sent (the acknowledgement and the township's Date header are stored);
//     409/422 -> needs-attention (kept, shown to attendants, never dropped);
//     401/403 -> the whole queue pauses, the link shows "paused", a probe every pauseProbeMs;
//     429/503 -> transient, Retry-After honoured (for the whole queue);
//     other 5xx, bad/truncated acknowledgement -> transient for that item only;
//     network error/timeout -> transient, the whole queue backs off (the link is down).
//   - Exponential backoff with full jitter (DEFAULT_BACKOFF: 30 s .. 15 min), an immediate
//     pass at start, on link-up (link.onLinkUp) and after each new submission (kick()).
//   - One bad item never blocks the rest: its own failure only moves its own next attempt.
//
// Everything time- or network-related is injectable (fetch, now, random, timers), and
// runOnce() drains what is due right now and reports what happened, for tests and benchmarks.
import type { Db } from '../db/open.js';
import type { LinkMonitor } from '../core/link-monitor.js';
import type { StorageHealth } from '../core/storage-health.js';
import type { Logger } from '../log/logger.js';
import { RELAY_BATCH_MAX_BYTES, RELAY_BATCH_MAX_ITEMS, RELAY_BATCH_PATH, RELAY_PUT_PATH, RelayAck, RelayBatchResult, RelayError } from '../protocol/relay.js';
import { createOutbox, type AttemptOutcome, type DueItem, type Outbox } from './outbox.js';
import { DEFAULT_BACKOFF, fullJitterDelay, parseRetryAfter, type BackoffPolicy } from './backoff.js';
import { checkTownshipUrl } from '../shared/township-url.js';

export type RelayLink = Pick<LinkMonitor, 'reportContact' | 'reportFailure' | 'reportPaused' | 'setQueueCounts' | 'onLinkUp'>;

export interface RelayWorkerOptions {
  db: Db;
  kioskId: string;
  townshipUrl: string | null;
  kioskToken: string | null;
  log: Logger;
  link?: RelayLink;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Uniform in [0, 1); drives the jitter. */
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  /** Per HTTP call, including reading the answer. */
  timeoutMs?: number;
  /** Use the batch endpoint when more than this many requests are due. */
  batchThreshold?: number;
  batchMaxItems?: number;
  batchMaxBytes?: number;
  /** While paused (401/403), try one request this often to see if staff fixed the token. */
  pauseProbeMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Storage failures caught in the background are reported here (the screen shows them). */
  health?: StorageHealth;
}

export interface PassStats {
  calls: number;
  sent: number;
  needsAttention: number;
  retried: number;
  paused: boolean;
}

export interface RelayWorkerState {
  /** Why sending is paused (401/403 or a refused township URL), or null. */
  paused: string | null;
  running: boolean;
  /** The queue-wide hold after a network failure or Retry-After (ms since epoch), or 0. */
  holdUntilMs: number;
  consecutiveNetworkFailures: number;
  batchAvailable: boolean;
}

export interface RelayWorker {
  /** Recovers interrupted sends, subscribes to link-up and runs a pass at once. */
  start(): void;
  stop(): Promise<void>;
  /** Something new was queued: run a pass soon. */
  kick(): void;
  /** The link came back (or staff asked): everything queued is due now, run a pass. */
  retryNow(): void;
  /** Clears a 401/403 pause and runs a pass. */
  resume(): void;
  /** Drains what is due now (one pass) and says what happened. Passes never overlap. */
  runOnce(): Promise<PassStats>;
  state(): RelayWorkerState;
  outbox: Outbox;
}

type Reply =
  | { kind: 'http'; status: number; text: string; date: string | null; retryAfter: string | null }
  | { kind: 'network'; message: string; /** The request cannot have reached the township. */ beforeSend: boolean };

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'SELF_SIGNED_CERT_IN_CHAIN']);

function describeError(e: unknown): { message: string; code: string | undefined } {
  const err = e as Error & { cause?: Error & { code?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return { message: 'timed out', code: 'TIMEOUT' };
  const code = err?.cause?.code ?? (err as { code?: string })?.code;
  const message = err?.cause?.message ?? err?.message ?? String(e);
  return { message: code && !message.includes(code) ? `${code}: ${message}` : message, code };
}

function errorMessage(text: string, status: number): string {
  try {
    const parsed = RelayError.safeParse(JSON.parse(text));
    if (parsed.success) return `${parsed.data.error.code}: ${parsed.data.error.message}`.slice(0, 500);
  } catch {
    /* not JSON */
  }
  return `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
}

export function createRelayWorker(opts: RelayWorkerOptions): RelayWorker {
  const log = opts.log.child({ component: 'relay' });
  const outbox = createOutbox(opts.db);
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? Math.random;
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const batchThreshold = opts.batchThreshold ?? 5;
  const batchMaxItems = Math.min(opts.batchMaxItems ?? RELAY_BATCH_MAX_ITEMS, RELAY_BATCH_MAX_ITEMS);
  const batchMaxBytes = Math.min(opts.batchMaxBytes ?? RELAY_BATCH_MAX_BYTES, RELAY_BATCH_MAX_BYTES);
  const pauseProbeMs = opts.pauseProbeMs ?? policy.capMs;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const link = opts.link;

  const urlCheck = checkTownshipUrl(opts.townshipUrl);
  const configProblem = urlCheck.ok ? (opts.kioskToken ? null : 'township.kioskToken is not set: the township would refuse this kiosk') : urlCheck.message;
  const base = urlCheck.ok ? urlCheck.base : '';

  let paused: string | null = null;
  let holdUntilMs = 0;
  let netFailures = 0;
  let batchOffUntilMs = 0;
  let stopped = false;
  let started = false;
  let timer: unknown = null;
  let current: Promise<PassStats> | null = null;
  let rerun = false;
  let offLinkUp: (() => void) | null = null;

  const nowMs = () => now().getTime();
  /** Set when a step of the current pass failed on storage; the pass then does not report "ok". */
  let failedInPass = false;
  /** Passes in a row that failed: the wait before the next one doubles (min .. 30 s), so a dead disk is not hammered. */
  let failedPasses = 0;
  const failureDelay = () => Math.min(policy.capMs, 30_000, Math.max(policy.minMs, 1) * 2 ** Math.min(failedPasses, 20));

  /** A background step failed: log it, tell the storage status, never throw (issue 8 item 2). */
  function backgroundError(step: string, e: unknown): void {
    failedInPass = true;
    try {
      log.error('relay-background-error', { step, error: e, message: `The relay hit a problem (${step}); requests stay queued and the relay tries again shortly.` });
      opts.health?.report('relay', e);
    } catch {
      // even logging failed (full disk): keep going
    }
  }

  function publishCounts(): void {
    if (!link) return;
    try {
      const c = outbox.counts();
      link.setQueueCounts(c.queued + c.attempting, c.needsAttention);
    } catch (e) {
      backgroundError('count the queue', e);
    }
  }

  async function http(method: 'PUT' | 'POST', url: string, body: string): Promise<Reply> {
    const signal = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.kioskToken ?? ''}` },
        body,
        signal,
      });
    } catch (e) {
      const d = describeError(e);
      return { kind: 'network', message: d.message, beforeSend: d.code !== undefined && CONNECT_ERRORS.has(d.code) };
    }
    try {
      const text = await res.text();
      return { kind: 'http', status: res.status, text, date: res.headers.get('date'), retryAfter: res.headers.get('retry-after') };
    } catch (e) {
      // The answer was cut off: we cannot know what the township stored. Resend later.
      return { kind: 'http', status: res.status, text: '', date: res.headers.get('date'), retryAfter: null, ...{ truncated: describeError(e).message } };
    }
  }

  function pause(reason: string): void {
    paused = reason;
    link?.reportPaused(reason);
    log.error('relay-paused', { reason, message: `Sending requests is paused: ${reason}. Requests stay queued; staff must fix the kiosk token (township.kioskToken).` });
  }

  /** A network-level failure: the whole queue waits (the link is down, not this item). */
  function networkFailure(message: string): number {
    netFailures++;
    const delay = fullJitterDelay(netFailures, policy, random);
    holdUntilMs = nowMs() + delay;
    link?.reportFailure(message, new Date(holdUntilMs));
    log.warn('relay-network-failure', { message, consecutive: netFailures, retryInMs: delay });
    return holdUntilMs;
  }

  function contact(): void {
    netFailures = 0;
    link?.reportContact();
  }

  function retryOutcome(item: DueItem, error: string, maybeDelivered: boolean, retryAfterMs: number | null = null): AttemptOutcome {
    const delay = retryAfterMs ?? fullJitterDelay(item.attempts + 1, policy, random);
    return { id: item.id, kind: 'retry', nextAttemptMs: nowMs() + delay, error, maybeDelivered };
  }

  /** Outcome of a 2xx for one item, checking the acknowledgement names this request. */
  function ackOutcome(item: DueItem, ackValue: unknown, ackText: string, date: string | null): AttemptOutcome {
    const ack = RelayAck.safeParse(ackValue);
    if (!ack.success || ack.data.id !== item.id) return retryOutcome(item, 'the township acknowledgement was missing or named another request', true);
    return { id: item.id, kind: 'sent', ack: ackText, townshipRef: ack.data.townshipRef, townshipDate: date };
  }

  async function sendOne(item: DueItem, stats: PassStats): Promise<AttemptOutcome[]> {
    if (!outbox.beginAttempt([item.id], now()).has(item.id)) return [];
    stats.calls++;
    const reply = await http('PUT', base + RELAY_PUT_PATH(opts.kioskId, item.id), item.body);
    if (reply.kind === 'network') {
      return [{ id: item.id, kind: 'retry', nextAttemptMs: networkFailure(reply.message), error: reply.message, maybeDelivered: !reply.beforeSend }];
    }
    const truncated = (reply as { truncated?: string }).truncated;
    const s = reply.status;
    if (s === 401 || s === 403) {
      pause(`the township refused this kiosk (HTTP ${s}: ${errorMessage(reply.text, s)})`);
      return [{ id: item.id, kind: 'release', nextAttemptMs: nowMs(), note: `paused: HTTP ${s}` }];
    }
    contact();
    if (truncated) return [retryOutcome(item, `the township's answer (HTTP ${s}) was cut off: ${truncated}`, true)];
    if (s === 200 || s === 201) {
      let value: unknown;
      try {
        value = JSON.parse(reply.text);
      } catch {
        return [retryOutcome(item, `the township answered HTTP ${s} with a body that is not JSON (cut off?)`, true)];
      }
      return [ackOutcome(item, value, reply.text, reply.date)];
    }
    if (s === 409 || s === 422) {
      const reason = errorMessage(reply.text, s);
      log.warn('relay-needs-attention', { id: item.id, status: s, reason, message: 'The township will not take this request as it is; it is kept for an attendant.' });
      return [{ id: item.id, kind: 'attention', httpStatus: s, reason }];
    }
    if (s === 429 || s === 503) {
      const ra = parseRetryAfter(reply.retryAfter, nowMs());
      if (ra !== null) holdUntilMs = Math.max(holdUntilMs, nowMs() + ra);
      return [retryOutcome(item, `township busy (HTTP ${s})`, s !== 429, ra)];
    }
    if (s >= 500) return [retryOutcome(item, errorMessage(reply.text, s), true)];
    log.error('relay-unexpected-status', { id: item.id, status: s, message: `The township answered HTTP ${s}; check township.url. The request stays queued.` });
    return [retryOutcome(item, errorMessage(reply.text, s), false)];
  }

  async function sendBatch(items: DueItem[], stats: PassStats): Promise<AttemptOutcome[]> {
    const started = outbox.beginAttempt(
      items.map((i) => i.id),
      now(),
    );
    const batch = items.filter((i) => started.has(i.id));
    if (!batch.length) return [];
    stats.calls++;
    const body = `{"items":[${batch.map((i) => i.body).join(',')}]}`;
    const reply = await http('POST', base + RELAY_BATCH_PATH(opts.kioskId), body);
    if (reply.kind === 'network') {
      const next = networkFailure(reply.message);
      return batch.map((i) => ({ id: i.id, kind: 'retry' as const, nextAttemptMs: next, error: reply.message, maybeDelivered: !reply.beforeSend }));
    }
    const s = reply.status;
    const truncated = (reply as { truncated?: string }).truncated;
    if (s === 401 || s === 403) {
      pause(`the township refused this kiosk (HTTP ${s}: ${errorMessage(reply.text, s)})`);
      return batch.map((i) => ({ id: i.id, kind: 'release' as const, nextAttemptMs: nowMs(), note: `paused: HTTP ${s}` }));
    }
    contact();
    if (s === 200 && !truncated) {
      let parsed: RelayBatchResult | null = null;
      try {
        const r = RelayBatchResult.safeParse(JSON.parse(reply.text));
        if (r.success && r.data.results.length === batch.length) parsed = r.data;
      } catch {
        /* fall through */
      }
      if (!parsed) return batch.map((i) => retryOutcome(i, 'the township batch answer was cut off or malformed', true));
      return batch.map((item, idx) => {
        const r = parsed.results[idx]!;
        if (r.ok) return ackOutcome(item, r.ack, JSON.stringify(r.ack), reply.date);
        if (r.status === 409 || r.status === 422) {
          const reason = `${r.error.code}: ${r.error.message}`.slice(0, 500);
          log.warn('relay-needs-attention', { id: item.id, status: r.status, reason });
          return { id: item.id, kind: 'attention' as const, httpStatus: r.status, reason };
        }
        return retryOutcome(item, `${r.error.code}: ${r.error.message}`, true);
      });
    }
    if (truncated) return batch.map((i) => retryOutcome(i, `the township's batch answer (HTTP ${s}) was cut off`, true));
    if (s === 429 || s === 503) {
      const ra = parseRetryAfter(reply.retryAfter, nowMs());
      if (ra !== null) holdUntilMs = Math.max(holdUntilMs, nowMs() + ra);
      return batch.map((i) => retryOutcome(i, `township busy (HTTP ${s})`, s !== 429, ra));
    }
    if (s >= 500 && s !== 501) return batch.map((i) => retryOutcome(i, errorMessage(reply.text, s), true));
    // 400/404/405/413/422/501: this township cannot take batches (or not this one): send one by one.
    batchOffUntilMs = nowMs() + policy.capMs;
    log.warn('relay-batch-unavailable', { status: s, message: `The batch endpoint answered HTTP ${s}; sending one request at a time for now.` });
    return batch.map((i) => ({ id: i.id, kind: 'release' as const, nextAttemptMs: nowMs(), note: `batch unavailable (HTTP ${s})` }));
  }

  function takeBatch(candidates: DueItem[]): DueItem[] {
    const out: DueItem[] = [];
    let bytes = 12;
    for (const c of candidates) {
      const size = Buffer.byteLength(c.body) + 1;
      if (out.length && bytes + size > batchMaxBytes) break;
      out.push(c);
      bytes += size;
      if (out.length >= batchMaxItems) break;
    }
    return out;
  }

  async function drain(): Promise<PassStats> {
    const stats: PassStats = { calls: 0, sent: 0, needsAttention: 0, retried: 0, paused: false };
    if (configProblem) {
      if (paused !== configProblem) {
        paused = configProblem;
        // No township at all is a normal stand-alone kiosk; a township set up wrongly is not.
        if (opts.townshipUrl) {
          link?.reportPaused(configProblem);
          log.error('relay-not-configured', { message: configProblem });
        } else log.info('relay-stand-alone', { message: configProblem });
      }
      stats.paused = true;
      publishCounts();
      return stats;
    }
    // Only one pass runs at a time, so anything still 'attempting' was interrupted.
    const recovered = outbox.recoverInterrupted(nowMs());
    if (recovered) log.warn('relay-recovered', { count: recovered, message: `${recovered} request(s) were being sent when the kiosk stopped; they will be resent (the township deduplicates them)` });
    // Ids handled in this pass are not tried again in it. Of those, only the ones put back
    // in the queue ('retry') can come back from due(), so only they widen the read.
    const tried = new Set<string>();
    const retriedInPass = new Set<string>();
    while (!stopped && !paused && nowMs() >= holdUntilMs) {
      const t = nowMs();
      const dueCount = outbox.countDue(t);
      if (dueCount === 0) break;
      const useBatch = dueCount > batchThreshold && t >= batchOffUntilMs;
      const candidates = outbox.due(t, (useBatch ? batchMaxItems : 1) + retriedInPass.size).filter((i) => !tried.has(i.id));
      if (!candidates.length) break;
      const chosen = useBatch ? takeBatch(candidates) : [candidates[0]!];
      let outcomes: AttemptOutcome[];
      try {
        outcomes = useBatch && chosen.length > 1 ? await sendBatch(chosen, stats) : await sendOne(chosen[0]!, stats);
        outbox.record(outcomes, now());
      } catch (e) {
        // A storage failure while recording: the rows stay 'attempting' and are recovered next pass.
        log.error('relay-record-failed', { error: e, message: 'Could not record a send outcome; the requests will be resent (deduplicated by the township).' });
        backgroundError('record an outcome', e);
        holdUntilMs = nowMs() + policy.minMs;
        break;
      }
      for (const o of outcomes) {
        if (o.kind !== 'release') tried.add(o.id);
        if (o.kind === 'sent') stats.sent++;
        else if (o.kind === 'attention') stats.needsAttention++;
        else if (o.kind === 'retry') {
          stats.retried++;
          retriedInPass.add(o.id);
        }
      }
      publishCounts();
    }
    stats.paused = paused !== null;
    publishCounts();
    return stats;
  }

  function schedule(): void {
    if (stopped || !started) return;
    if (timer !== null) clearTimer(timer);
    timer = null;
    let at: number | null;
    if (configProblem) return;
    if (paused) at = nowMs() + pauseProbeMs;
    else {
      let next: number | null;
      try {
        next = outbox.nextDueMs();
      } catch (e) {
        // The disk failed: look again soon rather than never (or dying, as before).
        backgroundError('find the next due request', e);
        next = nowMs() + failureDelay();
      }
      at = next === null ? null : Math.max(next, holdUntilMs);
    }
    if (at === null) return;
    const delay = Math.min(Math.max(0, at - nowMs()), 2 ** 31 - 1);
    timer = setTimer(() => {
      timer = null;
      if (paused && !configProblem) paused = null; // probe: one call tells whether the token works now
      void pass();
    }, delay);
  }

  function pass(): Promise<PassStats> {
    if (current) {
      rerun = true;
      return current;
    }
    current = (async () => {
      let stats: PassStats = { calls: 0, sent: 0, needsAttention: 0, retried: 0, paused: paused !== null };
      failedInPass = false;
      try {
        do {
          rerun = false;
          stats = await drain();
        } while (rerun && !stopped);
        if (!failedInPass) {
          failedPasses = 0;
          opts.health?.ok('relay');
        }
      } catch (e) {
        // Reading the queue or marking a send failed (a failing disk): wait a little, try again.
        backgroundError('run a pass', e);
        failedPasses++;
        holdUntilMs = Math.max(holdUntilMs, nowMs() + failureDelay());
      } finally {
        current = null;
        try {
          schedule();
        } catch (e) {
          backgroundError('schedule the next pass', e);
        }
      }
      return stats;
    })();
    return current;
  }

  function retryNow(): void {
    holdUntilMs = 0;
    netFailures = 0;
    try {
      const n = outbox.makeAllDue(nowMs());
      if (n) log.info('relay-retry-now', { waiting: n });
    } catch (e) {
      backgroundError('make the queue due', e);
    }
    if (!stopped) void pass();
  }

  return {
    outbox,
    start() {
      stopped = false;
      started = true;
      offLinkUp = link?.onLinkUp(retryNow) ?? null;
      publishCounts();
      void pass();
    },
    async stop() {
      stopped = true;
      offLinkUp?.();
      if (timer !== null) clearTimer(timer);
      timer = null;
      if (current) await current.catch(() => undefined);
    },
    kick() {
      if (!stopped) void pass();
    },
    retryNow,
    resume() {
      if (!configProblem) paused = null;
      retryNow();
    },
    async runOnce() {
      if (current) await current.catch(() => undefined);
      return pass();
    },
    state: () => ({ paused, running: current !== null, holdUntilMs, consecutiveNetworkFailures: netFailures, batchAvailable: nowMs() >= batchOffUntilMs }),
  };
}
