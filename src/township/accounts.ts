// Officials' accounts beyond login (officials.ts): display name, phone, role (admin or
// official), disabled; and the village -> official-in-charge table.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ContentPhone } from '../protocol/content.js';
import type { SqlRunner, SqlStore } from './store/sql-store.js';
import { credentialProblem, hashPassword, USERNAME_PATTERN } from './officials.js';
import { inTx, type SqlTarget } from './store/in-tx.js';
import { audit } from './audit.js';
import { forgetKioskToken } from './kiosks.js';
import { announceTokenChange } from './kiosk-token-memory.js';

export const ROLES = ['admin', 'official'] as const;
export type Role = (typeof ROLES)[number];

export interface OfficialAccount {
  username: string;
  name: string;
  phone: string | null;
  role: Role;
  disabled: boolean;
}

interface Row {
  username: string;
  display_name: string;
  phone: string | null;
  role: Role;
  disabled_at: string | null;
}

const toAccount = (r: Row): OfficialAccount => ({ username: r.username, name: r.display_name || r.username, phone: r.phone, role: r.role, disabled: r.disabled_at !== null });

export async function listOfficials(store: SqlRunner, opts: { includeDisabled?: boolean } = {}): Promise<OfficialAccount[]> {
  return (await store.all<Row>(`SELECT username, display_name, phone, role, disabled_at FROM officials ${opts.includeDisabled ? '' : 'WHERE disabled_at IS NULL'} ORDER BY username`)).map(toAccount);
}

export async function getOfficial(store: SqlRunner, username: string): Promise<OfficialAccount | null> {
  const r = await store.get<Row>(`SELECT username, display_name, phone, role, disabled_at FROM officials WHERE username = ?`, [username]);
  return r ? toAccount(r) : null;
}

/** Name and phone as printed on cards and posters. */
export async function officialContact(store: SqlRunner, username: string): Promise<{ name: string; phone: string | null } | null> {
  const o = await getOfficial(store, username);
  return o ? { name: o.name, phone: o.phone } : null;
}

export const AccountInput = z
  .object({
    username: z.string().trim().regex(USERNAME_PATTERN, '2-40 letters, digits, dot, dash or underscore'),
    name: z.string().trim().min(1, 'the name is required').max(40),
    phone: z.union([z.literal(''), ContentPhone]).transform((s) => (s === '' ? null : s)),
    role: z.enum(ROLES),
  })
  .strict();

export type AccountResult = { ok: true } | { ok: false; message: string };

/**
 * A new account. The username is claimed by the INSERT (ON CONFLICT DO NOTHING), not by a check
 * before it: two admins creating one username at once (two processes, or two requests while
 * the password hashes) get one account and one "already exists", never one silently replacing
 * the other's password.
 */
export async function createAccount(store: SqlTarget, input: unknown, password: string, by: string | null, now: Date): Promise<AccountResult> {
  const p = AccountInput.safeParse(input);
  if (!p.success) {
    const i = p.error.issues[0]!;
    return { ok: false, message: `${i.path.join('.') || 'form'}: ${i.message}` };
  }
  const problem = credentialProblem(p.data.username, password);
  if (problem) return { ok: false, message: problem };
  const exists: AccountResult = { ok: false, message: `username: "${p.data.username}" already exists` };
  if (await getOfficial(store, p.data.username)) return exists; // (before hashing: a quick answer)
  const hash = await hashPassword(password);
  return inTx(store, async (q): Promise<AccountResult> => {
    const r = await q.get(`INSERT INTO officials(username, password_hash, created_at, display_name, phone, role) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(username) DO NOTHING RETURNING username`, [p.data.username, hash, now.toISOString(), p.data.name, p.data.phone, p.data.role]);
    if (!r) return exists;
    await audit(q, { at: now, by, subjectType: 'official', subjectId: p.data.username, action: 'official-added', detail: { role: p.data.role } });
    return { ok: true };
  });
}

/** Sets the given fields in ONE statement (a read, merge and write would lose a concurrent change to another field). */
export async function setProfile(store: SqlRunner, username: string, p: { name?: string; phone?: string | null; role?: Role }): Promise<void> {
  await store.run(`UPDATE officials SET display_name = COALESCE(?, display_name), phone = CASE WHEN ? = 1 THEN ? ELSE phone END, role = COALESCE(?, role) WHERE username = ?`, [p.name ?? null, p.phone === undefined ? 0 : 1, p.phone ?? null, p.role ?? null, username]);
}

export async function setDisabled(store: SqlTarget, username: string, disabled: boolean, by: string | null, now: Date): Promise<AccountResult> {
  return inTx(store, async (q): Promise<AccountResult> => {
    const r = await q.run(`UPDATE officials SET disabled_at = ? WHERE username = ?`, [disabled ? now.toISOString() : null, username]);
    if (r.changes === 0) return { ok: false, message: `there is no official "${username.slice(0, 40)}"` };
    if (disabled) await q.run(`DELETE FROM sessions WHERE username = ?`, [username]);
    await audit(q, { at: now, by, subjectType: 'official', subjectId: username, action: disabled ? 'official-disabled' : 'official-enabled' });
    return { ok: true };
  });
}

