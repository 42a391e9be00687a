import type { Migration } from './types.js';

// Tables for the content module. Nothing has been released yet, so this file may still be
// edited in place; after the first release, add a new migration instead.
//
// Search (src/content/search.ts):
// - *_fts: FTS5 trigram index over `search_text` (both languages, NFKC + lower case): any
//   substring of 3+ characters, Chinese or English.
// - *_grams: FTS5 unicode61 index over `grams`, text pre-split by the runtime into Chinese
//   bigrams (plus the last character of each Chinese run) and whole Latin words. It answers
//   1-2 character queries such as 补贴 (token match) or 补 (prefix match) without a scan.
// Both are contentless FTS5 tables (contentless_delete=1): the runtime writes their text
// on upsert; a trigger removes a row's entries when the row is deleted. Full bodies live
// in *_bodies so list queries walk small rows.
// `gen` is the sync generation: a full resync marks what it saw, then drops the rest.
const migration: Migration = {
  version: 2,
  name: 'content',
  sql: `
    CREATE TABLE policies (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      version INTEGER NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('embedded', 'township')),
      gen INTEGER NOT NULL DEFAULT 0,
      category TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX policies_category ON policies (category, updated_at);
    CREATE INDEX policies_updated ON policies (updated_at);
    CREATE INDEX policies_gen ON policies (gen);
    -- list row (summary JSON) and full body, apart so filters and sorts walk small rows
    CREATE TABLE policy_bodies (
      rowid INTEGER PRIMARY KEY REFERENCES policies (rowid) ON DELETE CASCADE,
      summary TEXT NOT NULL,
      body TEXT NOT NULL
    ) STRICT;

    CREATE TABLE jobs (
      rowid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      version INTEGER NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('embedded', 'township')),
      gen INTEGER NOT NULL DEFAULT 0,
      county TEXT NOT NULL,
      county_en TEXT NOT NULL,
      pay_unit TEXT NOT NULL,
      pay_min REAL NOT NULL,
      pay_max REAL NOT NULL,
      -- pay per day, for sorting across units (month / 26, hour * 8); NULL for piece work
      pay_day REAL,
      employment_type TEXT NOT NULL,
      meals INTEGER NOT NULL,
      housing INTEGER NOT NULL,
      distance_km REAL NOT NULL,
      date_posted TEXT NOT NULL,
      -- validThrough as epoch ms (a bare day = end of that day, China time)
      valid_until INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX jobs_posted ON jobs (date_posted, rowid);
    CREATE INDEX jobs_county_posted ON jobs (county, date_posted, rowid);
    CREATE INDEX jobs_county_pay ON jobs (county, pay_day);
    CREATE INDEX jobs_county_distance ON jobs (county, distance_km);
    CREATE INDEX jobs_pay ON jobs (pay_day);
    CREATE INDEX jobs_distance ON jobs (distance_km);
    CREATE INDEX jobs_valid ON jobs (valid_until);
    CREATE INDEX jobs_gen ON jobs (gen);
    CREATE TABLE job_bodies (
      rowid INTEGER PRIMARY KEY REFERENCES jobs (rowid) ON DELETE CASCADE,
      summary TEXT NOT NULL,
      body TEXT NOT NULL
    ) STRICT;

    CREATE VIRTUAL TABLE policies_fts USING fts5(search_text, content='', contentless_delete=1, tokenize='trigram');
    CREATE VIRTUAL TABLE policies_grams USING fts5(grams, content='', contentless_delete=1, tokenize='unicode61', prefix='1', detail='none');
    CREATE VIRTUAL TABLE jobs_fts USING fts5(search_text, content='', contentless_delete=1, tokenize='trigram');
    CREATE VIRTUAL TABLE jobs_grams USING fts5(grams, content='', contentless_delete=1, tokenize='unicode61', prefix='1', detail='none');

    CREATE TRIGGER policies_ad AFTER DELETE ON policies BEGIN
      DELETE FROM policies_fts WHERE rowid = old.rowid;
      DELETE FROM policies_grams WHERE rowid = old.rowid;
    END;
    CREATE TRIGGER jobs_ad AFTER DELETE ON jobs BEGIN
      DELETE FROM jobs_fts WHERE rowid = old.rowid;
      DELETE FROM jobs_grams WHERE rowid = old.rowid;
    END;

    -- One row: where the township feed stands and what went wrong last.
    CREATE TABLE content_sync (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      cursor TEXT,
      gen INTEGER NOT NULL DEFAULT 0,
      resyncing INTEGER NOT NULL DEFAULT 0,
      embedded_loaded_at TEXT,
      embedded_as_of TEXT,
      last_sync_at TEXT,
      last_attempt_at TEXT,
      last_error TEXT,
      rejected_pages INTEGER NOT NULL DEFAULT 0,
      last_rejection_at TEXT,
      last_rejection_reason TEXT,
      skipped_items INTEGER NOT NULL DEFAULT 0,
      applied_items INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    INSERT INTO content_sync (id) VALUES (1);
  `,
};
export default migration;
