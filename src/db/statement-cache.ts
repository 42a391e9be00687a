// Prepared statements, cached per database and SQL text. Preparing is the expensive part of
// a small query, so hot paths (the township's batch ingest, per-item feed writes) reuse them.
import type Database from 'better-sqlite3';

type Db = Database.Database;
const caches = new WeakMap<Db, Map<string, Database.Statement>>();

export function cached(db: Db, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}
