// Serialising the writers of one item (a content item, a household's cards, an official's
// account) across every township process sharing one database, for the read-then-write units
// that cannot be one statement (issue 13 §3).
//
// PostgreSQL (READ COMMITTED): a transaction-scoped advisory lock on a hash of (scope, key),
// released at COMMIT/ROLLBACK. It is taken before the unit writes anything, so the waiting
// transaction has no transaction id yet: it gets one only after the holder committed, and the
// change feed's (txid, seq) order of one item's changes is their commit order.
// SQLite: nothing to do. inTx opens an immediate transaction (the database's write lock at
// BEGIN), so writers are already one at a time; inside a caller's transaction the caller holds it.
import { createHash } from 'node:crypto';
import type { SqlTx } from './sql-store.js';

/** The advisory-lock class of these locks (the two-key space; the migration lock is a one-key lock). */
const ITEM_LOCK_CLASS = 0x766b6c6b; // "vklk"

/** The 32-bit key of (scope, key): a collision only makes two unrelated items wait for each other. */
export function itemLockKey(scope: string, key: string): number {
  return createHash('sha256').update(`${scope}\0${key}`).digest().readInt32BE(0);
}

/**
 * Holds the item's lock until the transaction `q` ends. Call first in the unit, before any write.
 * Each lock held is a slot in PostgreSQL's shared lock table (max_locks_per_transaction times
 * the connections) until the transaction ends: a transaction publishing hundreds of items (the
 * sample seed, 366) fits easily; one publishing tens of thousands should be split.
 */
export async function lockItem(q: SqlTx, scope: string, key: string): Promise<void> {
  if (q.dialect !== 'postgres') return;
  await q.get(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(?, ?)) AS l`, [ITEM_LOCK_CLASS, itemLockKey(scope, key)]);
}
