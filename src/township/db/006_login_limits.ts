// Officials' login limits in the store (issue 13 §3): any number of township processes share
// them, so a burst spread over several processes still locks the account at the limit.
// One row per limited key (`user:<name>` or `ip:<address>`); times are epoch milliseconds.
// `admitted` is what the last reserve() answered (set in the same upsert, see officials.ts).
//
// The same table on PostgreSQL (storeb mirrors it in the PG migrations):
//   CREATE TABLE login_limits (
//     key TEXT PRIMARY KEY,
//     count INTEGER NOT NULL,
//     first_ms BIGINT NOT NULL,
//     locked_until_ms BIGINT NOT NULL DEFAULT 0,
//     admitted INTEGER NOT NULL DEFAULT 0
//   );
//   CREATE INDEX login_limits_expiry ON login_limits (locked_until_ms, first_ms);
import type { Migration } from '../../db/migrations/types.js';

const m: Migration = {
  version: 6,
  name: 'login-limits',
  sql: `
CREATE TABLE login_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  first_ms INTEGER NOT NULL,
  locked_until_ms INTEGER NOT NULL DEFAULT 0,
  admitted INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX login_limits_expiry ON login_limits(locked_until_ms, first_ms);
`,
};
export default m;
