// A PostgreSQL server for the township's tests: TOWNSHIP_TEST_DATABASE_URL (start one with
// `eval "$(bash resources/build/start-postgres.sh)"`; CI does). Each test gets a fresh
// database (CREATE DATABASE … / DROP DATABASE … WITH (FORCE)), so runs never see each other.
// Without a reachable server, pgTestServer() says so in one line and returns null (tests
// skip), except under CI=true, TOWNSHIP_TEST_STORE=postgres or an explicitly given
// TOWNSHIP_TEST_DATABASE_URL: then it throws (CI must never skip the PostgreSQL tests).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_PG_URL = process.env.TOWNSHIP_TEST_DATABASE_URL ?? 'postgres://kiosk@127.0.0.1:55432/postgres';

const redacted = (url: string) => url.replace(/\/\/([^:@/]*):[^@]*@/, '//$1@');

let probed: Promise<string | null> | undefined;

/** The admin URL when a server answers, else null (or a throw where skipping is not allowed). */
export function pgTestServer(): Promise<string | null> {
  probed ??= (async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
    c.on('error', () => {});
    try {
      await c.connect();
      await c.query('SELECT 1');
      return TEST_PG_URL;
    } catch (e) {
      const line = `PostgreSQL tests: no server at ${redacted(TEST_PG_URL)} (${(e as Error).message}); start one with: eval "$(bash resources/build/start-postgres.sh)"`;
      if (process.env.CI === 'true' || process.env.TOWNSHIP_TEST_STORE === 'postgres' || process.env.TOWNSHIP_TEST_DATABASE_URL) {
        throw new Error(`${line} — required here (CI=true, TOWNSHIP_TEST_STORE=postgres or TOWNSHIP_TEST_DATABASE_URL set), so this is a failure, not a skip`);
      }
      console.log(line);
      return null;
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return probed;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Runs `fn` on a short-lived client of the server at `url` (CREATE/DROP DATABASE and the like). */
export async function withAdminClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  c.on('error', () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

const admin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withAdminClient(TEST_PG_URL, fn);

/** A fresh, empty database on the test server; drop() removes it (closing any connections left). */
export async function createTestDatabase(prefix = 'township_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  let dropped = false;
  return {
    url: u.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
