// Per-address limits of the public pages in the store (issue 13 §3): the status lookup's
// limiter (src/township/public/rate-limit.ts) lived in memory, so N township processes behind a
// load balancer allowed N times the limit. One row per limited key (`status:<address>`): the
// lookups counted in the current window and when it ends (epoch milliseconds). Rows whose
// window has ended are pruned (rate-limit.ts), so the table holds about one window's addresses.
// The PostgreSQL twin: src/township/store/pg/migrations/007_rate_limits.ts.
import type { Migration } from '../../db/migrations/types.js';

const m: Migration = {
  version: 7,
  name: 'rate-limits',
  sql: `
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_limits_expiry ON rate_limits(expires_ms);
`,
};
export default m;
