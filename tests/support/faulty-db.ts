// A real SQLite database that can be told to fail like a dying disk: while `failing` is on,
// every statement, transaction, pragma and exec throws better-sqlite3's SqliteError with
// code SQLITE_IOERR ("disk I/O error"), as a disk that stops accepting writes does.
// Statements prepared before the switch fail too (the wrapper checks at call time).
import Database from 'better-sqlite3';
import type { Db } from '../../src/db/open.js';

export interface FaultyDb {
  db: Db;
  fail(on: boolean): void;
  /** How many calls threw because of fail(true). */
  thrown(): number;
}

export function faultyDb(real: Db): FaultyDb {
  let failing = false;
  let thrown = 0;
  const check = () => {
    if (failing) {
      thrown++;
      throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR');
    }
  };
  const wrapStatement = (stmt: object) =>
    new Proxy(stmt, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        if (prop === 'run' || prop === 'get' || prop === 'all' || prop === 'iterate') {
          return (...args: unknown[]) => {
            check();
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return (...args: unknown[]) => {
          const out = (v as (...a: unknown[]) => unknown).apply(target, args);
          return out === target ? receiver : out; // keep chaining (pluck(), raw() ...) on the wrapper
        };
      },
    });
  const db = new Proxy(real, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (prop === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql));
      if (prop === 'transaction') {
        return (fn: (...a: unknown[]) => unknown) => {
          const tx = target.transaction(fn);
          const guard = (run: (...a: unknown[]) => unknown) => (...a: unknown[]) => {
            check();
            return run(...a);
          };
          return Object.assign(guard(tx), { deferred: guard((...a) => tx.deferred(...a)), immediate: guard((...a) => tx.immediate(...a)), exclusive: guard((...a) => tx.exclusive(...a)) });
        };
      }
      if (prop === 'pragma' || prop === 'exec') {
        return (...args: unknown[]) => {
          check();
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    db,
    fail(on) {
      failing = on;
    },
    thrown: () => thrown,
  };
}
