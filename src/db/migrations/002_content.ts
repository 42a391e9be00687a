import type { Migration } from './types.js';

// Tables for the content module. Nothing has been released yet, so this file may still be
// edited in place; after the first release, add a new migration instead.
const migration: Migration = {
  version: 2,
  name: 'content',
  sql: ``,
};
export default migration;
