// The one-row sync state (content_sync, migration 002) and the "as of" time screens show.
import type { AsOf } from '../contract/content.js';
import type { Db } from '../db/open.js';

export interface SyncState {
  cursor: string | null;
  gen: number;
  resyncing: number;
  embedded_loaded_at: string | null;
  embedded_as_of: string | null;
  last_sync_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  rejected_pages: number;
  last_rejection_at: string | null;
  last_rejection_reason: string | null;
  skipped_items: number;
  applied_items: number;
}

export function readSyncState(db: Db): SyncState {
  return db.prepare('SELECT * FROM content_sync WHERE id = 1').get() as SyncState;
}

/** The last good sync; before any, the date of the embedded sample set. */
export function asOfFrom(s: SyncState): AsOf {
  if (s.last_sync_at) return { at: s.last_sync_at, source: 'township' };
  if (s.embedded_as_of) return { at: s.embedded_as_of, source: 'embedded' };
  return { at: null, source: 'none' };
}
