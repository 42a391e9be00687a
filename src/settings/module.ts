// The kiosk settings screen's calls: read the settings, change one (validated by the config
// schema, persisted in the settings overlay), and enrolment by scanning the township's QR
// (checked with that township before it is stored: enrolment-check.ts).
// Hall name, default text size, idle timeout and volume apply at once: the running config
// object is updated in place (app.info and speech.capability read it) and a settingsChanged
// event tells the screen to refetch app.info; the township link and kiosk identity apply at
// the next start.
import type { RuntimeContext, RuntimeModule } from '../core/module.js';
import type { KioskConfig } from '../config/schema.js';
import { LIVE_KEYS, layerSettings, readSettings, saveSettings } from '../config/settings-overlay.js';
import { decodeEnrolment, type EnrolmentPayload } from '../protocol/enrolment.js';
import { checkEnrolmentWithTownship, type EnrolmentCheck } from './enrolment-check.js';

export type SettingsCalls = 'settings.get' | 'settings.set' | 'settings.armEnrolment';

export const ENROLMENT_WINDOW_MS = 2 * 60_000;

export interface SettingsModuleOptions {
  /** The badge id of a live attendant session, or null. */
  attendantBadge: (token: string) => string | null;
  /** Asks the township in the code whether its key and token are real (default: over HTTP). */
  checkEnrolment?: (p: EnrolmentPayload) => Promise<EnrolmentCheck>;
}

function getPath(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const k of dotted.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/** Copies the live keys of `next` into the running config object. */
function applyLive(running: KioskConfig, next: KioskConfig): void {
  running.hallName = next.hallName;
  running.ui.defaultTextSize = next.ui.defaultTextSize;
  running.ui.idleWarnSeconds = next.ui.idleWarnSeconds;
  running.ui.defaultVolume = next.ui.defaultVolume;
}

export function createSettingsModule(ctx: RuntimeContext, opts: SettingsModuleOptions): RuntimeModule<SettingsCalls> & { enrol(text: string): Promise<void> } {
  const log = ctx.log.child({ component: 'settings' });
  let armedUntil = 0;
  let armedBy: string | null = null;
  let lastEnrolment: { ok: boolean; at: string; message: string; kioskId: string | null } | null = null;

  /** Stored settings the running config does not have yet (need a restart). */
  const pendingRestart = (): string[] => {
    const stored = readSettings(ctx.db);
    return Object.keys(stored).filter((k) => !LIVE_KEYS.has(k) && JSON.stringify(getPath(ctx.config, k)) !== JSON.stringify(stored[k]));
  };

  return {
    handlers: {
      'settings.get': ({ token }) => {
        if (!opts.attendantBadge(token)) return { result: 'locked' as const };
        const c = ctx.config;
        const stored = readSettings(ctx.db);
        const nowMs = ctx.now().getTime();
        return {
          result: 'ok' as const,
          settings: {
            hallName: c.hallName,
            townshipUrl: (stored['township.url'] as string | null | undefined) ?? c.township.url,
            kioskId: (stored.kioskId as string | undefined) ?? c.kioskId,
            enrolled: Boolean((stored['township.kioskToken'] ?? c.township.kioskToken) && (stored['township.publicKey'] ?? c.township.publicKey)),
            defaultTextSize: c.ui.defaultTextSize,
            idleWarnSeconds: c.ui.idleWarnSeconds,
            defaultVolume: c.ui.defaultVolume,
            restartNeededFor: pendingRestart(),
            lastEnrolment,
            enrolmentArmedUntil: armedUntil > nowMs ? new Date(armedUntil).toISOString() : null,
          },
        };
      },
      'settings.set': ({ token, key, value }) => {
        const badge = opts.attendantBadge(token);
        if (!badge) return { ok: false as const, reason: 'locked' as const, message: 'The attendant is signed out; scan the staff badge again.' };
        // Checked against the stored overlay too, so the result is what the next start will run.
        const r = layerSettings(ctx.config, { ...readSettings(ctx.db), [key]: value });
        if (!r.ok) {
          log.warn('setting-refused', { key, badgeId: badge, message: r.message });
          return { ok: false as const, reason: 'invalid' as const, message: r.message };
        }
        saveSettings(ctx.db, { [key]: getPath(r.config, key) }, badge, ctx.now());
        if (LIVE_KEYS.has(key)) {
          applyLive(ctx.config, r.config);
          ctx.bus.emit('settingsChanged', { keys: [key], at: ctx.now().toISOString() });
        }
        log.info('setting-saved', { key, badgeId: badge, live: LIVE_KEYS.has(key) });
        return { ok: true as const, restartNeeded: !LIVE_KEYS.has(key) };
      },
      'settings.armEnrolment': ({ token }) => {
        const badge = opts.attendantBadge(token);
        if (!badge) return { ok: false as const, reason: 'locked' as const };
        armedUntil = ctx.now().getTime() + ENROLMENT_WINDOW_MS;
        armedBy = badge;
        log.info('enrolment-armed', { badgeId: badge });
        return { ok: true as const, until: new Date(armedUntil).toISOString() };
      },
    },
    async enrol(text) {
      const at = ctx.now();
      if (armedUntil <= at.getTime()) {
        lastEnrolment = { ok: false, at: at.toISOString(), kioskId: null, message: 'An enrolment code was scanned, but enrolment was not started: sign in, open Settings, tap "Enrol", then scan it within 2 minutes.' };
        log.warn('enrolment-not-armed', { message: lastEnrolment.message });
        return;
      }
      armedUntil = 0;
      const d = decodeEnrolment(text);
      if (!d.ok) {
        lastEnrolment = { ok: false, at: at.toISOString(), kioskId: null, message: d.message };
        log.warn('enrolment-refused', { message: d.message });
        return;
      }
      const p = d.payload;
      const by = armedBy;
      const changes = { kioskId: p.kioskId, 'township.url': p.url, 'township.kioskToken': p.token, 'township.publicKey': p.publicKey };
      const r = layerSettings(ctx.config, { ...readSettings(ctx.db), ...changes });
      if (!r.ok) {
        lastEnrolment = { ok: false, at: at.toISOString(), kioskId: p.kioskId, message: r.message };
        log.warn('enrolment-refused', { message: r.message });
        return;
      }
      // Only a code the township itself confirms (its key, this kiosk's token) is stored.
      const checked = await (opts.checkEnrolment ?? checkEnrolmentWithTownship)(p);
      if (!checked.ok) {
        lastEnrolment = { ok: false, at: ctx.now().toISOString(), kioskId: p.kioskId, message: checked.message };
        log.warn('enrolment-refused', { kioskId: p.kioskId, url: p.url, message: checked.message });
        return;
      }
      saveSettings(ctx.db, changes, by, at);
      lastEnrolment = { ok: true, at: at.toISOString(), kioskId: p.kioskId, message: `Enrolled as kiosk ${p.kioskId} with the township at ${p.url}. Restart the kiosk to connect.` };
      log.info('enrolled', { kioskId: p.kioskId, url: p.url, badgeId: by });
    },
  };
}
