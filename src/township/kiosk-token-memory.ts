// Known kiosk tokens, remembered so that a kiosk's poll or PUT does not read the kiosks table
// (issue 13 §4: an up-to-date poll is answered without reading the database).
//
// A kiosk polls about once a minute, so a memory of 10 s (the old rule) never hit at real
// rates: at 100,000 kiosks every poll and PUT read its token, and on PostgreSQL that read was
// half the cost of an up-to-date poll. How long a token is remembered depends on how this
// process learns that a token changed (issued again, revoked):
//
// - Every store: a change made by THIS process forgets the kiosk's tokens at once
//   (forgetKiosk, or a notification at commit).
// - PostgreSQL: every token change also sends NOTIFY on KIOSK_TOKENS_CHANNEL with the kiosk id,
//   in the same statement as the change (sent only if it commits). Each process LISTENs on its
//   own connection (store/pg-listener.ts) and forgets that kiosk. While LISTEN is in place a
//   token is remembered for LISTENING_MEMORY_MS (the safety net for a lost notification); while
//   it is down, and until it is back, only for SHORT_MEMORY_MS, and everything remembered from
//   before is forgotten (notifications may have been missed).
// - SQLite (one township process, and the CLI now and then): SHORT_MEMORY_MS. A token read
//   there costs microseconds.
//
// A read that was in flight when a notification arrived is not remembered (it may predate the
// change it announces): every notification and every loss or return of LISTEN moves a
// generation, and only a read that started and ended in one generation is kept.
import type { SqlStore } from './store/sql-store.js';
import { canListen, type Listening } from './store/pg-listener.js';

export const KIOSK_TOKENS_CHANNEL = 'township_kiosk_tokens';
/** Without LISTEN: another process's change takes effect within this long. */
export const SHORT_MEMORY_MS = 10_000;
/** With LISTEN in place: a token is read again at least this often. */
export const LISTENING_MEMORY_MS = 10 * 60_000;
const MAX_REMEMBERED = 500_000;

export interface RememberedKiosk {
  kioskId: string;
  village: string;
  issuedAt: string;
  lastSeenAt: string | null;
}

export class KioskTokenMemory {
  /** Tokens answered from memory (for tests and the bench). */
  hits = 0;
  /** Tokens read from the store. */
  reads = 0;
  private readonly byHash = new Map<string, { row: RememberedKiosk; at: number }>();
  private generation = 0;
  private listener: Listening | null = null;

  constructor(store: SqlStore) {
    if (!canListen(store)) return;
    this.listener = store.listen(KIOSK_TOKENS_CHANNEL, {
      onNotify: (kioskId) => this.forgetKiosk(kioskId),
      onReady: () => this.forgetAll(),
      onLost: () => this.forgetAll(),
    });
  }

  /** The LISTEN connection (PostgreSQL), for tests. */
  get listening(): Listening | null {
    return this.listener;
  }

  /** How long a remembered token is trusted now. */
  get memoryMs(): number {
    return this.listener?.ready ? LISTENING_MEMORY_MS : SHORT_MEMORY_MS;
  }

  /** The remembered kiosk for a token hash, if it is still trusted. */
  get(hash: string, now: number): RememberedKiosk | undefined {
    const hit = this.byHash.get(hash);
    if (!hit) return undefined;
    if (now - hit.at < 0 || now - hit.at >= this.memoryMs) {
      this.byHash.delete(hash);
      return undefined;
    }
    this.hits++;
    return hit.row;
  }

  /** Reads a token through `read`, and remembers the answer unless a change was announced meanwhile. */
  async read(hash: string, now: number, read: () => Promise<RememberedKiosk | null>): Promise<RememberedKiosk | null> {
    const gen = this.generation;
    this.reads++;
    const row = await read();
    if (!row) {
      this.byHash.delete(hash);
      return null;
    }
    if (gen === this.generation) {
      if (this.byHash.size >= MAX_REMEMBERED) this.byHash.clear();
      this.byHash.set(hash, { row, at: now });
    }
    return row;
  }

  /** A kiosk's token changed: forget whatever is remembered for it. */
  forgetKiosk(kioskId: string): void {
    this.generation++;
    for (const [hash, { row }] of this.byHash) if (row.kioskId === kioskId) this.byHash.delete(hash);
  }

  forgetAll(): void {
    this.generation++;
    this.byHash.clear();
  }
}

const memories = new WeakMap<SqlStore, KioskTokenMemory>();

/** The token memory of a store (created, and on PostgreSQL listening, on first use). */
export function kioskTokenMemory(store: SqlStore): KioskTokenMemory {
  let m = memories.get(store);
  if (!m) memories.set(store, (m = new KioskTokenMemory(store)));
  return m;
}

/**
 * The end of a statement that changes kiosks' tokens (`… RETURNING` it with the kiosk id
 * column): on PostgreSQL it sends the notification in that statement, so every process hears
 * of the change exactly when it commits. Empty on SQLite.
 */
export function announceTokenChange(store: SqlStore, kioskIdColumn: string): string {
  return store.dialect === 'postgres' ? ` RETURNING pg_notify('${KIOSK_TOKENS_CHANNEL}', ${kioskIdColumn}) AS announced` : '';
}
