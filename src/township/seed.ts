// Seeds an empty township with the sample content the kiosk also ships with
// (resources/content/policies.json and jobs.json, written by the content engineer), so
// `npm run demo` shows the whole loop with realistic data. Job dates are moved forward by
// the days since the set was generated, as the kiosk's embedded loader does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../app-paths.js';
import { inTx, type SqlTarget } from './store/in-tx.js';
import { contentCount, upsertContent } from './content.js';
import { freshJobDates, freshPolicyDeadline, sampleShiftDays } from '../content/sample-dates.js';

interface SampleFile {
  asOf: string;
  items: Array<{ id: string; version: number; body: Record<string, unknown> }>;
}


export interface SeedResult {
  seeded: boolean;
  policies: number;
  jobs: number;
  skipped: Array<{ id: string; message: string }>;
}

/** Does nothing when the township already has content (seeded, published or unpublished). */
export async function seedSampleContent(store: SqlTarget, now: Date, dir = path.join(resourcesDir, 'content')): Promise<SeedResult> {
  if (await contentCount(store) > 0) return { seeded: false, policies: 0, jobs: 0, skipped: [] };
  const read = (name: string) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as SampleFile;
  const policies = read('policies.json');
  const jobs = read('jobs.json');
  const shift = sampleShiftDays(jobs.asOf, now);
  const result: SeedResult = { seeded: true, policies: 0, jobs: 0, skipped: [] };
  await inTx(store, async (q) => {
    for (const item of policies.items) {
      const body = { ...item.body, deadline: typeof item.body.deadline === 'string' ? freshPolicyDeadline(item.body.deadline, now) : item.body.deadline };
      const r = await upsertContent(q, 'policy', item.id, body, 'sample', now, item.version);
      if (r.ok) result.policies++;
      else result.skipped.push({ id: item.id, message: r.message });
    }
    for (const item of jobs.items) {
      const body = freshJobDates({ ...item.body, datePosted: String(item.body.datePosted), validThrough: String(item.body.validThrough) }, shift);
      const r = await upsertContent(q, 'job', item.id, body, 'sample', now, item.version);
      if (r.ok) result.jobs++;
      else result.skipped.push({ id: item.id, message: r.message });
    }
  });
  return result;
}
