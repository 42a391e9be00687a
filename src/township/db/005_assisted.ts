// Assisted filing (issue 12): a request a hall attendant filed for a walk-in carries the
// attendant's badge id (RelayRequest.assistedBy); the officials' page shows it.
import type { Migration } from '../../db/migrations/types.js';

const m: Migration = {
  version: 5,
  name: 'assisted',
  sql: `
ALTER TABLE requests ADD COLUMN assisted_by TEXT;
CREATE INDEX requests_assisted ON requests(assisted_by) WHERE assisted_by IS NOT NULL;
`,
};
export default m;
