// The requests module: RPC calls for submitting, cancelling and checking requests, the
// attendants' list, and the relay worker that sends the queue to the township.
import type { RuntimeContext, RuntimeModule } from '../core/module.js';
import { createRelayWorker, type RelayWorker, type RelayWorkerOptions } from '../relay/worker.js';
import { normaliseCode } from './ids.js';
import { startPurgeLoop, type PurgeLoop } from './purge.js';
import { createRequestStore, storageFailure, type RequestStore, type SubmitInput } from './store.js';
import { createSubmissionLedger } from './submissions.js';
import { attentionItems, getRequestView, getStatusByCode } from './views.js';

export type RequestCalls =
  | 'requests.submit'
  | 'requests.submitAssisted'
  | 'requests.lookupSubmission'
  | 'requests.get'
  | 'requests.cancel'
  | 'requests.status'
  | 'requests.attentionList'
  | 'requests.retryNow'
  | 'requests.options';

export interface RequestsModule extends RuntimeModule<RequestCalls> {
  store: RequestStore;
  relay: RelayWorker;
}

export interface RequestsModuleOptions {
  /** Overrides for the relay worker (tests): fetch, random, timers. */
  relay?: Partial<Pick<RelayWorkerOptions, 'fetch' | 'random' | 'setTimer' | 'clearTimer' | 'pauseProbeMs'>>;
  /** The badge id of a live attendant session (assisted filing), or null. */
  attendantBadge?: (token: string) => string | null;
}

