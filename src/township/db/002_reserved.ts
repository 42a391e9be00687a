// PLACEHOLDER for township migration 002, which belongs to the "sec" branch (login lockout).
// Migrations must have no gaps, and this branch's 003 needs a 002 before it. At merge, take
// sec's 002 instead of this file (drop this one); nothing here creates anything.
import type { Migration } from '../../db/migrations/types.js';

const m: Migration = { version: 2, name: 'reserved-for-sec', sql: '' };
export default m;
