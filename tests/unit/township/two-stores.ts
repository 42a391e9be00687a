// Two stores on one database, as two township processes behind a load balancer would have
// (issue 13 §3): on PostgreSQL (TOWNSHIP_TEST_STORE=postgres) two pools on one fresh database.
// On SQLite the township is one process with one connection, so both are that one store
// (concurrent requests on it are what races there): a second connection in the same Node
// process would deadlock on the first one's open transaction (better-sqlite3 waits for the
// file lock synchronously, so the holder's next statement never runs) and fail SQLITE_BUSY.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '#src/log/logger.js';
import { TownshipConfigSchema } from '#src/township/config.js';
import { openTownshipStore } from '#src/township/store/open-store.js';
import type { SqlStore } from '#src/township/store/sql-store.js';
import { testStoreOverrides } from './helpers.js';

export interface TwoStores {
  a: SqlStore;
  b: SqlStore;
  /** a for even i, b for odd i: spreads a burst over both "processes". */
  either(i: number): SqlStore;
  cleanup(): Promise<void>;
}

export async function twoStores(prefix = 'two-stores-'): Promise<TwoStores> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const s = await testStoreOverrides();
  const config = { ...TownshipConfigSchema.parse({ ...s.overrides }), dataDir: dir };
  const a = await openTownshipStore(config, createMemoryLogger());
  const b = a.dialect === 'sqlite' ? a : await openTownshipStore(config, createMemoryLogger());
  return {
    a,
    b,
    either: (i) => (i % 2 ? b : a),
    async cleanup() {
      await a.close();
      if (b !== a) await b.close();
      await s.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