export function createRequestsModule(ctx: RuntimeContext, opts: RequestsModuleOptions = {}): RequestsModule {
  const log = ctx.log.child({ component: 'requests' });
  const cfg = ctx.config.requests;
  const windowMs = cfg.cancelWindowMinutes * 60_000;
  const sync = ctx.db.pragma('synchronous', { simple: true }) as number;
  const journal = ctx.db.pragma('journal_mode', { simple: true }) as string;
  if (sync < 2 || journal !== 'wal') log.error('requests-not-durable', { synchronous: sync, journal, message: 'The database is not in WAL + synchronous=FULL mode; a power cut could lose saved requests.' });

  const store = createRequestStore(ctx.db, { kioskId: ctx.config.kioskId, now: ctx.now, cancelWindowMs: windowMs });
  const relay = createRelayWorker({
    db: ctx.db,
    kioskId: ctx.config.kioskId,
    townshipUrl: ctx.config.township.url,
    kioskToken: ctx.config.township.kioskToken,
    log: ctx.log,
    link: ctx.link,
    now: ctx.now,
    backoff: { baseMs: cfg.relay.backoffBaseSeconds * 1000, capMs: cfg.relay.backoffCapSeconds * 1000, minMs: cfg.relay.backoffMinSeconds * 1000 },
    timeoutMs: cfg.relay.timeoutSeconds * 1000,
    batchThreshold: cfg.relay.batchThreshold,
    ...(ctx.health ? { health: ctx.health } : {}),
    ...opts.relay,
  });
  const ledger = createSubmissionLedger();
  const publishCounts = () => {
    const c = relay.outbox.counts();
    ctx.link.setQueueCounts(c.queued + c.attempting, c.needsAttention);
  };

  let purge: PurgeLoop | null = null;

  /** Saves one request, idempotent on its submissionId (a repeat answers with the original). */
  const submit = (input: SubmitInput) => {
    const submissionId = input.submissionId ?? null;
    if (submissionId && ledger.isClosed(submissionId)) {
      // lookupSubmission already told the screen "not saved": a late copy must not save now.
      log.warn('request-submission-closed', { submissionId });
      return { ok: false as const, reason: 'submission-id-used' as const, message: 'This submission was already answered "not saved"; start a new submission with a new id.' };
    }
    const r = store.submit({ ...input, submissionId });
    if (!r.ok) {
      // A disk I/O error may come after the commit reached the disk: the outcome is unknown.
      if (r.reason === 'storage-error' && submissionId) ledger.markUncertain(submissionId);
      if (r.reason === 'storage-full' || r.reason === 'storage-error') ctx.health?.fail('requests', r.message);
      log.error('request-not-saved', { reason: r.reason, submissionId, message: r.message });
      return r;
    }
    if (submissionId) ledger.settle(submissionId);
    ctx.health?.ok('requests');
    if (r.repeat) {
      log.info('request-submit-repeat', { id: r.id, code: r.code, submissionId });
      return { ok: true as const, id: r.id, code: r.code, createdAt: r.createdAt, cancellableUntil: r.cancellableUntil, repeat: true };
    }
    log.info('request-saved', { id: r.id, code: r.code, kioskSeq: r.kioskSeq, type: input.payload.type, bytes: r.bytes, submissionId, assistedBy: input.assistedBy ?? undefined });
    publishCounts();
    relay.kick();
    return { ok: true as const, id: r.id, code: r.code, createdAt: r.createdAt, cancellableUntil: r.cancellableUntil, repeat: false };
  };

  return {
    store,
    relay,
    handlers: {
      'requests.submit': (input) => submit({ contact: input.contact, payload: input.payload, relatedId: input.relatedId, submissionId: input.submissionId ?? null }),
      'requests.submitAssisted': (input) => {
        const badge = opts.attendantBadge?.(input.token) ?? null;
        if (!badge) return { ok: false as const, reason: 'signed-out' as const, message: 'The attendant is no longer signed in; scan the staff badge and enter the PIN again, then file the request.' };
        return submit({ contact: input.contact, payload: input.payload, relatedId: input.relatedId, assistedBy: badge, submissionId: input.submissionId ?? null });
      },
      'requests.lookupSubmission': ({ submissionId }) => {
        let found: ReturnType<RequestStore['lookupSubmission']>;
        try {
          found = store.lookupSubmission(submissionId);
        } catch (e) {
          if (!storageFailure(e)) throw e;
          log.error('request-lookup-failed', { submissionId, error: e, message: 'Could not read the kiosk database to check a submission.' });
          return { state: 'unknown' as const, message: 'The kiosk cannot read its storage right now; it will keep checking. Staff must check the kiosk storage.' };
        }
        if (found.found) {
          ledger.settle(submissionId);
          return { state: 'saved' as const, id: found.id, code: found.code, createdAt: found.createdAt, cancellableUntil: found.cancellableUntil };
        }
        if (ledger.isUncertain(submissionId)) {
          return { state: 'unknown' as const, message: 'The kiosk disk failed while saving this request, so the kiosk cannot yet tell whether it was saved. Staff must check the kiosk storage (a restart settles it).' };
        }
        ledger.close(submissionId);
        log.info('request-submission-not-saved', { submissionId });
        return { state: 'not-saved' as const };
      },
      'requests.get': (input) => {
        const v = getRequestView(ctx.db, input.id, ctx.now().getTime(), windowMs);
        return v ? { found: true as const, request: v } : { found: false as const };
      },
      'requests.cancel': (input) => {
        const r = store.cancel(input.id);
        if (r.ok) {
          log.info('request-cancelled', { id: input.id });
          publishCounts();
        } else log.warn('request-cancel-refused', { id: input.id, reason: r.reason });
        return r;
      },
      'requests.status': (input) => {
        const lastSyncAt = ctx.link.current().lastSyncAt;
        const code = normaliseCode(input.code);
        if (!code) return { found: false as const, code: null, lastSyncAt };
        const v = getStatusByCode(ctx.db, code, ctx.now().getTime(), windowMs);
        return v ? { found: true as const, status: v, lastSyncAt } : { found: false as const, code, lastSyncAt };
      },
      'requests.attentionList': () => {
        const c = relay.outbox.counts();
        return {
          counts: { queued: c.queued + c.attempting, sent: c.sent, needsAttention: c.needsAttention, cancelled: c.cancelled },
          paused: relay.state().paused,
          items: attentionItems(ctx.db),
        };
      },
      'requests.options': () => ({ villages: cfg.villages, cancelWindowMinutes: cfg.cancelWindowMinutes }),
      'requests.retryNow': () => {
        const c = relay.outbox.counts();
        relay.resume();
        return { ok: true as const, waiting: c.queued + c.attempting };
      },
    },
    start() {
      relay.start();
      purge = startPurgeLoop({ db: ctx.db, log: ctx.log, now: ctx.now, afterDays: cfg.purgeAfterDays });
    },
    async stop() {
      purge?.stop();
      await relay.stop();
    },
  };
}
