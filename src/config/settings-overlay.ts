// The kiosk settings overlay: what an attendant changed on the kiosk's settings screen,
// stored in SQLite (kiosk_settings, migration 007), one row per config key path, and layered
// over the config file and environment when the runtime starts (src/runtime.ts). Every change
// is validated with the config file's own schema (ConfigSchema), so a bad value gets the same
// one-line "config error: key = value: expected ..." message and changes nothing.
import type { Db } from '../db/open.js';
import type { Logger } from '../log/logger.js';
import { describeIssue, setPath } from './layered.js';
import { percentToStep } from './legacy-keys.js';
import { ConfigSchema, type KioskConfig } from './schema.js';

/** Keys the settings screen edits one by one. */
export const EDITABLE_KEYS = ['hallName', 'township.url', 'ui.defaultTextSize', 'ui.idleWarnSeconds', 'ui.defaultVolume'] as const;
export type EditableKey = (typeof EDITABLE_KEYS)[number];
/** Keys an enrolment QR sets together. */
export const ENROLMENT_KEYS = ['kioskId', 'township.url', 'township.kioskToken', 'township.publicKey'] as const;
export const OVERLAY_KEYS: ReadonlySet<string> = new Set([...EDITABLE_KEYS, ...ENROLMENT_KEYS]);
/** Keys the running kiosk picks up at once; the others (identity, township link) at the next start. */
export const LIVE_KEYS: ReadonlySet<string> = new Set(['hallName', 'ui.defaultTextSize', 'ui.idleWarnSeconds', 'ui.defaultVolume']);

const ORIGIN = 'the kiosk settings screen';

type Json = Record<string, unknown>;

export type LayerResult = { ok: true; config: KioskConfig } | { ok: false; message: string };

/** `config` with `changes` (key path -> value) applied, checked against ConfigSchema. */
export function layerSettings(config: KioskConfig, changes: Record<string, unknown>): LayerResult {
  const raw = structuredClone(config) as unknown as Json;
  const origins = new Map<string, string>();
  for (const [key, value] of Object.entries(changes)) {
    if (!OVERLAY_KEYS.has(key)) return { ok: false, message: `config error: ${key} cannot be changed on the kiosk screen (only ${[...OVERLAY_KEYS].join(', ')})` };
    setPath(raw, key, value);
    origins.set(key, ORIGIN);
    if (typeof value === 'object' && value !== null) for (const sub of Object.keys(value)) origins.set(`${key}.${sub}`, ORIGIN);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: describeIssue('config error', parsed.error.issues[0]!, raw, origins) };
  return { ok: true, config: { ...parsed.data, dataDir: config.dataDir } };
}

export function readSettings(db: Db): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of db.prepare('SELECT key, value FROM kiosk_settings ORDER BY key').all() as Array<{ key: string; value: string }>) {
    try {
      out[row.key] = JSON.parse(row.value);
    } catch {
      /* a damaged row is skipped (and reported by applyStoredSettings) */
    }
  }
  return out;
}

export function saveSettings(db: Db, changes: Record<string, unknown>, by: string | null, now: Date): void {
  const put = db.prepare(
    `INSERT INTO kiosk_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(changes)) put.run(key, JSON.stringify(value), now.toISOString(), by);
  })();
}

/**
 * The config the runtime runs with: file + environment, then the stored settings. A stored
 * value that no longer passes the schema (e.g. after an upgrade) is skipped with a logged
 * error, never a failed start.
 */
export function applyStoredSettings(config: KioskConfig, db: Db, log: Logger): KioskConfig {
  const stored = readSettings(db);
  if (Object.keys(stored).length === 0) return config;
  // Saved before the one default volume (a 0-100 tone percentage): read as the nearest step.
  const step = percentToStep(stored['ui.defaultVolume']);
  if (step !== null) {
    log.warn('config-deprecated', { key: 'ui.defaultVolume', message: `the saved setting ui.defaultVolume = ${JSON.stringify(stored['ui.defaultVolume'])} is an old percentage and was read as volume step ${step}; save the default volume on the settings screen again to keep it` });
    stored['ui.defaultVolume'] = step;
  }
  const all = layerSettings(config, stored);
  if (all.ok) return all.config;
  let current = config;
  for (const [key, value] of Object.entries(stored)) {
    const one = layerSettings(current, { [key]: value });
    if (one.ok) current = one.config;
    else log.error('setting-skipped', { key, message: `${one.message}; the stored setting is ignored until it is saved again` });
  }
  return current;
}
