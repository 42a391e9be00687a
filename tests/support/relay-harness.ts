// Helpers shared by the reliability tests and the relay benchmarks: a real township process,
// a real kiosk process pointed at it (optionally through the fault proxy), the typed RPC
// client with the session token from the served page, and read-only looks at both databases.
import Database from 'better-sqlite3';
import path from 'node:path';
import { createClient, type KioskClient } from '../../src/contract/client.js';
import type { CallInput } from '../../src/contract/index.js';
import { startKiosk, type KioskProcess, type StartKioskOptions } from './kiosk-process.js';
import { startTownshipProcess, type TownshipProcess } from './township-process.js';

/** Relay timing for tests: retries within ~50-500 ms instead of 30 s-15 min. */
export const FAST_RELAY_ENV: Record<string, string> = {
  KIOSK_RELAY_BACKOFF_BASE_SECONDS: '0.05',
  KIOSK_RELAY_BACKOFF_CAP_SECONDS: '0.5',
  KIOSK_LOG_LEVEL: 'warn',
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs: number, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(everyMs);
  }
}

/** The session token, from the cookie a launch link (kiosk.url mints one per read) is swapped for. */
export async function sessionToken(launchUrl: string): Promise<string> {
  const res = await fetch(launchUrl, { redirect: 'manual' });
  await res.text();
  const m = /^kiosk_session_\d+=([^;]+)/.exec(res.headers.getSetCookie().find((c) => c.startsWith('kiosk_session_')) ?? '');
  if (res.status !== 303 || !m) throw new Error(`the launch link ${launchUrl.replace(/launch=.*/, 'launch=…')} gave no session cookie (HTTP ${res.status})`);
  return m[1]!;
}

/** The hall attendant badge every harness kiosk is seeded with (attendant-only calls need it). */
export const HARNESS_ATTENDANT = { KIOSK_ATTENDANT_DEMO_BADGE: 'att-harness', KIOSK_ATTENDANT_DEMO_PIN: '975310' };

export async function kioskClient(k: KioskProcess, opts: { attendant?: boolean } = {}): Promise<KioskClient> {
  const token = await sessionToken(k.url);
  if (!opts.attendant) return createClient({ baseUrl: k.origin, token });
  const signIn = await createClient({ baseUrl: k.origin, token }).call('attendant.verifyPin', { badgeId: HARNESS_ATTENDANT.KIOSK_ATTENDANT_DEMO_BADGE, pin: HARNESS_ATTENDANT.KIOSK_ATTENDANT_DEMO_PIN });
  if (signIn.result !== 'ok') throw new Error(`the harness attendant could not sign in: ${JSON.stringify(signIn)}`);
  return createClient({ baseUrl: k.origin, token, attendantSession: () => signIn.token });
}

export type SubmitInput = CallInput<'requests.submit'>;

const PHONES = ['13800138000', '13912345678', '15034567890', '03595551234', '18611112222'];

/**
 * A typical request, different per index; `marker` goes into the (optional) name so every
 * submission can be recognised at the township even if it were stored twice under new ids.
 */
export function typicalRequest(i: number, marker: string): SubmitInput {
  const contact = { phone: PHONES[i % PHONES.length]!, name: marker, householdId: i % 3 === 0 ? `HH-${1000 + i}` : null };
  switch (i % 6) {
    case 0:
      return { contact, payload: { type: 'senior-subsidy', subsidy: 'injury-care', forWhom: 'self', homeVisitNeeded: i % 2 === 0 }, relatedId: null };
    case 1:
      return { contact, payload: { type: 'home-visit', reason: 'medical-insurance', preferredDays: 'next-week', timeWindow: 'morning' }, relatedId: null };
    case 2:
      return { contact, payload: { type: 'legal-aid', matter: 'unpaid-wages', amountYuan: 3000 + i }, relatedId: null };
    case 3:
      return { contact, payload: { type: 'agronomist-visit', crop: 'millet', problem: 'pests', village: '南大里村' }, relatedId: null };
    case 4:
      return { contact, payload: { type: 'job-interest', jobId: `job-${i % 7}`, jobTitle: '果园采摘工' }, relatedId: `job-${i % 7}` };
    default:
      return { contact, payload: { type: 'general-help', topic: 'pension' }, relatedId: null };
  }
}

export interface Loop {
  township: TownshipProcess;
  kioskId: string;
  token: string;
  /** Env for a kiosk talking to `url` (the township itself, or a proxy in front of it). */
  kioskEnv(url?: string): Record<string, string>;
}

export async function startTownshipFor(kioskId: string, opts: { dataDir?: string } = {}): Promise<Loop> {
  const township = await startTownshipProcess({ env: { TOWNSHIP_LOG_LEVEL: 'warn' }, ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const token = await township.issueToken(kioskId, { village: '南大里村' });
  return {
    township,
    kioskId,
    token,
    kioskEnv: (url = township.url) => ({
      ...FAST_RELAY_ENV,
      ...HARNESS_ATTENDANT,
      KIOSK_ID: kioskId,
      KIOSK_TOWNSHIP_URL: url,
      KIOSK_TOWNSHIP_TOKEN: token,
      KIOSK_TOWNSHIP_PUBLIC_KEY: township.publicKey,
    }),
  };
}

export function startKioskWith(env: Record<string, string>, opts: StartKioskOptions = {}): Promise<KioskProcess> {
  return startKiosk({ ...opts, env: { ...env, ...opts.env } });
}

export interface TownshipRow {
  id: string;
  code: string;
  sha256: string;
  name: string | null;
  kioskSeq: number;
}

/** Every request the township stored, read straight from township.db (read-only). */
export function townshipRows(township: { dataDir: string }): TownshipRow[] {
  const db = new Database(path.join(township.dataDir, 'township.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, code, sha256, name, kiosk_seq AS kioskSeq FROM requests ORDER BY ref').all() as TownshipRow[];
  } finally {
    db.close();
  }
}

export interface KioskRow {
  id: string;
  code: string;
  sha256: string;
  name: string | null;
  kioskSeq: number;
  state: string;
}

/** Every request on the kiosk with its outbox state (read-only; fine while the kiosk runs: WAL). */
export function kioskRows(dataDir: string, dbFile = 'kiosk.db'): KioskRow[] {
  const db = new Database(path.join(dataDir, dbFile), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT r.id, r.code, r.sha256, r.name, r.kiosk_seq AS kioskSeq, o.state FROM requests r JOIN outbox o ON o.request_id = r.id ORDER BY r.kiosk_seq').all() as KioskRow[];
  } finally {
    db.close();
  }
}

export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Groups by a key and returns the keys seen more than once. */
export function duplicates<T>(rows: T[], key: (r: T) => string | null): string[] {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

export type { KioskProcess, TownshipProcess, KioskClient };
