// Officials' accounts (scrypt password hashes), login sessions (stored as sha256 of the
// cookie value, each with its own CSRF token) and the login attempt limiter.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../protocol/signing.js';
// Passwords: scrypt, NFKC-normalised (hashes stored under the old NFC rule still verify),
// the same code as the attendant PINs.
import { hashSecret as hashPassword, verifySecret as verifyPassword } from '../shared/secret-hash.js';
import type { Db } from './db/index.js';

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,40}$/;
export const PASSWORD_MIN = 8;

export type AddOfficialResult = { ok: true; created: boolean } | { ok: false; message: string };

/** Creates the official, or sets a new password for an existing one. */
export async function addOfficial(db: Db, username: string, password: string, now: Date = new Date()): Promise<AddOfficialResult> {
  if (!USERNAME_PATTERN.test(username)) return { ok: false, message: `"${username.slice(0, 60)}" is not a valid username: use 2-40 letters, digits, dot, dash or underscore` };
  if (password.length < PASSWORD_MIN) return { ok: false, message: `the password must be at least ${PASSWORD_MIN} characters` };
  if (password.length > 200) return { ok: false, message: 'the password must be at most 200 characters' };
  const hash = await hashPassword(password);
  const existed = db.prepare(`SELECT 1 FROM officials WHERE username = ?`).get(username) !== undefined;
  db.transaction(() => {
    db.prepare(`INSERT INTO officials(username, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT(username) DO UPDATE SET password_hash = excluded.password_hash`).run(username, hash, now.toISOString());
    // A password change ends that official's other sessions.
    if (existed) db.prepare(`DELETE FROM sessions WHERE username = ?`).run(username);
  })();
  return { ok: true, created: !existed };
}

// A fixed hash to check against for unknown usernames, so timing does not reveal which exist.
let dummyHash: Promise<string> | null = null;

export async function checkLogin(db: Db, username: string, password: string): Promise<boolean> {
  const row = USERNAME_PATTERN.test(username) ? (db.prepare(`SELECT password_hash FROM officials WHERE username = ?`).get(username) as { password_hash: string } | undefined) : undefined;
  if (!row) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(password, await dummyHash);
    return false;
  }
  return verifyPassword(password, row.password_hash);
}

export function officialCount(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM officials`).get() as { n: number }).n;
}

// ---- sessions ---------------------------------------------------------------------------
export interface Session {
  username: string;
  csrf: string;
}

const sha = sha256Hex;

export function createSession(db: Db, username: string, hours: number, now: Date): { cookieValue: string; csrf: string } {
  const cookieValue = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  db.prepare(`DELETE FROM sessions WHERE expires_at < ?`).run(now.toISOString());
  db.prepare(`INSERT INTO sessions(id_sha256, username, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`).run(sha(cookieValue), username, csrf, now.toISOString(), new Date(now.getTime() + hours * 3600_000).toISOString());
  return { cookieValue, csrf };
}

export function getSession(db: Db, cookieValue: string | undefined, now: Date): Session | null {
  if (!cookieValue || cookieValue.length > 100) return null;
  const row = db.prepare(`SELECT username, csrf, expires_at FROM sessions WHERE id_sha256 = ?`).get(sha(cookieValue)) as { username: string; csrf: string; expires_at: string } | undefined;
  if (!row || row.expires_at < now.toISOString()) return null;
  return { username: row.username, csrf: row.csrf };
}

export function endSession(db: Db, cookieValue: string | undefined): void {
  if (cookieValue) db.prepare(`DELETE FROM sessions WHERE id_sha256 = ?`).run(sha(cookieValue));
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
 * In memory: a restart clears it, which is acceptable for a township office server.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, { count: number; first: number; lockedUntil: number }>();
  constructor(
    private readonly maxFailures: number,
    private readonly lockoutSeconds: number,
  ) {}

  /** Seconds until the key may try again, or 0. */
  lockedFor(key: string, nowMs: number): number {
    const f = this.failures.get(key);
    if (!f || f.lockedUntil <= nowMs) return 0;
    return Math.ceil((f.lockedUntil - nowMs) / 1000);
  }

  private entry(key: string, nowMs: number) {
    const windowMs = this.lockoutSeconds * 1000;
    let f = this.failures.get(key);
    if (!f || (f.lockedUntil <= nowMs && nowMs - f.first > windowMs)) f = { count: 0, first: nowMs, lockedUntil: 0 };
    this.failures.set(key, f);
    if (this.failures.size > 10_000) {
      for (const [k, v] of this.failures) if (v.lockedUntil <= nowMs && nowMs - v.first > windowMs) this.failures.delete(k);
    }
    return f;
  }

  /**
   * Counts one attempt before it is checked. Returns 0 when it may be checked, or the
   * seconds to wait when the key is locked or already has `maxFailures` attempts counted
   * (failed or still being checked) in this window.
   */
  reserve(key: string, nowMs: number): number {
    const locked = this.lockedFor(key, nowMs);
    if (locked > 0) return locked;
    const f = this.entry(key, nowMs);
    if (f.count >= this.maxFailures) return Math.max(1, Math.ceil((f.first + this.lockoutSeconds * 1000 - nowMs) / 1000));
    f.count += 1;
    return 0;
  }

  /** The reserved attempt failed: it stays counted, and the key locks at the limit. */
  fail(key: string, nowMs: number): void {
    const f = this.entry(key, nowMs);
    if (f.count === 0) f.count = 1;
    if (f.count >= this.maxFailures) f.lockedUntil = nowMs + this.lockoutSeconds * 1000;
  }

  /** The reserved attempt did not fail (it succeeded, or was never checked): give it back. */
  release(key: string): void {
    const f = this.failures.get(key);
    if (f && f.count > 0) f.count -= 1;
  }

  succeed(key: string): void {
    this.failures.delete(key);
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
