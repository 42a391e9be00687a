// The township's own database (township.db): relayed requests and their status history,
// published content, the change feed, kiosks and officials. Separate from the kiosk db.
import type { Migration } from '../../db/migrations/types.js';

const m: Migration = {
  version: 1,
  name: 'township',
  sql: `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- One row per kiosk: its token is stored as sha256 only (the token itself is shown once).
CREATE TABLE kiosks (
  kiosk_id TEXT PRIMARY KEY,
  village TEXT NOT NULL DEFAULT '',
  token_sha256 TEXT NOT NULL UNIQUE,
  issued_at TEXT NOT NULL,
  last_seen_at TEXT
) STRICT;

CREATE TABLE requests (
  ref INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kiosk_id TEXT NOT NULL,
  code TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  type TEXT NOT NULL,
  village TEXT NOT NULL,
  phone TEXT NOT NULL,
  name TEXT,
  household_id TEXT,
  body TEXT NOT NULL,
  kiosk_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  township_ref TEXT NOT NULL,
  status TEXT NOT NULL,
  status_updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX requests_by_received ON requests(received_at);
CREATE INDEX requests_by_code ON requests(code);

CREATE TABLE request_history (
  request_id TEXT NOT NULL REFERENCES requests(id),
  n INTEGER NOT NULL,
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT,
  by_official TEXT,
  PRIMARY KEY (request_id, n)
) STRICT;

-- Published content (policies, jobs). deleted = 1 is a tombstone; version grows on every change.
CREATE TABLE content (
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT,
  sha256 TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  updated_by TEXT,
  PRIMARY KEY (type, id)
) STRICT;

-- The change feed. Compacted: one row per item (its latest change), so a fresh kiosk gets
-- the latest version of every live item. seq is never reused (AUTOINCREMENT).
-- kiosk_id is NULL for content (every kiosk) and set for request-status (that kiosk only).
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  item_id TEXT NOT NULL,
  kiosk_id TEXT,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
  version INTEGER NOT NULL,
  sha256 TEXT,
  body TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX changes_one_per_item ON changes(type, item_id);
CREATE INDEX changes_by_kiosk ON changes(kiosk_id, seq);

CREATE TABLE officials (
  username TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  id_sha256 TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES officials(username) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
`,
};
export default m;
