// Officials' accounts (scrypt password hashes), login sessions (stored as sha256 of the
// cookie value, each with its own CSRF token) and the login attempt limiter.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../protocol/signing.js';
// Passwords: scrypt, NFKC-normalised (hashes stored under the old NFC rule still verify),
// the same code as the attendant PINs.
import { hashSecret as hashPassword, verifySecret as verifyPassword } from '../shared/secret-hash.js';
import type { SqlRunner } from './store/sql-store.js';
import { inTx, type SqlTarget } from './store/in-tx.js';

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,40}$/;
export const PASSWORD_MIN = 8;

export type AddOfficialResult = { ok: true; created: boolean } | { ok: false; message: string };

/** Why a username or new password is refused, or null. */
export function credentialProblem(username: string, password: string): string | null {
  if (!USERNAME_PATTERN.test(username)) return `"${username.slice(0, 60)}" is not a valid username: use 2-40 letters, digits, dot, dash or underscore`;
  if (password.length < PASSWORD_MIN) return `the password must be at least ${PASSWORD_MIN} characters`;
  if (password.length > 200) return 'the password must be at most 200 characters';
  return null;
}

export { hashPassword };

/**
 * Creates the official, or sets a new password for an existing one (which ends that official's
 * sessions). Whether it existed is decided by the writes themselves, inside one transaction (an
 * UPDATE that finds the row, else an INSERT … ON CONFLICT DO NOTHING), not by a read before
 * them: two processes adding one official at once then report one `created`, and the sessions
 * of an official whose password changed always end.
 */
export async function addOfficial(store: SqlTarget, username: string, password: string, now: Date = new Date()): Promise<AddOfficialResult> {
  const problem = credentialProblem(username, password);
  if (problem) return { ok: false, message: problem };
  const hash = await hashPassword(password);
  const created = await inTx(store, async (q) => {
    const set = () => q.run(`UPDATE officials SET password_hash = ? WHERE username = ?`, [hash, username]);
    if ((await set()).changes === 0) {
      if (await q.get(`INSERT INTO officials(username, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT(username) DO NOTHING RETURNING username`, [username, hash, now.toISOString()])) return true;
      await set(); // another process created it between the two statements
    }
    // A password change ends that official's other sessions.
    await q.run(`DELETE FROM sessions WHERE username = ?`, [username]);
    return false;
  });
  return { ok: true, created };
}

// A fixed hash to check against for unknown usernames, so timing does not reveal which exist.
let dummyHash: Promise<string> | null = null;

export async function checkLogin(store: SqlRunner, username: string, password: string): Promise<boolean> {
  const row = USERNAME_PATTERN.test(username) ? (await store.get<{ password_hash: string }>(`SELECT password_hash FROM officials WHERE username = ?`, [username])) : undefined;
  if (!row) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(password, await dummyHash);
    return false;
  }
  return verifyPassword(password, row.password_hash);
}

