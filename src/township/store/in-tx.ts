// Running a unit of work atomically whether the caller holds a store or is already inside one
// of its transactions: a store opens a transaction (immediate: the write lock at BEGIN on
// SQLite, so a read-then-write cannot deadlock on the upgrade), a transaction runner opens a
// savepoint (the unit's failure rolls back only itself). better-sqlite3's nested
// db.transaction() behaved the same way, so modules keep their shape.
import type { SqlRunner, SqlStore, SqlTx } from './sql-store.js';

/** Where a write can run: the store itself, or a transaction the caller has open. */
export type SqlTarget = SqlStore | SqlTx;

export function isStore(t: SqlRunner): t is SqlStore {
  return typeof (t as Partial<SqlStore>).tx === 'function';
}

export function inTx<T>(t: SqlTarget, fn: (q: SqlTx) => Promise<T>): Promise<T> {
  return isStore(t) ? t.tx(fn, { immediate: true }) : t.savepoint(fn);
}
