// Shared helpers for the township unit tests: a real server on 127.0.0.1:0 over a real store
// (a SQLite file in a temp dir by default; see testStoreOverrides), and builders for valid
// relay requests and content bodies.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { createMemoryLogger } from '#src/log/logger.js';
import { TownshipConfigSchema, type TownshipConfig } from '#src/township/config.js';
import { startTownship, type Township } from '#src/township/server.js';
import { issueKioskToken } from '#src/township/kiosks.js';
import { openTownshipStore } from '#src/township/store/open-store.js';
import type { SqlStore } from '#src/township/store/sql-store.js';
import type { TestDatabase } from '#tests/support/pg-test-db.js';
import { canonicalRequestBytes, CODE_ALPHABET, type RelayRequest, type RequestPayload } from '#protocol/relay.js';
import { sha256Hex } from '#protocol/signing.js';
import type { PolicyBody } from '#protocol/content.js';

export interface TestTownship extends Township {
  dataDir: string;
  base: string;
  token(kioskId: string, village?: string): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * THE one place the township tests get their store settings from. SQLite (the default): no
 * overrides, the store is <dataDir>/township.db. storeb: with TOWNSHIP_TEST_STORE=postgres this
 * returns { databaseUrl } of a fresh PostgreSQL database, and cleanup drops it.
 */
export async function testStoreOverrides(dataDir?: string): Promise<{ overrides: Record<string, unknown>; cleanup(): Promise<void> }> {
  if (process.env.TOWNSHIP_TEST_STORE !== 'postgres') return { overrides: {}, cleanup: async () => {} };
  // PostgreSQL (storeb): a fresh database on TOWNSHIP_TEST_DATABASE_URL's server per data
  // directory, so a township restarted on the same directory finds its data again.
  const { createTestDatabase, pgTestServer } = await import('#tests/support/pg-test-db.js');
  await pgTestServer(); // throws when no server answers: TOWNSHIP_TEST_STORE=postgres never skips
  let db = dataDir ? pgDatabases.get(dataDir) : undefined;
  if (!db) {
    db = await createTestDatabase();
    if (dataDir) pgDatabases.set(dataDir, db);
  }
  const mine = db;
  return {
    overrides: { databaseUrl: mine.url },
    cleanup: async () => {
      if (dataDir) pgDatabases.delete(dataDir);
      await mine.drop();
    },
  };
}

const pgDatabases = new Map<string, TestDatabase>();

/** A store of its own for tests that need no server (same settings as startTestTownship). */
export async function openTestStore(dataDir: string): Promise<SqlStore & { cleanupStore(): Promise<void> }> {
  const s = await testStoreOverrides(dataDir);
  const config = { ...TownshipConfigSchema.parse({ ...s.overrides }), dataDir };
  const store = await openTownshipStore(config, createMemoryLogger());
  return Object.assign(store, {
    async cleanupStore() {
      await store.close();
      await s.cleanup();
    },
  });
}

export async function startTestTownship(overrides: Record<string, unknown> = {}, dataDir?: string, now?: () => Date): Promise<TestTownship> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'township-unit-'));
  const storeSettings = await testStoreOverrides(dir);
  // Event-loop lag shedding (503 when the loop lags 200 ms) would refuse a test's own calls on a
  // loaded CI machine (a relay test then saw 0 of 3 PUTs go through): the test township sheds
  // only on requests in flight, unless a test sets http itself.
  const http = { port: 0, overloadLagMs: 60_000, ...((overrides['http'] as Record<string, unknown> | undefined) ?? {}) };
  const config: TownshipConfig = { ...TownshipConfigSchema.parse({ ...storeSettings.overrides, ...overrides, http }), dataDir: dir };
  let tw: Township;
  try {
    tw = await startTownship(config, { log: createMemoryLogger(), ...(now ? { now } : {}) });
  } catch (e) {
    await storeSettings.cleanup();
    throw e;
  }
  return Object.assign(tw, {
    dataDir: dir,
    base: tw.url.replace(/\/$/, ''),
    token: async (kioskId: string, village = '') => {
      const r = await issueKioskToken(tw.store, kioskId, village);
      if (!r.ok) throw new Error(r.message);
      return r.token;
    },
    async cleanup() {
      await tw.stop();
      await storeSettings.cleanup();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  });
}

export function uuidv7(): string {
  const b = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function humanCode(): string {
  const c = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${c()}-${c()}`;
}

let seq = 0;
export function makeRequest(kioskId: string, over: { payload?: RequestPayload; phone?: string; name?: string | null; id?: string } = {}): RelayRequest {
  const rest: Omit<RelayRequest, 'sha256'> = {
    id: over.id ?? uuidv7(),
    code: humanCode(),
    kioskId,
    kioskSeq: ++seq,
    createdAt: new Date().toISOString(),
    contact: { phone: over.phone ?? '13912345678', name: over.name === undefined ? null : over.name, householdId: null },
    payload: over.payload ?? { type: 'legal-aid', matter: 'unpaid-wages', amountYuan: 4200 },
  };
  return { ...rest, sha256: sha256Hex(canonicalRequestBytes(rest)) };
}

export function policyBody(title = '高龄津贴'): PolicyBody {
  const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  return {
    title: l(title, 'Elderly allowance'),
    summary: l('80 岁以上老人每月可领津贴。', 'People aged 80+ get a monthly allowance.'),
    whoQualifies: l('本村户籍,80 岁以上。', 'Registered here, aged 80 or over.'),
    benefit: l('每人每月 100 元', '100 yuan per person per month'),
    materials: [l('身份证', 'ID card'), l('户口本', 'Household register')],
    steps: [l('到村委会登记', 'Register at the village committee')],
    whereToGo: l('乡镇便民服务中心', 'Township service centre'),
    homeVisitBookable: true,
    official: { name: l('张主任', 'Director Zhang'), title: l('民政办', 'Civil affairs office'), phone: '03575551234' },
    deadline: null,
    source: l('县民政局 2024 年文件', 'County civil affairs bureau, 2024'),
    updatedAt: '2025-01-10',
    category: 'pension',
    relatedRequestType: 'senior-subsidy',
    eligibility: ['senior'],
  };
}

export async function put(tw: TestTownship, kioskId: string, id: string, body: unknown, token: string | null, extra: Record<string, string> = {}) {
  const res = await fetch(`${tw.base}/v1/kiosks/${encodeURIComponent(kioskId)}/requests/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

export async function feed(tw: TestTownship, kioskId: string, token: string, query: Record<string, string> = {}) {
  const qs = new URLSearchParams(query).toString();
  const res = await fetch(`${tw.base}/v1/kiosks/${encodeURIComponent(kioskId)}/changes${qs ? '?' + qs : ''}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