export async function officialCount(store: SqlRunner): Promise<number> {
  return (await store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM officials`))!.n;
}

// ---- sessions ---------------------------------------------------------------------------
export interface Session {
  username: string;
  csrf: string;
}

const sha = sha256Hex;

export async function createSession(store: SqlRunner, username: string, hours: number, now: Date): Promise<{ cookieValue: string; csrf: string }> {
  const cookieValue = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await store.run(`DELETE FROM sessions WHERE expires_at < ?`, [now.toISOString()]);
  await store.run(`INSERT INTO sessions(id_sha256, username, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`, [sha(cookieValue), username, csrf, now.toISOString(), new Date(now.getTime() + hours * 3600_000).toISOString()]);
  return { cookieValue, csrf };
}

export async function getSession(store: SqlRunner, cookieValue: string | undefined, now: Date): Promise<Session | null> {
  if (!cookieValue || cookieValue.length > 100) return null;
  // Joined with the official: a login whose password check passed just before the account was
  // disabled (on this process or another) may insert its session after the disable deleted the
  // sessions; such a session never works.
  const row = await store.get<{ username: string; csrf: string; expires_at: string }>(
    `SELECT s.username, s.csrf, s.expires_at FROM sessions s JOIN officials o ON o.username = s.username WHERE s.id_sha256 = ? AND o.disabled_at IS NULL`,
    [sha(cookieValue)],
  );
  if (!row || row.expires_at < now.toISOString()) return null;
  return { username: row.username, csrf: row.csrf };
}

export async function endSession(store: SqlRunner, cookieValue: string | undefined): Promise<void> {
  if (cookieValue) await store.run(`DELETE FROM sessions WHERE id_sha256 = ?`, [sha(cookieValue)]);
}

export function sameSecret(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// ---- login limiter ----------------------------------------------------------------------
/**
 * Counts login attempts per key (the username and the client address, separately). An
 * attempt is counted (reserved) BEFORE its password is checked, so a burst of simultaneous
 * attempts cannot all pass the check "fewer than N failures so far". A failed check keeps
 * the count and locks the key at `maxFailures` for `lockoutSeconds`; a successful one gives
 * its reservation back (`release`) or clears the key (`succeed`).
 * In the store (table login_limits, migration 006), so several township processes share one
 * limit (issue 13 §3). Each step is ONE statement (an upsert whose CASE expressions read the
 * row as it was), which is atomic on SQLite and on PostgreSQL under READ COMMITTED alike: a
 * read-then-write would let two processes both read "one attempt left".
 */
export class LoginLimiter {
  private calls = 0;
  constructor(
    private readonly store: SqlRunner,
    /** Which limit (`user`, `ip`): the keys of different limiters never meet. */
    private readonly name: string,
    private readonly maxFailures: number,
    private readonly lockoutSeconds: number,
  ) {}

  private k(key: string): string {
    return `${this.name}:${key}`;
  }

  /** Seconds until the key may try again, or 0. */
  async lockedFor(key: string, nowMs: number): Promise<number> {
    const r = await this.store.get<{ until: number }>(`SELECT locked_until_ms AS until FROM login_limits WHERE key = ?`, [this.k(key)]);
    const until = Number(r?.until ?? 0);
    return until > nowMs ? Math.ceil((until - nowMs) / 1000) : 0;
  }

  /**
   * Counts one attempt before it is checked. Returns 0 when it may be checked, or the
   * seconds to wait when the key is locked or already has `maxFailures` attempts counted
   * (failed or still being checked) in this window. A window older than the lockout (and not
   * locked) starts again.
   */
  async reserve(key: string, nowMs: number): Promise<number> {
    const w = this.lockoutSeconds * 1000;
    const max = this.maxFailures;
    // (SET expressions see the row as it was before this statement, in both dialects.)
    const locked = `login_limits.locked_until_ms > ?`;
    const fresh = `? - login_limits.first_ms > ?`;
    const r = await this.store.get<{ admitted: number; first_ms: number; locked_until_ms: number }>(
      `INSERT INTO login_limits(key, count, first_ms, locked_until_ms, admitted) VALUES (?, 1, ?, 0, 1)
       ON CONFLICT(key) DO UPDATE SET
         count = CASE WHEN ${locked} THEN login_limits.count WHEN ${fresh} THEN 1 WHEN login_limits.count >= ? THEN login_limits.count ELSE login_limits.count + 1 END,
         first_ms = CASE WHEN ${locked} THEN login_limits.first_ms WHEN ${fresh} THEN ? ELSE login_limits.first_ms END,
         admitted = CASE WHEN ${locked} THEN 0 WHEN ${fresh} THEN 1 WHEN login_limits.count >= ? THEN 0 ELSE 1 END
       RETURNING admitted, first_ms, locked_until_ms`,
      [this.k(key), nowMs, nowMs, nowMs, w, max, nowMs, nowMs, w, nowMs, nowMs, nowMs, w, max],
    );
    if (++this.calls % 200 === 0) await this.sweep(nowMs);
    if (!r) throw new Error('the login limit upsert returned no row');
    if (Number(r.admitted) === 1) return 0;
    const until = Number(r.locked_until_ms);
    if (until > nowMs) return Math.ceil((until - nowMs) / 1000);
    return Math.max(1, Math.ceil((Number(r.first_ms) + w - nowMs) / 1000));
  }

  /** The reserved attempt failed: it stays counted, and the key locks at the limit. */
  async fail(key: string, nowMs: number): Promise<void> {
    const until = nowMs + this.lockoutSeconds * 1000;
    await this.store.run(
      `INSERT INTO login_limits(key, count, first_ms, locked_until_ms, admitted) VALUES (?, 1, ?, ?, 0)
       ON CONFLICT(key) DO UPDATE SET
         count = CASE WHEN login_limits.count = 0 THEN 1 ELSE login_limits.count END,
         locked_until_ms = CASE WHEN (CASE WHEN login_limits.count = 0 THEN 1 ELSE login_limits.count END) >= ? THEN ? ELSE login_limits.locked_until_ms END`,
      [this.k(key), nowMs, this.maxFailures <= 1 ? until : 0, this.maxFailures, until],
    );
  }

  /** The reserved attempt did not fail (it succeeded, or was never checked): give it back. */
  async release(key: string): Promise<void> {
    await this.store.run(`UPDATE login_limits SET count = count - 1 WHERE key = ? AND count > 0`, [this.k(key)]);
  }

  async succeed(key: string): Promise<void> {
    await this.store.run(`DELETE FROM login_limits WHERE key = ?`, [this.k(key)]);
  }

  /** Forgets keys that are neither locked nor inside a window (they would start afresh anyway). */
  async sweep(nowMs: number): Promise<void> {
    await this.store.run(`DELETE FROM login_limits WHERE locked_until_ms <= ? AND first_ms < ?`, [nowMs, nowMs - this.lockoutSeconds * 1000]);
  }
}

/** Runs one task at a time per key (one password check per account at a time). */
export class KeyedQueue {
  private readonly tails = new Map<string, { tail: Promise<unknown>; waiting: number }>();
  constructor(private readonly maxWaiting: number) {}

  /** Null when `maxWaiting` tasks are already queued for the key. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> | null {
    const q = this.tails.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (q.waiting >= this.maxWaiting) return null;
    q.waiting += 1;
    const result = q.tail.then(task, task);
    q.tail = result.catch(() => undefined).finally(() => {
      q.waiting -= 1;
      if (q.waiting === 0 && this.tails.get(key) === q) this.tails.delete(key);
    });
    this.tails.set(key, q);
    return result;
  }
}
