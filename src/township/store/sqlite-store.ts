// The SQLite implementation of the township's SqlStore (sql-store.ts): better-sqlite3 over
// one file, opened with the kiosk's durability settings (WAL, synchronous=FULL).
//
// better-sqlite3 is synchronous and has one connection, so a transaction that awaits would let
// other callers' statements run inside it. This store therefore serialises: while a
// transaction is open, every other call waits its turn (FIFO); with none open, a call runs at
// once. A transaction or call started from inside a transaction on the same store would wait
// for itself forever: it is refused with an error that says to use the runner instead.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../../db/open.js';
import { cached } from '../../db/statement-cache.js';
import type { RunResult, SqlRunner, SqlStore, SqlTx } from './sql-store.js';

type Params = readonly unknown[];

export class SqliteStore implements SqlStore {
  readonly dialect = 'sqlite' as const;
  private held = false;
  private readonly waiters: Array<() => void> = [];
  private readonly inTx = new AsyncLocalStorage<true>();
  private savepoints = 0;

  constructor(
    /** The better-sqlite3 handle (for migrations and the store's own tests; modules use the store). */
    readonly db: Db,
    readonly where: string,
  ) {}

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.outside(() => cached(this.db, sql).all(...params) as T[]);
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.outside(() => cached(this.db, sql).get(...params) as T | undefined);
  }

  run(sql: string, params: Params = []): Promise<RunResult> {
    return this.outside(() => ({ changes: cached(this.db, sql).run(...params).changes }));
  }

  async tx<T>(fn: (q: SqlTx) => Promise<T>, opts: { immediate?: boolean } = {}): Promise<T> {
    this.refuseInsideTx('tx');
    await this.acquire();
    let open = true;
    const runner = this.txRunner(() => open);
    try {
      this.db.exec(opts.immediate ? 'BEGIN IMMEDIATE' : 'BEGIN');
      const result = await this.inTx.run(true, () => fn(runner));
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    } finally {
      open = false;
      this.release();
    }
  }

  schemaVersion(): Promise<number> {
    return this.outside(() => this.db.pragma('user_version', { simple: true }) as number);
  }

  async close(): Promise<void> {
    await this.acquire();
    try {
      if (this.db.open) this.db.close();
    } finally {
      this.release();
    }
  }

  // ---- internals ------------------------------------------------------------------------

  private txRunner(isOpen: () => boolean): SqlTx {
    const check = () => {
      if (!isOpen()) throw new Error('This transaction has already ended: a statement was run on its runner after tx() returned.');
    };
    const runner: SqlTx = {
      dialect: 'sqlite',
      all: <T>(sql: string, params: Params = []) => settle(() => (check(), cached(this.db, sql).all(...params) as T[])),
      get: <T>(sql: string, params: Params = []) => settle(() => (check(), cached(this.db, sql).get(...params) as T | undefined)),
      run: (sql: string, params: Params = []) => settle(() => (check(), { changes: cached(this.db, sql).run(...params).changes })),
      savepoint: async <T>(fn: (q: SqlTx) => Promise<T>): Promise<T> => {
        check();
        const name = `sp${++this.savepoints}`;
        this.db.exec(`SAVEPOINT ${name}`);
        try {
          const r = await fn(runner);
          this.db.exec(`RELEASE ${name}`);
          return r;
        } catch (e) {
          this.db.exec(`ROLLBACK TO ${name}`);
          this.db.exec(`RELEASE ${name}`);
          throw e;
        }
      },
    };
    return runner;
  }

  /** A call outside any transaction: now when the store is free, else after the open transaction. */
  private outside<T>(work: () => T): Promise<T> {
    // (A refusal is a rejected promise, like every other failure of a call, never a synchronous throw.)
    if (this.inTx.getStore()) return settle(() => this.refuseInsideTx('a statement') as never);
    if (!this.held) return settle(work);
    return this.acquire().then(() => {
      try {
        return work();
      } finally {
        this.release();
      }
    });
  }

  private refuseInsideTx(what: string): void {
    if (this.inTx.getStore()) {
      throw new Error(`${what} was started on the store from inside one of its transactions, which would wait for itself; use the runner that tx() passed in instead.`);
    }
  }

  private acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/** For code that must also take a runner inside a transaction: the store itself is a runner. */
export type { SqlRunner };
