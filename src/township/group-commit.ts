// Group commit for relayed requests: the PUTs and batches that arrive in one turn of the event
// loop are stored in ONE transaction (one fsync), each inside its own savepoint, and each
// caller is answered only after that transaction has committed. So a 201 still means "on
// disk", while under load many requests share one fsync instead of paying one each. An item
// that throws rolls back only its savepoint; a failed COMMIT fails every caller of the group
// (none was answered yet).
// SQLite's writer (request-writer.ts); PostgreSQL's writes each group with set-based
// statements instead (requests-many-pg.ts), and counts its groups here too.
import type { SqlStore, SqlTx } from './store/sql-store.js';
import type { SqlTarget } from './store/in-tx.js';

/**
 * `run` gets where to write: a savepoint of the group's transaction (SQLite) or the store
 * (PostgreSQL); run it with inTx (store/in-tx.ts). `weight`: how many requests it stores (a
 * batch counts its items).
 */
export type GroupCommit = <T>(run: (t: SqlTarget) => Promise<T>, weight?: number) => Promise<T>;

export interface GroupCommitStats {
  groups: number;
  items: number;
}
const stats = new WeakMap<SqlStore, GroupCommitStats>();

/** How many transactions (groups) and items the relay has committed on this store. */
export function groupCommitStats(store: SqlStore): GroupCommitStats {
  return { ...(stats.get(store) ?? { groups: 0, items: 0 }) };
}

/** Counts one committed group of `items` requests (the PostgreSQL writer's groups). */
export function recordGroup(store: SqlStore, items: number): void {
  let s = stats.get(store);
  if (!s) stats.set(store, (s = { groups: 0, items: 0 }));
  s.groups++;
  s.items += items;
}

/**
 * `maxWeight` bounds a group's work (requests stored), not only its fsyncs: the whole group
 * holds the one SQLite connection, so a group of many batches would make others wait too long.
 */
export function groupCommit(store: SqlStore, opts: { maxWeight?: number } = {}): GroupCommit {
  const maxWeight = opts.maxWeight ?? 64;
  const s: GroupCommitStats = stats.get(store) ?? { groups: 0, items: 0 };
  stats.set(store, s);
  type Item = { run: (t: SqlTx) => Promise<unknown>; weight: number; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  const queue: Item[] = [];
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    let n = 0;
    let w = 0;
    while (n < queue.length && (n === 0 || w + queue[n]!.weight <= maxWeight)) w += queue[n++]!.weight;
    const group = queue.splice(0, n);
    if (queue.length) schedule();
    const results: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await store.tx(
        async (q) => {
          for (const item of group) {
            try {
              results.push({ ok: true, value: await q.savepoint((sp) => item.run(sp)) });
            } catch (error) {
              results.push({ ok: false, error });
            }
          }
        },
        { immediate: true },
      );
      s.groups++;
      s.items += group.length;
    } catch (e) {
      for (const item of group) item.reject(e);
      return;
    }
    group.forEach((item, i) => {
      const r = results[i]!;
      if (r.ok) item.resolve(r.value);
      else item.reject(r.error);
    });
  };
  // One group at a time: while a group's transaction is open, the next group keeps filling.
  let running: Promise<void> = Promise.resolve();
  const schedule = () => {
    scheduled = true;
    setImmediate(() => {
      running = running.then(flush).catch(() => undefined);
    });
  };
  return <T>(run: (t: SqlTarget) => Promise<T>, weight = 1) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, weight, resolve: resolve as (v: unknown) => void, reject });
      if (!scheduled) schedule();
    });
}
