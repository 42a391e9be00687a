// Every migration, in order. Add new ones at the end with the next version number.
import type { Migration } from './types.js';
import m001 from './001_core.js';
import m002 from './002_content.js';
import m003 from './003_requests.js';
import m004 from './004_devices.js';
import m005 from './005_submissions.js';
import m006 from './006_pinyin_search.js';
import m007 from './007_attendant.js';

export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007];
export type { Migration } from './types.js';
