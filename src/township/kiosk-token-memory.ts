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
//   own connection (store/pg-listener.ts) and forgets that kiosk. A token read while LISTEN is
//   in place is remembered for LISTENING_MEMORY_MS (the safety net for a lost notification);
//   one read before LISTEN was up, only for SHORT_MEMORY_MS. When LISTEN is lost, everything
//   remembered is forgotten (notifications may be missed until it is back).
// - SQLite (one township process, and the CLI now and then): a lookup first reads
//   `data_version`, at most every 250 ms (one statement that reads no table; it moves when
//   ANOTHER connection commits: the CLI issuing or revoking a token, or anything else), so such
//   a change takes effect within 250 ms. When it moved, everything
//   remembered is forgotten; while it stays, a token is trusted for LISTENING_MEMORY_MS. The
//   township's own changes do not move it: those forget the kiosk directly.
//
// A read that was in flight when a notification arrived is not remembered (it may predate the
// change it announces): every notification and every loss of LISTEN moves a generation, and
// only a read that started and ended in one generation is kept.
import type { SqlStore } from './store/sql-store.js';
import type { KioskRow } from './kiosks.js';
import { canListen, type Listening } from './store/pg-listener.js';

export const KIOSK_TOKENS_CHANNEL = 'township_kiosk_tokens';
/** Without LISTEN: another process's change takes effect within this long. */
export const SHORT_MEMORY_MS = 10_000;
/** With LISTEN in place: a token is read again at least this often. */
export const LISTENING_MEMORY_MS = 10 * 60_000;
const MAX_REMEMBERED = 500_000;
/** SQLite: how often data_version is read (so another connection's token change takes effect within this long). */
export const CHECK_OTHER_WRITERS_MS = 250;

export class KioskTokenMemory {
  /** Tokens answered from memory (for tests and the bench). */
  hits = 0;
  /** Tokens read from the store. */
  reads = 0;
  /** `long`: read while changes are heard (LISTEN in place, or SQLite), so trusted LISTENING_MEMORY_MS, not SHORT_MEMORY_MS. */
  private readonly byHash = new Map<string, { row: KioskRow; at: number; long: boolean }>();
  private generation = 0;
  private listener: Listening | null = null;
  /** SQLite: the data_version the remembered tokens were read under. */
  private dataVersion: number | null = null;
  private checkedAt = -Infinity;

  constructor(private readonly store: SqlStore) {
    if (!canListen(store)) return;
    this.listener = store.listen(KIOSK_TOKENS_CHANNEL, {
      onNotify: (kioskId) => this.forgetKiosk(kioskId),
      // Back (or up for the first time): nothing to do. Tokens read before, and a read in
      // flight now, began while LISTEN was down, so they are trusted only SHORT_MEMORY_MS.
      onReady: () => {},
      onLost: () => this.forgetAll(),
    });
  }

  /** The LISTEN connection (PostgreSQL), for tests. */
  get listening(): Listening | null {
    return this.listener;
  }

  /** How long a remembered token is trusted now. */
  get memoryMs(): number {
    return this.store.dialect === 'sqlite' || this.listener?.ready ? LISTENING_MEMORY_MS : SHORT_MEMORY_MS;
  }

  /** SQLite: forgets everything if another connection has committed since the tokens were read. PostgreSQL: nothing. */
  async checkOtherWriters(now = Date.now()): Promise<void> {
    if (this.store.dialect !== 'sqlite') return;
    // At most every CHECK_OTHER_WRITERS_MS: a statement per lookup cost 15% of the PUT rate.
    if (now - this.checkedAt >= 0 && now - this.checkedAt < CHECK_OTHER_WRITERS_MS) return;
    this.checkedAt = now;
    const v = Number((await this.store.get<{ v: number }>(`SELECT data_version AS v FROM pragma_data_version`))!.v);
    if (v !== this.dataVersion) {
      this.forgetAll();
      this.dataVersion = v;
    }
  }

  /** The remembered kiosk for a token hash, if it is still trusted. */
  get(hash: string, now: number): KioskRow | undefined {
    const hit = this.byHash.get(hash);
    if (!hit) return undefined;
    const limit = hit.long ? this.memoryMs : SHORT_MEMORY_MS;
    if (now - hit.at < 0 || now - hit.at >= limit) {
      this.byHash.delete(hash);
      return undefined;
    }
    this.hits++;
    return hit.row;
  }

  /** Reads a token through `read`, and remembers the answer unless a change was announced meanwhile. */
  async read(hash: string, now: number, read: () => Promise<KioskRow | null>): Promise<KioskRow | null> {
    const gen = this.generation;
    const long = this.memoryMs === LISTENING_MEMORY_MS;
    this.reads++;
    const row = await read();
    if (!row) {
      this.byHash.delete(hash);
      return null;
    }
    if (gen === this.generation) {
      if (this.byHash.size >= MAX_REMEMBERED) this.byHash.clear();
      this.byHash.set(hash, { row, at: now, long });
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
