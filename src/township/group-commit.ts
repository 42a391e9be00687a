// Group commit for relayed requests: the PUTs and batches that arrive in one turn of the event
// loop are stored in ONE transaction (one fsync), each inside its own savepoint, and each
// caller is answered only after that transaction has committed. So a 201 still means "on
// disk", while under load many requests share one fsync instead of paying one each. An item
// that throws rolls back only its savepoint; a failed COMMIT fails every caller of the group
// (none was answered yet).
import type { Db } from './db/index.js';

export type GroupCommit = <T>(run: () => T) => Promise<T>;

export interface GroupCommitStats {
  groups: number;
  items: number;
}
const stats = new WeakMap<Db, GroupCommitStats>();

/** How many transactions (groups) and items the relay has committed on this database. */
export function groupCommitStats(db: Db): GroupCommitStats {
  return { ...(stats.get(db) ?? { groups: 0, items: 0 }) };
}

export function groupCommit(db: Db, opts: { maxGroup?: number } = {}): GroupCommit {
  const maxGroup = opts.maxGroup ?? 256;
  const s: GroupCommitStats = { groups: 0, items: 0 };
  stats.set(db, s);
  let queue: Array<{ run: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const group = queue.splice(0, maxGroup);
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
  return <T>(run: () => T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      if (!scheduled) schedule();
    });
}
