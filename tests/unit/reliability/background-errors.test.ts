// The runtime never dies on a failing disk (issue 8 item 2). Each background chain runs on
// a real SQLite database that is switched to "disk I/O error" mid-way (tests/support/faulty-db):
// the relay pass and its rescheduling (outbox.nextDueMs() in the pass's `finally`), the
// relay's link-up handler, the sync loop and its error handler, scanner listeners and the
// keyboard-wedge submit. Each must catch, log, show "storage problem" and keep serving once
// the disk is back. No rejection may escape (an unhandled rejection kills a Node process).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import { createStorageHealth } from '#src/core/storage-health.js';
import { openDatabase } from '#src/db/open.js';
import { createMemoryScannerSource } from '#src/devices/scanner/memory-source.js';
import { createScannerModule } from '#src/devices/scanner/module.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { createRelayWorker } from '#src/relay/worker.js';
import { createRequestStore } from '#src/requests/store.js';
import { createSyncModule } from '#src/sync/sync.js';
import type { StorageStatusEvent } from '#contract/core.js';
import { faultyDb } from '../../support/faulty-db.js';
import { sample } from '../requests/helpers.js';

const escaped: unknown[] = [];
const onUnhandled = (e: unknown) => escaped.push(e);
before(() => process.on('unhandledRejection', onUnhandled));
after(() => process.off('unhandledRejection', onUnhandled));

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick();
  }
}

function setup(configOverrides: Record<string, unknown> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-bg-'));
  const real = openDatabase(path.join(dir, 'kiosk.db'));
  const faulty = faultyDb(real);
  const bus = createEventBus();
  const log = createMemoryLogger();
  const storage: StorageStatusEvent[] = [];
  bus.on('storageStatus', (e) => storage.push(e));
  const health = createStorageHealth(bus, log);
  const config = ConfigSchema.parse({ dataDir: dir, kioskId: 'kiosk-bg', ...configOverrides });
  const link = createLinkMonitor(bus, { configured: true });
  const ctx: RuntimeContext = { config, db: faulty.db, log, bus, now: () => new Date(), link, health };
  const errors = () => log.records.filter((r) => r.level === 'error').map((r) => r.event);
  return { dir, real, faulty, bus, log, health, ctx, storage, link, errors };
}

test('relay: a disk error in the pass and in its `finally` (outbox.nextDueMs) is caught; the relay sends once the disk is back', async () => {
  const s = setup();
  let calls = 0;
  const fakeFetch = (async (url: string | URL) => {
    calls++;
    const id = decodeURIComponent(String(url).split('/').pop()!);
    return new Response(JSON.stringify({ id, receivedAt: new Date().toISOString(), townshipRef: 'T000001' }), { status: 201, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const relay = createRelayWorker({
    db: s.faulty.db,
    kioskId: 'kiosk-bg',
    townshipUrl: 'http://127.0.0.1:9/',
    kioskToken: 'token-token-token-token',
    log: s.log,
    link: s.link,
    fetch: fakeFetch,
    backoff: { baseMs: 20, capMs: 50, minMs: 20 },
    health: s.health,
  });
  const store = createRequestStore(s.real, { kioskId: 'kiosk-bg' });
  try {
    s.faulty.fail(true);
    relay.start(); // the first pass fails at once, and so does its rescheduling
    await until('the relay to report the storage problem', () => s.health.current().state === 'failing');
    await until('a few more failing passes', () => s.faulty.thrown() >= 4);
    // The link-up handler runs retryNow() (makeAllDue) on the dead disk too.
    s.link.reportFailure('down', null);
    s.link.reportContact();
    assert.ok(s.errors().includes('relay-background-error'));
    assert.equal(s.storage.at(-1)?.state, 'failing');
    assert.equal(calls, 0);

    // The disk comes back: a request saved now is sent by the same worker, without a restart.
    s.faulty.fail(false);
    const r = store.submit(sample(0));
    assert.ok(r.ok);
    relay.kick();
    await until('the request to be sent', () => relay.outbox.counts().sent === 1);
    await until('the storage status to be ok again', () => s.health.current().state === 'ok');
    assert.equal(calls, 1);
    assert.deepEqual(escaped, [], 'no rejection escaped');
  } finally {
    await relay.stop();
    s.real.close();
  }
});

test('sync: a disk error inside the sync and inside its error handler is caught; the timer keeps running', async () => {
  // No public key: the sync records a setup problem (a write) on every run.
  const s = setup({ township: { url: 'http://127.0.0.1:9/', kioskToken: 'token-token-token-token', syncIntervalSeconds: 5 } });
  const sync = createSyncModule(s.ctx, { firstDelayMs: 1 });
  try {
    s.faulty.fail(true);
    const r = await sync.syncNow();
    assert.equal(r.outcome, 'failed');
    assert.ok(s.errors().includes('sync-crashed'));
    assert.ok(s.errors().includes('sync-error-not-recorded'));
    void sync.start!();
    await until('the scheduled sync to fail as well', () => s.errors().filter((e) => e === 'sync-crashed').length >= 2);
    assert.equal(s.health.current().state, 'failing');
    s.faulty.fail(false);
    assert.equal((await sync.syncNow()).outcome, 'failed', 'still not configured with a key, but it runs and answers');
    assert.deepEqual(escaped, [], 'no rejection escaped');
  } finally {
    await sync.stop!();
    s.real.close();
  }
});

test('scanner: a listener that writes to the failing disk neither stops scanning nor breaks the keyboard-wedge submit', async () => {
  const s = setup();
  const source = createMemoryScannerSource();
  const mod = createScannerModule(s.ctx, { source, debounceMs: 0 });
  // Stands in for any module that records scans (e.g. an audit row): it writes on every scan.
  const record = s.faulty.db.prepare('INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?)');
  const seen: string[] = [];
  s.bus.on('scanRouted', (e) => {
    record.run(`scan-${e.id}`, e.route.kind, e.at);
    seen.push(e.id);
  });
  try {
    await mod.start!();
    s.faulty.fail(true);
    await source.control.inject(new TextEncoder().encode('VKR:ACDE-FGHJ'));
    const wedge = await mod.handlers['scan.submitWedge']({ text: 'VKR:ACDE-FGHJ' });
    assert.deepEqual(wedge, { accepted: false, id: null }, 'a defined answer, not a 500');
    assert.ok(s.errors().filter((e) => e === 'background-error').length >= 2, 'both failures are logged');
    assert.equal(s.health.current().state, 'failing');
    s.faulty.fail(false);
    await source.control.inject(new TextEncoder().encode('VKR:ACDE-FGHJ'));
    const again = await mod.handlers['scan.submitWedge']({ text: 'VKR:CDEF-GHJK' });
    assert.equal(again.accepted, true);
    assert.ok(seen.length >= 2, 'scans are routed again once the disk is back');
    assert.deepEqual(escaped, []);
  } finally {
    await mod.stop!();
    s.real.close();
  }
});
