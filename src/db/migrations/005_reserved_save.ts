import type { Migration } from './types.js';

// Placeholder on the "touch" branch only: version 5 belongs to the "save" branch's migration.
// At merge, drop this file and keep save's 005 (migration versions must have no gaps).
const migration: Migration = { version: 5, name: 'reserved-save', sql: '' };
export default migration;
