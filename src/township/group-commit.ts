// Group commit for relayed requests: the PUTs and batches that arrive in one turn of the event
// loop are stored in ONE transaction (one fsync), each inside its own savepoint, and each
// caller is answered only after that transaction has committed. So a 201 still means "on
// disk", while under load many requests share one fsync instead of paying one each. An item
// that throws rolls back only its savepoint; a failed COMMIT fails every caller of the group
// (none was answered yet).
import type { Db } from './db/index.js';

/** `weight`: how many requests `run` stores (a batch counts its items). */
export type GroupCommit = <T>(run: () => T, weight?: number) => Promise<T>;

export interface GroupCommitStats {
  groups: number;
  items: number;
}
const stats = new WeakMap<Db, GroupCommitStats>();

/** How many transactions (groups) and items the relay has committed on this database. */
export function groupCommitStats(db: Db): GroupCommitStats {
  return { ...(stats.get(db) ?? { groups: 0, items: 0 }) };
}

/**
 * `maxWeight` bounds a group's work (requests stored), not only its fsyncs: the whole group runs
 * synchronously, so a group of many batches would hold the event loop for too long.
 */
export function groupCommit(db: Db, opts: { maxWeight?: number } = {}): GroupCommit {
  const maxWeight = opts.maxWeight ?? 64;
  const s: GroupCommitStats = { groups: 0, items: 0 };
  stats.set(db, s);
  const queue: Array<{ run: () => unknown; weight: number; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    let n = 0;
    let w = 0;
    while (n < queue.length && (n === 0 || w + queue[n]!.weight <= maxWeight)) w += queue[n++]!.weight;
    const group = queue.splice(0, n);
    if (queue.length) schedule();
    const results: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.transaction(() => {
        for (const item of group) {
          try {
            results.push({ ok: true, value: db.transaction(item.run)() });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      }).immediate();
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
  const schedule = () => {
    scheduled = true;
    setImmediate(flush);
  };
  return <T>(run: () => T, weight = 1) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, weight, resolve: resolve as (v: unknown) => void, reject });
      if (!scheduled) schedule();
    });
}
