import type { Migration } from './types.js';

// Idempotent submit (issue 8 item 1). The renderer gives every submission a client-made id
// (a UUID); `requests.submit` is idempotent on it, so a retry after a lost answer (the runtime
// was killed, the connection cut, a disk I/O error during commit) returns the request that
// was already saved instead of making a second one.
//
// requests.submission_id      the client's submission id, unique (NULL for rows made before
//                             this migration and for callers that send none)
// requests.submission_sha256  sha256 of what that submission asked for (contact, payload,
//                             relatedId): a repeat with other content is told so, never saved
const migration: Migration = {
  version: 5,
  name: 'submissions',
  sql: `
    ALTER TABLE requests ADD COLUMN submission_id TEXT;
    ALTER TABLE requests ADD COLUMN submission_sha256 TEXT;
    CREATE UNIQUE INDEX requests_by_submission ON requests (submission_id);
  `,
};
export default migration;
