// The PostgreSQL implementation of the township's SqlStore (sql-store.ts), over a bounded
// node-postgres pool. Selected by TOWNSHIP_DATABASE_URL=postgres://… (open-store.ts).
//
// - SQL arrives with `?` placeholders; each text is translated once to $1, $2, … (never inside
//   quoted literals, quoted identifiers or comments) and the translation is cached.
// - int8 and numeric results (COUNT(*), BIGINT ids) come back as JS numbers, through type
//   parsers local to this pool (the process-wide pg.types are left alone).
// - `tx` holds one pooled client from BEGIN to COMMIT/ROLLBACK; `savepoint` nests inside it.
// - Every connection has a statement_timeout and an idle_in_transaction_session_timeout (a
//   long-open transaction would hold back the change feed's watermark); connecting times out.
// - An error on an idle pooled client (the server restarted, a network blip) is logged and the
//   client dropped: it never reaches the process as an uncaught 'error' event.
// - Migrations (pg/migrations/) run at open under pg_advisory_xact_lock, so two processes
//   starting together never both migrate; a database newer than this code is refused.
import pg from 'pg';
import type { Logger } from '../../log/logger.js';
import type { Migration } from '../../db/migrations/types.js';
import type { RunResult, SqlStore, SqlTx } from './sql-store.js';
import { pgMigrations } from './pg/migrations/index.js';
import { PgListener, type ListenHandlers, type Listening } from './pg-listener.js';

type Params = readonly unknown[];

export interface PgStoreOptions {
  log: Logger;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Give up connecting after this long (default 5000 ms). */
  connectTimeoutMs?: number;
  /** The server cancels any one statement running longer (default 30000 ms). */
  statementTimeoutMs?: number;
  /** The server ends a session idle inside a transaction this long (default 60000 ms). */
  idleInTransactionTimeoutMs?: number;
  /** The migrations to apply (default: all of pg/migrations; tests pass a prefix). */
  migrations?: readonly Migration[];
}

/** The lock every township process takes to migrate ("township" as a 64-bit key). */
const MIGRATION_LOCK = 0x746f776e73686970n;

const INT_OIDS = [20 /* int8 */, 1700 /* numeric */];

/** The URL with its password removed, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString().replace(/^(postgres(?:ql)?:\/\/[^:@/]*):?@/, '$1@');
  } catch {
    return '(an unreadable URL)';
  }
}

function describeTarget(url: string): { host: string; port: string; database: string; user: string } {
  const u = new URL(url);
  return { host: u.hostname || 'localhost', port: u.port || '5432', database: decodeURIComponent(u.pathname.replace(/^\//, '')) || '(the user name)', user: decodeURIComponent(u.username) || '(the system user)' };
}

export class PgStoreError extends Error {
  override name = 'PgStoreError';
}

const translations = new Map<string, string>();
const TRANSLATION_CACHE_LIMIT = 2000;

/** `?` → `$1…`, skipping '…' literals, "…" identifiers, E'…' escapes, -- and block comments. */
export function translatePlaceholders(sql: string): string {
  const hit = translations.get(sql);
  if (hit !== undefined) return hit;
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      const escapes = ch === "'" && i > 0 && /[eE]/.test(sql[i - 1]!) && !/\w/.test(sql[i - 2] ?? ' ');
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (escapes && sql[j] === '\\') {
          j += 2;
          continue;
        }
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end < 0 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, j);
      i = j;
    } else if (ch === '?') {
      out += `$${++n}`;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  if (translations.size >= TRANSLATION_CACHE_LIMIT) translations.clear();
  translations.set(sql, out);
  return out;
}

