// The township's storage interface (issue 13 §1): every township module reaches its data
// through a SqlStore, never through a database driver. Two implementations:
//   sqlite-store.ts  the embedded default (better-sqlite3, one file in the data directory);
//   pg-store.ts      PostgreSQL, selected by TOWNSHIP_DATABASE_URL=postgres://… (node-postgres).
//
// SQL handed to a store is written once, in the subset both dialects share:
//   - `?` placeholders (the PostgreSQL store numbers them $1, $2, …);
//   - INSERT … ON CONFLICT (…) DO NOTHING / DO UPDATE, and RETURNING instead of a driver's
//     "last insert id"; never INSERT OR IGNORE / OR REPLACE, sqlite_sequence or datetime();
//   - timestamps as ISO-8601 TEXT, booleans as INTEGER 0/1, integers that fit a JS number
//     (the PostgreSQL store returns int8/numeric columns such as COUNT(*) as numbers);
//   - case-insensitive matching written out (LOWER(x) LIKE LOWER(?)), since LIKE differs.
// Where the dialects must differ (the change feed's commit-safe cursor), the module branches on
// `store.dialect` and keeps each dialect's SQL beside the other.
//
// Transactions: `tx` runs its function inside one transaction and commits when the promise
// resolves (rolls back when it rejects). Inside it, use only the runner it is given. On SQLite
// a transaction holds the one connection, so every other call waits for it: keep awaits inside a
// transaction to database calls (hash passwords, sign pages, fetch files before or after).

export type Dialect = 'sqlite' | 'postgres';

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

export interface SqlRunner {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  run(sql: string, params?: readonly unknown[]): Promise<RunResult>;
  /**
   * PostgreSQL: tells this process's own listeners of `channel` (PgStore.listen) what a NOTIFY
   * of this runner's will tell every process, as soon as it has committed: inside a
   * transaction at its COMMIT (never after a rollback), outside one at once (the statement has
   * committed). The NOTIFY still goes out; this only spares this process the moment it takes
   * to arrive, so a change is seen by the next request this same process answers. SQLite has
   * no listeners (its feed marks follow a change token).
   */
  notifyLocal?(channel: string, payload: string): void;
}

export interface SqlTx extends SqlRunner {
  /** A nested unit inside the transaction (SAVEPOINT): its failure rolls back only itself. */
  savepoint<T>(fn: (q: SqlTx) => Promise<T>): Promise<T>;
}

export interface SqlStore extends SqlRunner {
  /** Where the data lives, for logs and errors (a file path, or the URL without its password). */
  readonly where: string;
  /** `immediate` (SQLite): take the write lock at BEGIN; PostgreSQL ignores it. */
  tx<T>(fn: (q: SqlTx) => Promise<T>, opts?: { immediate?: boolean }): Promise<T>;
  /** The schema version the store is at (the number of township migrations applied). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
