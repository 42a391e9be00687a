// PostgreSQL twin of src/township/db/005_assisted.ts.
import type { Migration } from '../../migration.js';

const m: Migration = {
  version: 5,
  name: 'assisted',
  sql: `
ALTER TABLE requests ADD COLUMN assisted_by TEXT;
CREATE INDEX requests_assisted ON requests(assisted_by) WHERE assisted_by IS NOT NULL;
`,
};
export default m;
