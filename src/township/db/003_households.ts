// Households, their signed cards and revocations, village officials, officials' names,
// phones and roles, request assignment / due dates, and the officials' audit log (issue 11).
// Requests keep their own table (owned by the relay); follow-up data lives beside it in
// request_followup, one row per request, created lazily.
import type { Migration } from '../../db/migrations/types.js';

const m: Migration = {
  version: 3,
  name: 'households',
  sql: `
-- Officials: a name and phone for cards and posters, a role, and a disabled mark.
-- Accounts that exist before this migration were made with the CLI: they become admins.
ALTER TABLE officials ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE officials ADD COLUMN phone TEXT;
ALTER TABLE officials ADD COLUMN role TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'official'));
ALTER TABLE officials ADD COLUMN disabled_at TEXT;

-- The official in charge of each village (requests from it are assigned to them by default).
CREATE TABLE villages (
  name TEXT PRIMARY KEY,
  official TEXT REFERENCES officials(username) ON DELETE SET NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Minimal household data: no ID numbers, no addresses, no incomes.
CREATE TABLE households (
  id TEXT PRIMARY KEY,
  village TEXT NOT NULL,
  head_name TEXT,
  head_phone TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  official TEXT REFERENCES officials(username) ON DELETE SET NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;
CREATE INDEX households_by_village ON households(village, active);

-- Every card ever issued. The printed text (signed, not secret) is kept so a card can be
-- printed again; reissuing revokes every earlier card of the household.
CREATE TABLE household_cards (
  card_id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL REFERENCES households(id),
  text TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  issued_by TEXT
) STRICT;
CREATE INDEX household_cards_by_household ON household_cards(household_id, issued_at);

-- Follow-up of a request: who has it, when it is due, first contact, the visit date.
CREATE TABLE request_followup (
  request_id TEXT PRIMARY KEY REFERENCES requests(id),
  assigned_to TEXT REFERENCES officials(username) ON DELETE SET NULL,
  due_at TEXT,
  first_contact_at TEXT,
  visit_date TEXT
) STRICT;

-- What officials did: status changes, notes, reassignments, phone-number views, card issues.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  by_official TEXT,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT
) STRICT;
CREATE INDEX audit_by_subject ON audit_log(subject_type, subject_id, id);
`,
};
export default m;
