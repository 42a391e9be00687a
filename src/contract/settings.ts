// Schemas of the kiosk settings screen's calls (attendant only; src/settings/module.ts).
// Values are checked by the config schema itself (src/config/settings-overlay.ts), so the
// input here only bounds their shape.
import { z } from 'zod';
import { LocalizedText } from './core.js';

export const SettingsTokenInput = z.object({ token: z.string().max(200) }).strict();

export const SettingsView = z.object({
  hallName: LocalizedText,
  townshipUrl: z.string().nullable(),
  kioskId: z.string(),
  /** Whether a kiosk token and township key are set (never the token itself). */
  enrolled: z.boolean(),
  defaultTextSize: z.enum(['normal', 'large', 'largest']),
  idleWarnSeconds: z.number().int(),
  defaultVolume: z.number().int(),
  /** Saved settings that the running kiosk will only use after a restart. */
  restartNeededFor: z.array(z.string()),
  /** The last enrolment scan: what happened, in plain words. */
  lastEnrolment: z.object({ ok: z.boolean(), at: z.string(), message: z.string(), kioskId: z.string().nullable() }).nullable(),
  /** Until when the next scan of an enrolment code is accepted (after "Enrol"), or null. */
  enrolmentArmedUntil: z.string().nullable(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SettingsGetOutput = z.discriminatedUnion('result', [z.object({ result: z.literal('ok'), settings: SettingsView }), z.object({ result: z.literal('locked') })]);

export const SettingsSetInput = z
  .object({
    token: z.string().max(200),
    key: z.enum(['hallName', 'township.url', 'ui.defaultTextSize', 'ui.idleWarnSeconds', 'ui.defaultVolume']),
    /** Any JSON; the config schema decides (a wrong type gets its clear message). */
    value: z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.object({ 'zh-CN': z.unknown(), en: z.unknown() }).strict()]),
  })
  .strict();

export const SettingsSetOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), restartNeeded: z.boolean() }),
  z.object({ ok: z.literal(false), reason: z.enum(['invalid', 'locked']), message: z.string() }),
]);

export const ArmEnrolmentOutput = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), until: z.string() }), z.object({ ok: z.literal(false), reason: z.literal('locked') })]);

/**
 * Pushed on the event stream when a setting the running screen uses was saved (hall name,
 * default text size, idle timeout, default volume): the screen refetches app.info at once.
 */
export const SettingsChangedEvent = z.object({ keys: z.array(z.string().max(100)).max(20), at: z.string() });
export type SettingsChangedEvent = z.infer<typeof SettingsChangedEvent>;
