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
import { createPrinterModule } from './printing/printer-module.js';
import { contentSlipSource, requestsReceiptSource } from './printing/sources.js';
import { getReceiptData } from './requests/receipt-data.js';
import { createContentStore } from './content/store.js';
import { createContentModule } from './content/module.js';
import { createSyncModule } from './sync/sync.js';
import { createSpeechModule } from './speech/speech-module.js';
import { applyRequestStatus } from './requests/status.js';
import type { RuntimeContext, RuntimeModule } from './core/module.js';
import { createStatusStore } from './core/status-store.js';
import { createLinkMonitor } from './core/link-monitor.js';
import { openDatabase, type Db } from './db/open.js';
import { createEventBus, type EventBus } from './events/bus.js';
import { createFileLogger, type Logger } from './log/logger.js';
import { startRpcServer, type RpcServer } from './rpc/server.js';
import { newSessionToken } from './rpc/guards.js';

export interface Runtime {
  url: string;
  port: number;
  token: string;
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

export async function startRuntime(config: KioskConfig, opts: StartOptions = {}): Promise<Runtime> {
  const log = opts.log ?? createFileLogger({ dir: path.join(config.dataDir, 'logs'), level: config.log.level, maxFileBytes: config.log.maxFileBytes, maxFiles: config.log.maxFiles });
  const db = openDatabase(path.join(config.dataDir, 'kiosk.db'));
  const bus = createEventBus();
  const now = opts.now ?? (() => new Date());
  const status = createStatusStore(bus, now);
  const link = createLinkMonitor(bus, { configured: config.township.url !== null, now });
  bus.emit('linkStatus', link.current());
  const ctx: RuntimeContext = { config, db, log, bus, now, link };

  const core = createCoreModule(ctx, status, appVersion());
  // Each feature module: its handlers are spread into `handlers` below, so the compiler
  // checks that every call in the contract has exactly one implementation.
  const scanner = createScannerModule(ctx);
  const attendant = createAttendantModule(ctx);
  const requests = createRequestsModule(ctx);
  const printer = createPrinterModule(ctx, {
    receiptSource: requestsReceiptSource((id) => getReceiptData(db, id, config)),
    slipSource: contentSlipSource(createContentStore(db), config.hallName, now),
  });
  const content = createContentModule(ctx);
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
    },
  });
  const modules: Array<Omit<RuntimeModule<never>, 'handlers'>> = [core, scanner, attendant, requests, printer, content, sync, speech];
  const handlers: Handlers = {
    ...core.handlers,
    ...scanner.handlers,
    ...attendant.handlers,
    ...requests.handlers,
    ...printer.handlers,
    ...content.handlers,
    ...sync.handlers,
    ...speech.handlers,
  };

  const token = newSessionToken();
  let server: RpcServer | null = null;
  try {
    for (const m of modules) await m.start?.();
    server = await startRpcServer({
      handlers,
      bus,
      log,
      token,
      rendererDir: opts.rendererDir ?? defaultRendererDir,
      port: config.http.port,
      snapshot: () => status.asEvents(),
      attendantSession: (t) => attendant.isSession(t),
    });
  } catch (e) {
    for (const m of modules.reverse()) await m.stop?.();
    db.close();
    throw e;
  }
  log.info('runtime-started', { kioskId: config.kioskId, url: server.url, dataDir: config.dataDir });
  const srv = server;
  return {
    url: srv.url,
    port: srv.port,
    token,
    config,
    db,
    bus,
    log,
    async stop() {
      await srv.close();
      for (const m of [...modules].reverse()) await m.stop?.();
      db.close();
      log.info('runtime-stopped');
      log.close();
    },
  };
}
