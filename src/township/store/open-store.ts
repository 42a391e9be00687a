// Opens the township's store from its configuration (issue 13 §1):
//   - no databaseUrl (the default): SQLite, the file <dataDir>/township.db, migrated with the
//     township migrations (src/township/db/), so `npm run township` works as it always has;
//   - databaseUrl postgres://…: PostgreSQL (pg-store.ts, which runs its own migrations).
// Either way the meta rows every township needs (feed epoch, horizon) are written once.
import { createFileLogger, type Logger } from '../../log/logger.js';
import type { TownshipConfig } from '../config.js';
import { openTownshipSqlite } from '../db/index.js';
import { seedMeta } from '../meta.js';
import type { SqlStore } from './sql-store.js';
import { SqliteStore } from './sqlite-store.js';
import path from 'node:path';

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

export async function openTownshipStore(config: Pick<TownshipConfig, 'dataDir' | 'databaseUrl'>, log: Logger): Promise<SqlStore> {
  const url = config.databaseUrl;
  let store: SqlStore;
  if (url) {
    // Loaded only when asked for, so a SQLite township never loads pg.
    const { openPgStore } = await import('./pg-store.js');
    store = await openPgStore(url, { log });
  } else {
    store = new SqliteStore(openTownshipSqlite(config.dataDir), path.join(config.dataDir, 'township.db'));
  }
  try {
    await seedMeta(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  log.debug('store-opened', { dialect: store.dialect, where: store.where });
  return store;
}

/** For the command-line tools: the store, logging to <dataDir>/logs/township-cli.log (warnings also on stderr). */
export async function openCliStore(config: TownshipConfig): Promise<SqlStore> {
  const log = createFileLogger({ dir: path.join(config.dataDir, 'logs'), name: 'township-cli.log', level: config.log.level });
  return openTownshipStore(config, log);
}
