// What the attendant's dashboard shows beyond the queue: today's requests with their states
// (masked phones), and the township link facts (address, last sync, content version).
import type { Db } from '../db/open.js';
import { maskPhone } from '../requests/views.js';
import { readSyncState } from '../content/sync-state.js';

export interface TodayRequest {
  code: string;
  type: string;
  createdAt: string;
  maskedPhone: string;
  /** Where it is on the kiosk: queued, attempting, sent, needs-attention, cancelled. */
  outbox: string;
  /** The township's status once it has sent one back, else null. */
  township: string | null;
  assistedBy: string | null;
}

/** Midnight of `now`'s day in the kiosk's local time zone. */
export function startOfDay(now: Date): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function todaysRequests(db: Db, now: Date, limit = 100): TodayRequest[] {
  const rows = db
    .prepare(
      `SELECT r.code, r.type, r.created_at, r.phone, r.assisted_by, o.state, s.status
       FROM requests r JOIN outbox o ON o.request_id = r.id LEFT JOIN request_status s ON s.request_id = r.id
       WHERE r.created_ms >= ? ORDER BY r.created_ms DESC LIMIT ?`,
    )
    .all(startOfDay(now), limit) as Array<{ code: string; type: string; created_at: string; phone: string; assisted_by: string | null; state: string; status: string | null }>;
  return rows.map((r) => ({ code: r.code, type: r.type, createdAt: r.created_at, maskedPhone: maskPhone(r.phone), outbox: r.state, township: r.status, assistedBy: r.assisted_by }));
}

export interface TownshipFacts {
  url: string | null;
  lastSyncAt: string | null;
  /** The change-feed cursor the kiosk's content is at ("embedded" before the first sync). */
  contentVersion: string;
}

export function townshipFacts(db: Db, url: string | null): TownshipFacts {
  const s = readSyncState(db);
  const contentVersion = s.cursor ? `${s.cursor} (gen ${s.gen})` : s.embedded_as_of ? `embedded ${s.embedded_as_of}` : 'none';
  return { url, lastSyncAt: s.last_sync_at, contentVersion };
}
