// Shared by the requests and relay unit tests: a real database file in a temp directory,
// a fake clock, and sample submissions.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '#src/db/open.js';
import type { SubmitInput } from '#src/requests/store.js';

export function tempDb(): { db: Db; file: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-req-'));
  const file = path.join(dir, 'kiosk.db');
  const db = openDatabase(file);
  return {
    db,
    file,
    dir,
    cleanup: () => {
      try {
        db.close();
      } catch {
        /* already closed */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function fakeClock(start = Date.parse('2026-03-01T02:00:00.000Z')) {
  let t = start;
  return {
    now: () => new Date(t),
    ms: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
}

export const SAMPLES: SubmitInput[] = [
  { contact: { phone: '13812345678', name: null, householdId: 'HH-0001' }, payload: { type: 'senior-subsidy', subsidy: 'injury-care', forWhom: 'family', homeVisitNeeded: true } },
  { contact: { phone: '13900001111', name: '崔', householdId: null }, payload: { type: 'home-visit', reason: 'subsidy-application', preferredDays: 'this-week', timeWindow: 'morning' } },
  { contact: { phone: '03595551234', name: null, householdId: null }, payload: { type: 'legal-aid', matter: 'unpaid-wages', amountYuan: 802 } },
  { contact: { phone: '15011112222', name: null, householdId: null }, payload: { type: 'agronomist-visit', crop: 'vegetables', problem: 'pests', village: '龙泉村' } },
  { contact: { phone: '18622223333', name: null, householdId: null }, payload: { type: 'job-interest', jobId: 'job-001', jobTitle: '药材采收工' } },
  { contact: { phone: '17733334444', name: null, householdId: null }, payload: { type: 'general-help', topic: 'pension' } },
];

export function sample(i: number): SubmitInput {
  return SAMPLES[i % SAMPLES.length]!;
}
