// PostgreSQL twin of src/township/db/006_login_limits.ts: officials' login limits in the store,
// shared by every township process. Times are epoch milliseconds (BIGINT).
import type { Migration } from '../../migration.js';

const m: Migration = {
  version: 6,
  name: 'login-limits',
  sql: `
CREATE TABLE login_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  first_ms BIGINT NOT NULL,
  locked_until_ms BIGINT NOT NULL DEFAULT 0,
  admitted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_limits_expiry ON login_limits(locked_until_ms, first_ms);
`,
};
export default m;
