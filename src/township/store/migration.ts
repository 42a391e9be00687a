// One township migration (the same shape for both stores' lists): the kiosk's Migration type.
export type { Migration } from '../../db/migrations/types.js';
