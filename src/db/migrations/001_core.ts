import type { Migration } from './types.js';

const migration: Migration = {
  version: 1,
  name: 'core',
  sql: `
    CREATE TABLE kv (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE staff_calls (
      id INTEGER PRIMARY KEY,
      screen TEXT NOT NULL,
      called_at TEXT NOT NULL,
      acknowledged_at TEXT
    ) STRICT;
  `,
};
export default migration;
