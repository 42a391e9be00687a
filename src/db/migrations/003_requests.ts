import type { Migration } from './types.js';

// Tables for the requests module. Nothing has been released yet, so this file may still be
// edited in place; after the first release, add a new migration instead.
//
// requests        one row per villager request; `body` holds the exact bytes the relay
//                 sends (RelayRequest JSON) and `sha256` its hash. Both are frozen once the
//                 first send starts (`frozen_at`); triggers make later edits impossible.
// outbox          one row per request: where it is in the relay (queued -> attempting ->
//                 sent | needs-attention | cancelled), attempts and the next attempt time.
// request_status  the township's view of a request, applied from the signed change feed
//                 (items of type 'request-status'). No foreign key: a status may arrive for
//                 a request this database no longer holds, and is still shown by code.
const migration: Migration = {
  version: 3,
  name: 'requests',
  sql: `
    CREATE TABLE requests (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      kiosk_seq INTEGER NOT NULL UNIQUE,
      type TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      phone TEXT NOT NULL,
      name TEXT,
      household_id TEXT,
      -- the policy or job the villager came from (kiosk-only: for the receipt's phone/materials)
      related_id TEXT,
      payload TEXT NOT NULL,
      body TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      frozen_at TEXT,
      cancelled_at TEXT,
      sent_at TEXT,
      ack TEXT,
      township_ref TEXT,
      township_date TEXT
    ) STRICT;

    CREATE TABLE outbox (
      request_id TEXT PRIMARY KEY REFERENCES requests(id),
      state TEXT NOT NULL CHECK (state IN ('queued', 'attempting', 'sent', 'needs-attention', 'cancelled')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_ms INTEGER NOT NULL,
      last_attempt_at TEXT,
      last_error TEXT,
      -- 1 once any attempt may have reached the township (cancelling is refused from then on)
      maybe_delivered INTEGER NOT NULL DEFAULT 0,
      attention_status INTEGER,
      attention_reason TEXT,
      attention_at TEXT
    ) STRICT;
    CREATE INDEX outbox_due ON outbox (state, next_attempt_ms);

    CREATE TABLE request_status (
      request_id TEXT PRIMARY KEY,
      code TEXT NOT NULL,
      status TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      history TEXT NOT NULL,
      version INTEGER NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX request_status_code ON request_status (code);

    CREATE TRIGGER requests_frozen BEFORE UPDATE OF body, sha256, payload, phone, name, household_id, code, kiosk_seq, type ON requests
    WHEN OLD.frozen_at IS NOT NULL
    BEGIN
      SELECT RAISE(ABORT, 'request is frozen: its payload was already sent');
    END;
    CREATE TRIGGER requests_no_unfreeze BEFORE UPDATE OF frozen_at ON requests
    WHEN OLD.frozen_at IS NOT NULL AND (NEW.frozen_at IS NULL OR NEW.frozen_at <> OLD.frozen_at)
    BEGIN
      SELECT RAISE(ABORT, 'request is frozen: frozen_at cannot change');
    END;
    CREATE TRIGGER requests_no_delete BEFORE DELETE ON requests
    BEGIN
      SELECT RAISE(ABORT, 'requests are never deleted');
    END;
  `,
};
export default migration;