function values(params: Params): unknown[] {
  return params.map((p) => (p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function queryRows(q: Queryable, sql: string, params: Params): Promise<pg.QueryResult> {
  return q.query({ text: translatePlaceholders(sql), values: values(params) });
}

function runnerOn(q: Queryable, check: () => void = () => {}) {
  return {
    dialect: 'postgres' as const,
    async all<T>(sql: string, params: Params = []): Promise<T[]> {
      check();
      return (await queryRows(q, sql, params)).rows as T[];
    },
    async get<T>(sql: string, params: Params = []): Promise<T | undefined> {
      check();
      return (await queryRows(q, sql, params)).rows[0] as T | undefined;
    },
    async run(sql: string, params: Params = []): Promise<RunResult> {
      check();
      return { changes: (await queryRows(q, sql, params)).rowCount ?? 0 };
    },
  };
}

export class PgStore implements SqlStore {
  readonly dialect = 'postgres' as const;
  private readonly runner: ReturnType<typeof runnerOn>;
  private readonly listeners = new Set<PgListener>();
  /** This process's handlers per channel, for notifyLocal. */
  private readonly localHandlers = new Map<string, Set<(payload: string) => void>>();

  constructor(
    /** The pool (for the store's own tests and the migration runner; modules use the store). */
    readonly pool: pg.Pool,
    readonly where: string,
    private readonly log: Logger,
  ) {
    this.runner = runnerOn(pool);
  }

  all<T>(sql: string, params: Params = []): Promise<T[]> {
    return this.runner.all<T>(sql, params);
  }

  get<T>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.runner.get<T>(sql, params);
  }

  run(sql: string, params: Params = []): Promise<RunResult> {
    return this.runner.run(sql, params);
  }

  /**
   * One statement under a fixed name, on any pooled connection, outside any transaction: each
   * connection parses it once and keeps it prepared (plans reused), for hot statements whose
   * text never changes (the relay's set-based write). The name must belong to this one text.
   * The statement commits on its own, all or nothing; the promise resolves on ReadyForQuery,
   * which PostgreSQL sends only after that commit.
   */
  async prepared<T>(name: string, sql: string, params: Params = []): Promise<T[]> {
    return (await this.pool.query({ name, text: translatePlaceholders(sql), values: values(params) })).rows as T[];
  }

  /** Hears this process's notifyLocal on `channel` (what its NOTIFYs will tell every listener); returns the way to stop. */
  hearLocal(channel: string, onNotify: (payload: string) => void): () => void {
    let set = this.localHandlers.get(channel);
    if (!set) this.localHandlers.set(channel, (set = new Set()));
    set.add(onNotify);
    return () => void set.delete(onNotify);
  }

  notifyLocal(channel: string, payload: string): void {
    for (const h of this.localHandlers.get(channel) ?? []) {
      try {
        h(payload);
      } catch (e) {
        this.log.warn('township.pg.local-notify-failed', { channel, error: (e as Error).message });
      }
    }
  }

  async tx<T>(fn: (q: SqlTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let open = true;
    let broken: Error | undefined;
    let savepoints = 0;
    const base = runnerOn(client, () => {
      if (!open) throw new Error('This transaction has already ended: a statement was run on its runner after tx() returned.');
    });
    const atCommit: Array<[string, string]> = [];
    const runner: SqlTx = {
      ...base,
      notifyLocal: (channel, payload) => void atCommit.push([channel, payload]),
      savepoint: async <R>(inner: (q: SqlTx) => Promise<R>): Promise<R> => {
        const name = `sp${++savepoints}`;
        await base.run(`SAVEPOINT ${name}`);
        try {
          const r = await inner(runner);
          await base.run(`RELEASE SAVEPOINT ${name}`);
          return r;
        } catch (e) {
          await base.run(`ROLLBACK TO SAVEPOINT ${name}`);
          await base.run(`RELEASE SAVEPOINT ${name}`);
          throw e;
        }
      },
    };
    try {
      await client.query('BEGIN');
      const result = await fn(runner);
      await client.query('COMMIT');
      open = false;
      for (const [channel, payload] of atCommit) this.notifyLocal(channel, payload);
      return result;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error; // the connection is gone: drop it from the pool
      }
      throw e;
    } finally {
      open = false;
      client.release(broken);
    }
  }

  async schemaVersion(): Promise<number> {
    const r = await this.get<{ v: number | null }>(`SELECT MAX(version) AS v FROM township_migrations`);
    return r?.v ?? 0;
  }

  /**
   * A dedicated LISTEN connection outside the pool (pg-listener.ts), on the same database and
   * settings; closed with the store.
   */
  listen(channel: string, handlers: ListenHandlers): Listening {
    const o = this.pool.options;
    const l = new PgListener(
      { connectionString: o.connectionString, connectionTimeoutMillis: o.connectionTimeoutMillis, application_name: 'village-kiosk-township-listen', keepAlive: true },
      channel,
      handlers,
      this.log,
      this.where,
    );
    this.listeners.add(l);
    const close = l.close.bind(l);
    l.close = async () => {
      this.listeners.delete(l);
      await close();
    };
    return l;
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((l) => l.close()));
    if (this.pool.ended) return;
    await this.pool.end();
    this.log.info('township.pg.closed', { where: this.where });
  }
}

/** Applies the missing migrations in one transaction under the advisory lock; returns the version reached. */
export async function migratePg(pool: pg.Pool, migrations: readonly Migration[], log: Logger): Promise<number> {
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`PostgreSQL migration ${m.name} has version ${m.version} where ${i + 1} was expected: versions run 1, 2, 3 … with no gaps`);
  });
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    await client.query(`CREATE TABLE IF NOT EXISTS township_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const r = await client.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM township_migrations`);
    const current = r.rows[0]?.v ?? 0;
    if (current > latest) {
      throw new PgStoreError(`This database is at township schema version ${current}, newer than this township server knows (${latest}): it was migrated by a newer release. Run that release (or newer), or restore a backup made for this one; nothing was changed.`);
    }
    for (const m of migrations.slice(current)) {
      if (m.sql.trim()) await client.query(m.sql);
      await client.query(`INSERT INTO township_migrations(version, name, applied_at) VALUES ($1, $2, $3)`, [m.version, m.name, new Date().toISOString()]);
      log.info('township.pg.migrated', { version: m.version, name: m.name });
    }
    await client.query('COMMIT');
    return Math.max(current, latest);
  } catch (e) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw e;
  } finally {
    client.release(broken);
  }
}

