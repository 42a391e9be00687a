export interface Migration {
  /** 1, 2, 3 ... with no gaps; stored in PRAGMA user_version once applied. */
  version: number;
  name: string;
  /** Runs inside the migration's transaction. */
  sql: string;
}
