// Composes the kiosk runtime: database, logging, event bus, modules and the loopback server.
// Both shells (npm run serve and the Electron main process) start exactly this.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appRoot, rendererDir as defaultRendererDir } from './app-paths.js';
import type { KioskConfig } from './config/schema.js';
import type { Handlers } from './contract/index.js';
import { createCoreModule } from './core/core-module.js';
import { createRequestsModule } from './requests/module.js';
import { createScannerModule } from './devices/scanner/module.js';
import { createAttendantModule } from './attendant/module.js';
import { createPrinterModule } from './devices/printer/module.js';
import { contentSlipSource, requestsReceiptSource } from './devices/printer/sources.js';
import { applyStoredSettings } from './config/settings-overlay.js';
import { configDeprecations } from './config/load.js';
import { createSettingsModule } from './settings/module.js';
import { getReceiptData } from './requests/receipt-data.js';
import { createContentStore } from './content/store.js';
import { createContentModule } from './content/module.js';
import { createSyncModule } from './sync/sync.js';
import { createSpeechModule } from './speech/speech-module.js';
import { applyRequestStatus } from './requests/status.js';
import { applyCardRevocation } from './scan/card-revocations.js';
import { createHouseholdRequestsModule } from './requests/household-requests.js';
import type { RuntimeContext, RuntimeModule } from './core/module.js';
import { createStatusStore } from './core/status-store.js';
import { createStorageHealth } from './core/storage-health.js';
import { createLinkMonitor } from './core/link-monitor.js';
import { openDatabase, type Db } from './db/open.js';
import { createEventBus, type EventBus } from './events/bus.js';
import { createFileLogger, type Logger } from './log/logger.js';
import { startRpcServer, type RpcServer } from './rpc/server.js';
import { ensurePrivateDir, securePrivateTree } from './files/private.js';
import { newLaunchKey } from './rpc/launch-codes.js';
import { loadOrCreateSessionToken, removeLaunchFile, writeLaunchFile } from './rpc/session-files.js';

export interface Runtime {
  url: string;
  port: number;
  token: string;
  /** The URL with a fresh one-time launch code: what a browser shell opens (launch-codes.ts). */
  launchUrl(): string;
  config: KioskConfig;
  db: Db;
  bus: EventBus;
  log: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  rendererDir?: string;
  log?: Logger;
  now?: () => Date;
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function startRuntime(fileConfig: KioskConfig, opts: StartOptions = {}): Promise<Runtime> {
  let config = fileConfig;
  // Villagers' data: the data directory 0700 and its files 0600, tightened now if looser.
  ensurePrivateDir(config.dataDir);
  securePrivateTree(config.dataDir);
  const log = opts.log ?? createFileLogger({ dir: path.join(config.dataDir, 'logs'), level: config.log.level, maxFileBytes: config.log.maxFileBytes, maxFiles: config.log.maxFiles });
  const db = openDatabase(path.join(config.dataDir, 'kiosk.db'));
  for (const message of configDeprecations(fileConfig)) log.warn('config-deprecated', { message });
  // The attendant's settings screen (kiosk_settings) is layered over the file and environment.
  config = applyStoredSettings(config, db, log);
  const bus = createEventBus();
  const now = opts.now ?? (() => new Date());
  const status = createStatusStore(bus, now);
  const link = createLinkMonitor(bus, { configured: config.township.url !== null, now });
  bus.emit('linkStatus', link.current());
  const health = createStorageHealth(bus, log, now);
  const ctx: RuntimeContext = { config, db, log, bus, now, link, health };
  // Last line of defence (issue 8 item 2): every background chain catches its own errors; a
  // rejection that still escapes is logged and shown as a storage problem, never a crash.
  const onUnhandled = (reason: unknown) => {
    try {
      log.error('unhandled-rejection', { error: reason, message: 'A background task failed without handling its error; the kiosk keeps running. Please report this log line.' });
      health.report('runtime', reason);
    } catch {
      /* nothing more to do */
    }
  };
  process.on('unhandledRejection', onUnhandled);

  const core = createCoreModule(ctx, status, appVersion());
  // Each feature module: its handlers are spread into `handlers` below, so the compiler
  // checks that every call in the contract has exactly one implementation.
  let enrol: (text: string) => void = () => {};
  const scanner = createScannerModule(ctx, { onEnrolment: (text) => enrol(text) });
  const attendant = createAttendantModule(ctx);
  const requests = createRequestsModule(ctx, { attendantBadge: (t) => attendant.sessionBadge(t) });
  const settings = createSettingsModule(ctx, { attendantBadge: (t) => attendant.sessionBadge(t) });
  enrol = (text) => void settings.enrol(text);
  const printer = createPrinterModule(ctx, {
    receiptSource: requestsReceiptSource((id) => getReceiptData(db, id, config)),
    slipSource: contentSlipSource(createContentStore(db), config.hallName, now),
  });
  const content = createContentModule(ctx);
  const householdRequestsModule = createHouseholdRequestsModule(ctx);
  const contentStore = createContentStore(db);
  const speech = createSpeechModule(ctx, {
    pronunciationsFor: (src) => (src.kind === 'policy' ? contentStore.policy(src.id)?.body.pronunciations : contentStore.job(src.id, now())?.body.pronunciations),
  });
  const sync = createSyncModule(ctx, {
    appliers: {
      'request-status': (tx, item) => {
        const r = applyRequestStatus(tx, item, now());
        if (!r.applied) log.warn('sync-request-status-skipped', { id: item.id, reason: r.reason, message: r.message });
        return r.applied ? 'applied' : 'skipped';
      },
      'card-revocation': (tx, item) => applyCardRevocation(tx, item),
    },
  });
  const modules: Array<Omit<RuntimeModule<never>, 'handlers'>> = [core, scanner, attendant, requests, settings, printer, content, sync, speech];
  const handlers: Handlers = {
    ...core.handlers,
    ...scanner.handlers,
    ...attendant.handlers,
    ...settings.handlers,
    ...requests.handlers,
    ...printer.handlers,
    ...content.handlers,
    ...householdRequestsModule.handlers,
    ...sync.handlers,
    ...speech.handlers,
  };

  const token = loadOrCreateSessionToken(config.dataDir);
  const launchKey = newLaunchKey();
  let server: RpcServer | null = null;
  try {
    for (const m of modules) await m.start?.();
    server = await startRpcServer({
      handlers,
      bus,
      log,
      token,
      launchKey,
      rendererDir: opts.rendererDir ?? defaultRendererDir,
      port: config.http.port,
      snapshot: () => status.asEvents(),
      attendantSession: (t) => attendant.isSession(t),
    });
    // The kiosk's own OS user (npm run kiosk-url, the test harness) mints launch links from this.
    writeLaunchFile(config.dataDir, { url: server.url, key: launchKey });
  } catch (e) {
    await server?.close();
    for (const m of modules.reverse()) await m.stop?.();
    db.close();
    process.off('unhandledRejection', onUnhandled);
    throw e;
  }
  log.info('runtime-started', { kioskId: config.kioskId, url: server.url, dataDir: config.dataDir });
  const srv = server;
  return {
    url: srv.url,
    port: srv.port,
    token,
    launchUrl: () => srv.launchUrl(),
    config,
    db,
    bus,
    log,
    async stop() {
      removeLaunchFile(config.dataDir);
      await srv.close();
      for (const m of [...modules].reverse()) await m.stop?.();
      db.close();
      process.off('unhandledRejection', onUnhandled);
      log.info('runtime-stopped');
      log.close();
    },
  };
}
