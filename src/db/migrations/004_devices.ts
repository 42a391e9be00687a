import type { Migration } from './types.js';

// Tables for the devices module. Nothing has been released yet, so this file may still be
// edited in place; after the first release, add a new migration instead.
const migration: Migration = {
  version: 4,
  name: 'devices',
  sql: `
    -- ---- printer (src/devices/printer/jobs.ts) ------------------------------------------------
    -- print_jobs  one row per printout. The exact bytes are kept so a reprint prints what
    --             the villager was meant to get. A receipt that did not print stays
    --             'reprint-pending' (with the reason) until an attendant reprints it;
    --             a slip that did not print is just 'failed'.
    CREATE TABLE print_jobs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('receipt', 'policy-slip', 'job-slip')),
      target_id TEXT NOT NULL,
      label TEXT NOT NULL,
      lang TEXT NOT NULL,
      paper_width INTEGER NOT NULL CHECK (paper_width IN (58, 80)),
      bytes BLOB NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('printing', 'printed', 'reprint-pending', 'failed')),
      reason TEXT,
      message TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      printed_at TEXT
    ) STRICT;
    CREATE INDEX print_jobs_status ON print_jobs (status, created_at);
    CREATE INDEX print_jobs_target ON print_jobs (kind, target_id);
    -- ---- end printer -------------------------------------------------------------------
    -- ---- attendants (src/attendant/store.ts) ------------------------------------------------
    -- attendant_badges    one row per staff badge (QR "VKB:<badge_id>"); PIN hashed with
    --                     scrypt and a per-PIN salt (pin_hash = "scrypt$N$r$p$salt$hash").
    -- attendant_lockouts  wrong-PIN count per badge id (also unknown ids, so probing is
    --                     limited too); 5 wrong tries lock the badge for 5 minutes. Kept
    --                     in SQLite so a restart does not reset it.
    CREATE TABLE attendant_badges (
      badge_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      pin_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      disabled_at TEXT
    ) STRICT;
    CREATE TABLE attendant_lockouts (
      badge_id TEXT PRIMARY KEY,
      failures INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;
    -- ---- end attendants ------------------------------------------------------------------
  `,
};
export default migration;
