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
// Both are external-content tables kept in step by triggers.
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
      updated_at TEXT NOT NULL,
      deadline TEXT,
      body TEXT NOT NULL,
      search_text TEXT NOT NULL,
      grams TEXT NOT NULL
    ) STRICT;
    CREATE INDEX policies_category ON policies (category, updated_at);
    CREATE INDEX policies_updated ON policies (updated_at);

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
      valid_until INTEGER NOT NULL,
      -- the list row, JSON (small), so a page of results never reads the full body
      summary TEXT NOT NULL,
      body TEXT NOT NULL,
      search_text TEXT NOT NULL,
      grams TEXT NOT NULL
    ) STRICT;
    CREATE INDEX jobs_valid ON jobs (valid_until);
    CREATE INDEX jobs_posted ON jobs (date_posted, rowid);
    CREATE INDEX jobs_county_posted ON jobs (county, date_posted);
    CREATE INDEX jobs_pay ON jobs (pay_day);
    CREATE INDEX jobs_distance ON jobs (distance_km);

    CREATE VIRTUAL TABLE policies_fts USING fts5(search_text, content='policies', content_rowid='rowid', tokenize='trigram');
    CREATE VIRTUAL TABLE policies_grams USING fts5(grams, content='policies', content_rowid='rowid', tokenize='unicode61', prefix='1', detail='none');
    CREATE VIRTUAL TABLE jobs_fts USING fts5(search_text, content='jobs', content_rowid='rowid', tokenize='trigram');
    CREATE VIRTUAL TABLE jobs_grams USING fts5(grams, content='jobs', content_rowid='rowid', tokenize='unicode61', prefix='1', detail='none');

    CREATE TRIGGER policies_ai AFTER INSERT ON policies BEGIN
      INSERT INTO policies_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
      INSERT INTO policies_grams (rowid, grams) VALUES (new.rowid, new.grams);
    END;
    CREATE TRIGGER policies_ad AFTER DELETE ON policies BEGIN
      INSERT INTO policies_fts (policies_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO policies_grams (policies_grams, rowid, grams) VALUES ('delete', old.rowid, old.grams);
    END;
    CREATE TRIGGER policies_au AFTER UPDATE OF search_text, grams ON policies BEGIN
      INSERT INTO policies_fts (policies_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO policies_grams (policies_grams, rowid, grams) VALUES ('delete', old.rowid, old.grams);
      INSERT INTO policies_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
      INSERT INTO policies_grams (rowid, grams) VALUES (new.rowid, new.grams);
    END;

    CREATE TRIGGER jobs_ai AFTER INSERT ON jobs BEGIN
      INSERT INTO jobs_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
      INSERT INTO jobs_grams (rowid, grams) VALUES (new.rowid, new.grams);
    END;
    CREATE TRIGGER jobs_ad AFTER DELETE ON jobs BEGIN
      INSERT INTO jobs_fts (jobs_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO jobs_grams (jobs_grams, rowid, grams) VALUES ('delete', old.rowid, old.grams);
    END;
    CREATE TRIGGER jobs_au AFTER UPDATE OF search_text, grams ON jobs BEGIN
      INSERT INTO jobs_fts (jobs_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO jobs_grams (jobs_grams, rowid, grams) VALUES ('delete', old.rowid, old.grams);
      INSERT INTO jobs_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
      INSERT INTO jobs_grams (rowid, grams) VALUES (new.rowid, new.grams);
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
