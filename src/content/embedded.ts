// The embedded default content (resources/content/*.json): loaded into empty content tables
// on first run, so a kiosk with no township still has policies and jobs to show.
// Sample job dates are moved forward by the days since the set was generated, so the
// sample postings are not all expired on a kiosk installed months later; a policy deadline
// that has passed moves to the same day of the next year; "last updated" dates stay as written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../app-paths.js';
import type { Db } from '../db/open.js';
import type { Logger } from '../log/logger.js';
import { JobBody, PolicyBody } from '../protocol/content.js';
import type { ContentStore } from './store.js';
import { freshJobDates, freshPolicyDeadline, sampleShiftDays } from './sample-dates.js';

interface EmbeddedFile {
  asOf: string;
  items: Array<{ id: string; version: number; body: unknown }>;
}


export interface EmbeddedLoadResult {
  loaded: boolean;
  policies: number;
  jobs: number;
  skipped: number;
}

/** Loads the embedded set when both content tables are empty and nothing was ever loaded or synced. */
export function loadEmbeddedContent(db: Db, store: ContentStore, log: Logger, now: Date, dir = path.join(resourcesDir, 'content')): EmbeddedLoadResult {
  const state = db.prepare('SELECT embedded_loaded_at, cursor, last_sync_at FROM content_sync WHERE id = 1').get() as { embedded_loaded_at: string | null; cursor: string | null; last_sync_at: string | null };
  const counts = store.counts();
  if (state.embedded_loaded_at || state.cursor || state.last_sync_at || counts.policies + counts.jobs > 0) return { loaded: false, policies: 0, jobs: 0, skipped: 0 };
  let policies: EmbeddedFile;
  let jobs: EmbeddedFile;
  try {
    policies = JSON.parse(readFileSync(path.join(dir, 'policies.json'), 'utf8')) as EmbeddedFile;
    jobs = JSON.parse(readFileSync(path.join(dir, 'jobs.json'), 'utf8')) as EmbeddedFile;
  } catch (e) {
    log.error('content-embedded-unreadable', { dir, error: e, message: 'the sample content shipped with the kiosk could not be read; the kiosk starts with no policies or jobs until the township syncs' });
    return { loaded: false, policies: 0, jobs: 0, skipped: 0 };
  }
  const shift = sampleShiftDays(jobs.asOf, now);
  let skipped = 0;
  let nPolicies = 0;
  let nJobs = 0;
  db.transaction(() => {
    for (const item of policies.items) {
      const parsed = PolicyBody.safeParse(item.body);
      if (!parsed.success) {
        skipped++;
        log.warn('content-embedded-item-skipped', { id: item.id, issue: parsed.error.issues[0]?.message });
        continue;
      }
      const body = { ...parsed.data, deadline: freshPolicyDeadline(parsed.data.deadline, now) };
      store.upsertPolicy(item.id, item.version, body, 'embedded', 0);
      nPolicies++;
    }
    for (const item of jobs.items) {
      const parsed = JobBody.safeParse(item.body);
      if (!parsed.success) {
        skipped++;
        log.warn('content-embedded-item-skipped', { id: item.id, issue: parsed.error.issues[0]?.message });
        continue;
      }
      const body = freshJobDates(parsed.data, shift);
      store.upsertJob(item.id, item.version, body, 'embedded', 0);
      nJobs++;
    }
    db.prepare('UPDATE content_sync SET embedded_loaded_at = ?, embedded_as_of = ? WHERE id = 1').run(now.toISOString(), policies.asOf.slice(0, 10));
  })();
  store.optimize();
  log.info('content-embedded-loaded', { policies: nPolicies, jobs: nJobs, skipped, shiftedDays: shift });
  return { loaded: true, policies: nPolicies, jobs: nJobs, skipped };
}
