// Officials' accounts beyond login (officials.ts): display name, phone, role (admin or
// official), disabled; and the village -> official-in-charge table.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ContentPhone } from '../protocol/content.js';
import type { Db } from './db/index.js';
import { addOfficial, USERNAME_PATTERN } from './officials.js';
import { audit } from './audit.js';
import { forgetKioskTokens } from './kiosks.js';

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

export function listOfficials(db: Db, opts: { includeDisabled?: boolean } = {}): OfficialAccount[] {
  return (db.prepare(`SELECT username, display_name, phone, role, disabled_at FROM officials ${opts.includeDisabled ? '' : 'WHERE disabled_at IS NULL'} ORDER BY username`).all() as Row[]).map(toAccount);
}

export function getOfficial(db: Db, username: string): OfficialAccount | null {
  const r = db.prepare(`SELECT username, display_name, phone, role, disabled_at FROM officials WHERE username = ?`).get(username) as Row | undefined;
  return r ? toAccount(r) : null;
}

/** Name and phone as printed on cards and posters. */
export function officialContact(db: Db, username: string): { name: string; phone: string | null } | null {
  const o = getOfficial(db, username);
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

export async function createAccount(db: Db, input: unknown, password: string, by: string | null, now: Date): Promise<AccountResult> {
  const p = AccountInput.safeParse(input);
  if (!p.success) {
    const i = p.error.issues[0]!;
    return { ok: false, message: `${i.path.join('.') || 'form'}: ${i.message}` };
  }
  if (getOfficial(db, p.data.username)) return { ok: false, message: `username: "${p.data.username}" already exists` };
  const r = await addOfficial(db, p.data.username, password, now);
  if (!r.ok) return r;
  setProfile(db, p.data.username, { name: p.data.name, phone: p.data.phone, role: p.data.role });
  audit(db, { at: now, by, subjectType: 'official', subjectId: p.data.username, action: 'official-added', detail: { role: p.data.role } });
  return { ok: true };
}

export function setProfile(db: Db, username: string, p: { name?: string; phone?: string | null; role?: Role }): void {
  const cur = getOfficial(db, username);
  if (!cur) return;
  db.prepare(`UPDATE officials SET display_name = ?, phone = ?, role = ? WHERE username = ?`).run(p.name ?? cur.name, p.phone === undefined ? cur.phone : p.phone, p.role ?? cur.role, username);
}

export function setDisabled(db: Db, username: string, disabled: boolean, by: string | null, now: Date): AccountResult {
  const r = db.prepare(`UPDATE officials SET disabled_at = ? WHERE username = ?`).run(disabled ? now.toISOString() : null, username);
  if (r.changes === 0) return { ok: false, message: `there is no official "${username.slice(0, 40)}"` };
  if (disabled) db.prepare(`DELETE FROM sessions WHERE username = ?`).run(username);
  audit(db, { at: now, by, subjectType: 'official', subjectId: username, action: disabled ? 'official-disabled' : 'official-enabled' });
  return { ok: true };
}

export function isActiveOfficial(db: Db, username: string): boolean {
  return db.prepare(`SELECT 1 FROM officials WHERE username = ? AND disabled_at IS NULL`).get(username) !== undefined;
}

export function roleOf(db: Db, username: string): Role | null {
  const o = getOfficial(db, username);
  return o && !o.disabled ? o.role : null;
}

// ---- villages ---------------------------------------------------------------------------
export function setVillageOfficial(db: Db, village: string, username: string | null, now: Date): AccountResult {
  const v = village.trim();
  if (!v || v.length > 40) return { ok: false, message: 'village: 1-40 characters' };
  if (username && !isActiveOfficial(db, username)) return { ok: false, message: `official: there is no active official "${username.slice(0, 40)}"` };
  db.prepare(`INSERT INTO villages(name, official, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET official = excluded.official, updated_at = excluded.updated_at`).run(v, username, now.toISOString());
  return { ok: true };
}

export function villageOfficial(db: Db, village: string): string | null {
  return (db.prepare(`SELECT official FROM villages WHERE name = ?`).get(village) as { official: string | null } | undefined)?.official ?? null;
}

/** Every village the township knows of: registered villages, households' and kiosks' villages. */
export function knownVillages(db: Db): string[] {
  const rows = db.prepare(`SELECT name FROM villages UNION SELECT village FROM households UNION SELECT village FROM kiosks WHERE village <> '' ORDER BY 1`).all() as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

/** Disabling: sessions end and the password stops working (enabling needs a password reset). */
export function disableOfficial(db: Db, username: string, by: string | null, now: Date): AccountResult {
  const r = setDisabled(db, username, true, by, now);
  if (r.ok) db.prepare(`UPDATE officials SET password_hash = 'disabled' WHERE username = ?`).run(username);
  return r;
}

/** Admin resets a password (also re-enables a disabled account). */
export async function resetPassword(db: Db, username: string, password: string, by: string | null, now: Date): Promise<AccountResult> {
  if (!getOfficial(db, username)) return { ok: false, message: `there is no official "${username.slice(0, 40)}"` };
  const r = await addOfficial(db, username, password, now);
  if (!r.ok) return r;
  db.prepare(`UPDATE officials SET disabled_at = NULL WHERE username = ?`).run(username);
  audit(db, { at: now, by, subjectType: 'official', subjectId: username, action: 'password-reset' });
  return { ok: true };
}

/** The kiosk's token stops working at once (its stored hash no longer matches any token). */
export function revokeKioskToken(db: Db, kioskId: string, by: string | null, now: Date): AccountResult {
  const r = db.prepare(`UPDATE kiosks SET token_sha256 = ? WHERE kiosk_id = ?`).run(`revoked:${kioskId}:${randomBytes(16).toString('hex')}`, kioskId);
  forgetKioskTokens(db);
  if (r.changes === 0) return { ok: false, message: `there is no kiosk "${kioskId.slice(0, 64)}"` };
  audit(db, { at: now, by, subjectType: 'kiosk', subjectId: kioskId, action: 'kiosk-revoked' });
  return { ok: true };
}

export function kioskRevoked(db: Db, kioskId: string): boolean {
  return ((db.prepare(`SELECT token_sha256 FROM kiosks WHERE kiosk_id = ?`).get(kioskId) as { token_sha256: string } | undefined)?.token_sha256 ?? '').startsWith('revoked:');
}
