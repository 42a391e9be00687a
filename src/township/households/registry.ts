// The household registry: a generated id, the village, an optional head-of-household name
// and phone, eligibility tags and the official in charge. Edit and deactivate; nothing else
// is kept (no ID numbers, addresses or incomes). Every change is in the audit log.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { CODE_ALPHABET } from '../../protocol/relay.js';
import { ContentPhone } from '../../protocol/content.js';
import type { SqlRunner } from '../store/sql-store.js';
import { inTx, type SqlTarget } from '../store/in-tx.js';
import { audit } from '../audit.js';
import { HOUSEHOLD_TAG_NAMES, type HouseholdTagName } from './tags.js';

export const HOUSEHOLD_ID_PATTERN = /^H-[34679ACDEFGHJKMNPQRTWXY]{4}-[34679ACDEFGHJKMNPQRTWXY]{4}$/;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null);

export const HouseholdInput = z
  .object({
    village: z.string().trim().min(1, 'the village is required').max(40, 'at most 40 characters'),
    headName: optionalText(20),
    headPhone: z
      .union([z.literal(''), ContentPhone])
      .nullable()
      .default(null)
      .transform((s) => (s === '' ? null : s)),
    tags: z.array(z.enum(HOUSEHOLD_TAG_NAMES as [HouseholdTagName, ...HouseholdTagName[]], { message: `one of ${HOUSEHOLD_TAG_NAMES.join(', ')}` })).max(10).default([]),
    official: z.string().trim().max(40).nullable().default(null).transform((s) => (s === '' ? null : s)),
  })
  .strict();
export type HouseholdInput = z.input<typeof HouseholdInput>;

export interface Household {
  id: string;
  village: string;
  headName: string | null;
  headPhone: string | null;
  tags: HouseholdTagName[];
  official: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  village: string;
  head_name: string | null;
  head_phone: string | null;
  tags: string;
  official: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

const toHousehold = (r: Row): Household => ({
  id: r.id,
  village: r.village,
  headName: r.head_name,
  headPhone: r.head_phone,
  tags: JSON.parse(r.tags) as HouseholdTagName[],
  official: r.official,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type HouseholdResult = { ok: true; household: Household } | { ok: false; code: 'invalid' | 'not-found' | 'unknown-official' | 'exists'; message: string; field?: string };

/** A new random id (23^8 of them; a collision is retried, see addHousehold). */
export function newHouseholdId(): string {
  const c = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `H-${c()}-${c()}`;
}

async function validate(store: SqlRunner, input: unknown): Promise<{ ok: true; value: z.output<typeof HouseholdInput> } | { ok: false; code: 'invalid' | 'unknown-official'; message: string; field?: string }> {
  const p = HouseholdInput.safeParse(input);
  if (!p.success) {
    const i = p.error.issues[0]!;
    const field = i.path.join('.') || 'body';
    return { ok: false, code: 'invalid', message: `${field}: ${i.message}`, field };
  }
  if (p.data.official && !await store.get(`SELECT 1 FROM officials WHERE username = ? AND disabled_at IS NULL`, [p.data.official])) {
    return { ok: false, code: 'unknown-official', message: `official: there is no active official "${p.data.official}"`, field: 'official' };
  }
  return { ok: true, value: { ...p.data, tags: [...new Set(p.data.tags)] } };
}

export interface AddHouseholdOptions {
  /** This id instead of a new one (a restore from a list, a test): `exists` when it is taken. */
  id?: string;
  /** Where new ids come from (default newHouseholdId; tests force a collision with it). */
  newId?: () => string;
}

/** New ids tried before giving up (each taken one is a 1 in 23^8 event). */
const ID_ATTEMPTS = 8;

/**
 * Adds a household. The id is claimed by the INSERT itself (ON CONFLICT(id) DO NOTHING), not by
 * a check before it: with several township processes (PostgreSQL, READ COMMITTED) a check then
 * insert let two adds both see an id free and the second fail with a unique violation (a 500).
 * A taken new id is retried with another; a taken given id is the returned `exists`.
 */
export async function addHousehold(store: SqlTarget, input: unknown, by: string | null, now: Date, opts: AddHouseholdOptions = {}): Promise<HouseholdResult> {
  if (opts.id !== undefined && !HOUSEHOLD_ID_PATTERN.test(opts.id)) return { ok: false, code: 'invalid', message: `id: "${opts.id.slice(0, 40)}" is not a household id (like H-AC3D-7FKQ)`, field: 'id' };
  const v = await validate(store, input);
  if (!v.ok) return v;
  const at = now.toISOString();
  return inTx(store, async (q): Promise<HouseholdResult> => {
    const attempts = opts.id !== undefined ? [opts.id] : Array.from({ length: ID_ATTEMPTS }, opts.newId ?? newHouseholdId);
    let id: string | null = null;
    for (const candidate of attempts) {
      const r = await q.get<{ id: string }>(`INSERT INTO households(id, village, head_name, head_phone, tags, official, active, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
         ON CONFLICT(id) DO NOTHING RETURNING id`, [candidate, v.value.village, v.value.headName, v.value.headPhone, JSON.stringify(v.value.tags), v.value.official, at, at, by]);
      if (r) {
        id = r.id;
        break;
      }
    }
    if (id === null) {
      return opts.id !== undefined
        ? { ok: false, code: 'exists', message: `household ${opts.id} already exists`, field: 'id' }
        : { ok: false, code: 'exists', message: `no free household id after ${ID_ATTEMPTS} tries; try again`, field: 'id' };
    }
    await audit(q, { at: now, by, subjectType: 'household', subjectId: id, action: 'household-added', detail: { village: v.value.village, tags: v.value.tags } });
    return { ok: true, household: (await getHousehold(q, id))! };
  });
}

export async function editHousehold(store: SqlTarget, id: string, input: unknown, by: string | null, now: Date): Promise<HouseholdResult> {
  const v = await validate(store, input);
  if (!v.ok) return v;
  return inTx(store, async (q): Promise<HouseholdResult> => {
    const r = await q.run(`UPDATE households SET village = ?, head_name = ?, head_phone = ?, tags = ?, official = ?, updated_at = ?, updated_by = ? WHERE id = ?`, [
      v.value.village,
      v.value.headName,
      v.value.headPhone,
      JSON.stringify(v.value.tags),
      v.value.official,
      now.toISOString(),
      by,
      id,
    ]);
    if (r.changes === 0) return { ok: false, code: 'not-found', message: `there is no household ${id.slice(0, 40)}` };
    await audit(q, { at: now, by, subjectType: 'household', subjectId: id, action: 'household-edited', detail: { village: v.value.village, tags: v.value.tags } });
    return { ok: true, household: (await getHousehold(q, id))! };
  });
}

export async function getHousehold(store: SqlRunner, id: string): Promise<Household | null> {
  const r = await store.get<Row>(`SELECT * FROM households WHERE id = ?`, [id]);
  return r ? toHousehold(r) : null;
}

export async function listHouseholds(store: SqlRunner, f: { village?: string | undefined; includeInactive?: boolean } = {}): Promise<Household[]> {
  const where: string[] = [];
  const args: string[] = [];
  if (f.village) (where.push('village = ?'), args.push(f.village));
  if (!f.includeInactive) where.push('active = 1');
  const rows = await store.all<Row>(`SELECT * FROM households ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY village, created_at`, [...args]);
  return rows.map(toHousehold);
}

/** Masks a head-of-household name for a card: 张三丰 -> 张**. */
export function maskedHeadName(name: string | null): string {
  if (!name) return '**';
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
