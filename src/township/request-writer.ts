// Where the relay's PUTs and batches are written, per store (issue 13 §6: a 201 still means
// "committed", while concurrent requests share the cost of committing).
//   SQLite: group commit (group-commit.ts): the requests of one event-loop turn share one
//     transaction, each in its own savepoint, on the one connection.
//   PostgreSQL: the requests that arrive while the store is busy are written together, in one
//     set-based statement that commits on its own (requests-many-pg.ts), at most `concurrency`
//     such statements at a time per process. Each caller is answered only after its group has
//     committed. If a group's transaction fails, each of its requests is retried alone, in a
//     transaction of its own, so one bad request (or a deadlock with another process) fails
//     only itself; storing is idempotent, so a retry after a COMMIT whose outcome was lost
//     answers 200 with the original acknowledgement.
import type { RelayBatchResult } from '../protocol/relay.js';
import type { SqlStore } from './store/sql-store.js';
import { PgStore } from './store/pg-store.js';
import { groupCommit, recordGroup } from './group-commit.js';
import { storeBatch, storeRequest, storeValidated, validateBatchItems, validateRelay, villageOf, type StoreResult } from './requests.js';
import { storeManyPg, type ValidRequest } from './requests-many-pg.js';

export interface RequestWriter {
  /** One PUT: `text` is the raw body (its bytes are what the hash covers). */
  put(kioskId: string, kioskVillage: string, urlRequestId: string, body: unknown, text: string, now: Date): Promise<StoreResult>;
  /** One batch: a result per item, in order. */
  batch(kioskId: string, kioskVillage: string, items: unknown[], bodyText: string, now: Date): Promise<RelayBatchResult>;
}

export interface RequestWriterOptions {
  /** PostgreSQL: the most requests one group transaction writes (default 256). */
  maxGroup?: number;
  /** PostgreSQL: group transactions in flight at once in this process (default 2). */
  concurrency?: number;
}

export function requestWriter(store: SqlStore, opts: RequestWriterOptions = {}): RequestWriter {
  if (store instanceof PgStore) return pgWriter(store, opts);
  const commit = groupCommit(store);
  return {
    put: (kioskId, kioskVillage, urlRequestId, body, text, now) => commit((t) => storeRequest(t, kioskId, kioskVillage, urlRequestId, body, text, now)),
    batch: (kioskId, kioskVillage, items, bodyText, now) => commit((t) => storeBatch(t, kioskId, kioskVillage, items, bodyText, now), items.length),
  };
}

interface Pending {
  items: ValidRequest[];
  resolve: (r: StoreResult[]) => void;
  reject: (e: unknown) => void;
}

function pgWriter(store: PgStore, opts: RequestWriterOptions): RequestWriter {
  const maxGroup = opts.maxGroup ?? 256;
  const concurrency = opts.concurrency ?? 2;
  const queue: Pending[] = [];
  let running = 0;

  const writeGroup = async (group: Pending[]) => {
    const items = group.flatMap((p) => p.items);
    let results: StoreResult[];
    try {
      results = await storeManyPg(store, items);
      recordGroup(store, items.length);
    } catch {
      // Each request alone: only the one that cannot be stored fails.
      await Promise.all(group.map(async (p) => {
        try {
          const mine: StoreResult[] = [];
          for (const v of p.items) {
            mine.push(await store.tx((q) => storeValidated(q, v.request, v.text, v.village, v.now)));
            recordGroup(store, 1);
          }
          p.resolve(mine);
        } catch (e) {
          p.reject(e);
        }
      }));
      return;
    }
    let at = 0;
    for (const p of group) {
      p.resolve(results.slice(at, at + p.items.length));
      at += p.items.length;
    }
  };

  const pump = () => {
    while (running < concurrency && queue.length) {
      // Whole entries (a batch keeps its items together) up to maxGroup requests.
      let n = 0;
      let size = 0;
      while (n < queue.length && (n === 0 || size + queue[n]!.items.length <= maxGroup)) size += queue[n++]!.items.length;
      const group = queue.splice(0, n);
      running++;
      void writeGroup(group)
        .catch((e: unknown) => group.forEach((p) => p.reject(e))) // (never expected: no caller is left waiting)
        .finally(() => {
          running--;
          pump();
        });
    }
  };

  const enqueue = (items: ValidRequest[]) =>
    new Promise<StoreResult[]>((resolve, reject) => {
      queue.push({ items, resolve, reject });
      // After this turn: the requests that arrive in the same turn join the same group.
      if (queue.length === 1) setImmediate(pump);
    });

  return {
    async put(kioskId, kioskVillage, urlRequestId, body, text, now) {
      const v = validateRelay(kioskId, urlRequestId, body, text);
      if (!v.ok) return { ok: false, status: 422, id: v.id, code: 'invalid', message: v.message };
      const [r] = await enqueue([{ request: v.request, text: v.text, village: villageOf(v.request, kioskVillage), now }]);
      return r!;
    },
    async batch(kioskId, kioskVillage, items, bodyText, now) {
      const validated = validateBatchItems(kioskId, items, bodyText);
      const good = validated.flatMap((v) => (v.ok ? [{ request: v.request, text: v.text, village: villageOf(v.request, kioskVillage), now }] : []));
      const stored = good.length ? await enqueue(good) : [];
      let at = 0;
      const results: RelayBatchResult['results'] = validated.map((v) => {
        if (!v.ok) return { ok: false, id: v.id, status: 422, error: { code: 'invalid', message: v.message } };
        const r = stored[at++]!;
        return r.ok ? { ok: true, id: v.request.id, status: r.status, ack: r.ack } : { ok: false, id: r.id, status: r.status, error: { code: r.code, message: r.message } };
      });
      return { results };
    },
  };
}
