import type { Migration } from './types.js';

// Attendant mode, kiosk settings and the retention of personal data (issue 12).
//
// attendant_sessions  one row per signed-in attendant. Only the SHA-256 of the session token
//                     is stored, so a copy of the database cannot be used to sign in; rows
//                     expire (expires_at, sliding) and survive a restart (src/attendant/sessions.ts).
// kiosk_settings      the settings an attendant changed on the kiosk's settings screen, one
//                     row per config key path (e.g. "ui.idleWarnSeconds"), value as JSON. The
//                     config loader layers them over the file and environment (src/settings/).
// requests.assisted_by  badge id of the attendant who filed the request for a walk-in.
// requests.purged_at    when the personal fields (phone, name, household id, the relay body)
//                       were removed, N days after the township acknowledged the request
//                       (src/requests/purge.ts). The receipt code, type and status stay.
// requests_frozen is re-created so that exactly that purge may change a frozen request.
const migration: Migration = {
  version: 7,
  name: 'attendant',
  sql: `
    CREATE TABLE attendant_sessions (
      token_hash TEXT PRIMARY KEY,
      badge_id TEXT NOT NULL,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX attendant_sessions_badge ON attendant_sessions (badge_id);

    CREATE TABLE kiosk_settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT
    ) STRICT;

    ALTER TABLE requests ADD COLUMN assisted_by TEXT;
    ALTER TABLE requests ADD COLUMN purged_at TEXT;
    CREATE INDEX requests_purge ON requests (sent_at) WHERE purged_at IS NULL;

    DROP TRIGGER requests_frozen;
    CREATE TRIGGER requests_frozen BEFORE UPDATE OF body, sha256, payload, phone, name, household_id, code, kiosk_seq, type, assisted_by, purged_at ON requests
    WHEN OLD.frozen_at IS NOT NULL AND NOT (
      OLD.purged_at IS NULL AND NEW.purged_at IS NOT NULL
      AND NEW.phone = '' AND NEW.name IS NULL AND NEW.household_id IS NULL AND NEW.body = ''
      AND NEW.sha256 = OLD.sha256 AND NEW.payload = OLD.payload AND NEW.code = OLD.code
      AND NEW.kiosk_seq = OLD.kiosk_seq AND NEW.type = OLD.type AND NEW.assisted_by IS OLD.assisted_by
    )
    BEGIN
      SELECT RAISE(ABORT, 'request is frozen: its payload was already sent');
    END;
  `,
};
export default migration;
