// PostgreSQL twin of src/township/db/007_rate_limits.ts: the public pages' per-address limits,
// shared by every township process. Times are epoch milliseconds (BIGINT).
import type { Migration } from '../../migration.js';

const m: Migration = {
  version: 7,
  name: 'rate-limits',
  sql: `
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  expires_ms BIGINT NOT NULL
);
CREATE INDEX rate_limits_expiry ON rate_limits(expires_ms);
`,
};
export default m;
