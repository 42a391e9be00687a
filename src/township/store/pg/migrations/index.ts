// The township's PostgreSQL migrations, version for version and name for name the same list
// as the SQLite one (src/township/db/index.ts; tests/unit/township/store/migrations.test.ts
// checks both lists and the tables and columns they end with). The version reached is kept in
// the township_migrations table; pg-store.ts runs them under an advisory lock.
import type { Migration } from '../../migration.js';
import m001 from './001_township.js';
import m003 from './003_households.js';
import m005 from './005_assisted.js';
import m006 from './006_login_limits.js';
import m007 from './007_rate_limits.js';

// 2 and 4 are the SQLite list's reserved empty steps, kept so the versions match.
const empty = (version: number): Migration => ({ version, name: `reserved-00${version}`, sql: '' });

export const pgMigrations: readonly Migration[] = [m001, empty(2), m003, empty(4), m005, m006, m007];