/** Like pg's own parsers, except int8 and numeric: JS numbers (the township's integers fit). */
const localTypeParser = ((oid: number, format?: 'text' | 'binary'): unknown =>
  INT_OIDS.includes(oid) ? (v: string) => Number(v) : format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text')) as typeof pg.types.getTypeParser;

export async function openPgStore(url: string, opts: PgStoreOptions): Promise<PgStore> {
  let target: ReturnType<typeof describeTarget>;
  try {
    target = describeTarget(url);
    if (!/^postgres(ql)?:$/.test(new URL(url).protocol)) throw new Error('not postgres:');
  } catch {
    throw new PgStoreError(`TOWNSHIP_DATABASE_URL is not a PostgreSQL URL: expected postgres://user:password@host:port/database (got ${redactUrl(url)})`);
  }
  const where = redactUrl(url);
  const statementTimeout = opts.statementTimeoutMs ?? 30_000;
  const idleInTx = opts.idleInTransactionTimeoutMs ?? 60_000;
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeout,
    idle_in_transaction_session_timeout: idleInTx,
    application_name: 'village-kiosk-township',
    types: { getTypeParser: localTypeParser },
  });
  pool.on('error', (e) => {
    opts.log.warn('township.pg.idle-client-error', { where, error: e.message });
  });
  const log = opts.log.child({ store: 'postgres' });
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => {});
    const reason = (e as Error).message.replaceAll(url, where);
    throw new PgStoreError(`cannot reach the township's PostgreSQL database "${target.database}" at ${target.host}:${target.port} as user ${target.user}: ${reason}. Check that the server runs and TOWNSHIP_DATABASE_URL is right.`);
  }
  try {
    const version = await migratePg(pool, opts.migrations ?? pgMigrations, log);
    log.info('township.pg.opened', { where, schemaVersion: version, poolSize: opts.poolSize ?? 10 });
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
  return new PgStore(pool, where, opts.log);
}