export async function isActiveOfficial(store: SqlRunner, username: string): Promise<boolean> {
  return await store.get(`SELECT 1 FROM officials WHERE username = ? AND disabled_at IS NULL`, [username]) !== undefined;
}

export async function roleOf(store: SqlRunner, username: string): Promise<Role | null> {
  const o = await getOfficial(store, username);
  return o && !o.disabled ? o.role : null;
}

// ---- villages ---------------------------------------------------------------------------
export async function setVillageOfficial(store: SqlRunner, village: string, username: string | null, now: Date): Promise<AccountResult> {
  const v = village.trim();
  if (!v || v.length > 40) return { ok: false, message: 'village: 1-40 characters' };
  if (username && !await isActiveOfficial(store, username)) return { ok: false, message: `official: there is no active official "${username.slice(0, 40)}"` };
  await store.run(`INSERT INTO villages(name, official, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET official = excluded.official, updated_at = excluded.updated_at`, [v, username, now.toISOString()]);
  return { ok: true };
}

export async function villageOfficial(store: SqlRunner, village: string): Promise<string | null> {
  return (await store.get<{ official: string | null }>(`SELECT official FROM villages WHERE name = ?`, [village]))?.official ?? null;
}

/** Every village the township knows of: registered villages, households' and kiosks' villages. */
export async function knownVillages(store: SqlRunner): Promise<string[]> {
  const rows = await store.all<{ name: string }>(`SELECT name FROM villages UNION SELECT village FROM households UNION SELECT village FROM kiosks WHERE village <> '' ORDER BY 1`);
  return rows.map((r) => r.name);
}

/**
 * Disabling: sessions end and the password stops working (enabling needs a password reset).
 * One UPDATE sets both, in one transaction with the sessions' end: a reset racing with it ends
 * either disabled (no password) or enabled with the new password, never enabled without one.
 */
export async function disableOfficial(store: SqlTarget, username: string, by: string | null, now: Date): Promise<AccountResult> {
  return inTx(store, async (q): Promise<AccountResult> => {
    const r = await q.run(`UPDATE officials SET disabled_at = ?, password_hash = 'disabled' WHERE username = ?`, [now.toISOString(), username]);
    if (r.changes === 0) return { ok: false, message: `there is no official "${username.slice(0, 40)}"` };
    await q.run(`DELETE FROM sessions WHERE username = ?`, [username]);
    await audit(q, { at: now, by, subjectType: 'official', subjectId: username, action: 'official-disabled' });
    return { ok: true };
  });
}

/** Admin resets a password (also re-enables a disabled account): one UPDATE sets both. */
export async function resetPassword(store: SqlTarget, username: string, password: string, by: string | null, now: Date): Promise<AccountResult> {
  const problem = credentialProblem(username, password);
  if (problem) return { ok: false, message: USERNAME_PATTERN.test(username) ? problem : `there is no official "${username.slice(0, 40)}"` };
  const hash = await hashPassword(password);
  return inTx(store, async (q): Promise<AccountResult> => {
    const r = await q.run(`UPDATE officials SET password_hash = ?, disabled_at = NULL WHERE username = ?`, [hash, username]);
    if (r.changes === 0) return { ok: false, message: `there is no official "${username.slice(0, 40)}"` };
    await q.run(`DELETE FROM sessions WHERE username = ?`, [username]);
    await audit(q, { at: now, by, subjectType: 'official', subjectId: username, action: 'password-reset' });
    return { ok: true };
  });
}

/** The kiosk's token stops working at once (its stored hash no longer matches any token). */
export async function revokeKioskToken(store: SqlStore, kioskId: string, by: string | null, now: Date): Promise<AccountResult> {
  const r = await store.run(`UPDATE kiosks SET token_sha256 = ? WHERE kiosk_id = ?${announceTokenChange(store, 'kiosk_id')}`, [`revoked:${kioskId}:${randomBytes(16).toString('hex')}`, kioskId]);
  forgetKioskToken(store, kioskId);
  if (r.changes === 0) return { ok: false, message: `there is no kiosk "${kioskId.slice(0, 64)}"` };
  await audit(store, { at: now, by, subjectType: 'kiosk', subjectId: kioskId, action: 'kiosk-revoked' });
  return { ok: true };
}

export async function kioskRevoked(store: SqlRunner, kioskId: string): Promise<boolean> {
  return ((await store.get<{ token_sha256: string }>(`SELECT token_sha256 FROM kiosks WHERE kiosk_id = ?`, [kioskId]))?.token_sha256 ?? '').startsWith('revoked:');
}
