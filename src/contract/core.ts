// Schemas for the runtime's own calls and for the events it pushes.
import { z } from 'zod';

export const Lang = z.enum(['zh-CN', 'en']);
export type Lang = z.infer<typeof Lang>;

/** Text in both catalogue languages, as content and config carry it. */
export const LocalizedText = z.object({ 'zh-CN': z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Empty = z.object({}).strict();

export const AppInfo = z.object({
  kioskId: z.string(),
  hallName: LocalizedText,
  version: z.string(),
  devPanel: z.boolean(),
  idle: z.object({ warnAfterSeconds: z.number(), resetAfterSeconds: z.number() }),
  townshipConfigured: z.boolean(),
  /**
   * What each villager session starts with (settings screen / config ui.*). `volume` is the
   * one default volume: the volume step 1-4 for read-aloud and the scan tones.
   */
  defaults: z.object({ textSize: z.enum(['normal', 'large', 'largest']), volume: z.number().int().min(1).max(4) }).default({ textSize: 'normal', volume: 3 }),
  /** The attendant screen signs out after this long without a touch. */
  attendantIdleSeconds: z.number().int().default(120),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const StaffCallInput = z.object({ screen: z.string().max(100) }).strict();
/** `id` lets the villager's screen ask whether the attendant has acknowledged (staff.callStatus). */
export const StaffCallOutput = z.object({ id: z.number().int().optional(), calledAt: z.string() });
/** Whether the attendant has acknowledged a call ("help is coming" on the villager's screen). */
export const StaffCallStatusInput = z.object({ id: z.number().int() }).strict();
export const StaffCallStatusOutput = z.object({ found: z.boolean(), acknowledgedAt: z.string().nullable() });

export const ClientLogInput = z
  .object({
    level: z.enum(['info', 'warn', 'error']),
    event: z.string().max(100),
    detail: z.string().max(2000).optional(),
  })
  .strict();

// ---- device status: a discriminated union per device --------------------------------
export const DeviceState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('connected'), model: z.string().optional() }),
  z.object({ state: z.literal('disconnected'), reason: z.string().optional() }),
  z.object({ state: z.literal('not-configured') }),
  z.object({ state: z.literal('paper-out') }),
  z.object({ state: z.literal('paper-near-end') }),
  z.object({ state: z.literal('cover-open') }),
  z.object({ state: z.literal('offline') }),
  z.object({ state: z.literal('error'), message: z.string() }),
]);
export type DeviceState = z.infer<typeof DeviceState>;

export const DeviceStatusEvent = z.object({
  device: z.enum(['scanner', 'printer']),
  status: DeviceState,
  at: z.string(),
});
export type DeviceStatusEvent = z.infer<typeof DeviceStatusEvent>;

// ---- link to the township ------------------------------------------------------------
export const LinkState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('not-configured') }),
  z.object({ state: z.literal('online'), lastContactAt: z.string() }),
  z.object({ state: z.literal('offline'), since: z.string(), reason: z.string(), nextAttemptAt: z.string().nullable() }),
  z.object({ state: z.literal('paused'), reason: z.string() }),
]);
export type LinkState = z.infer<typeof LinkState>;

export const LinkStatusEvent = z.object({
  link: LinkState,
  queued: z.number().int().nonnegative(),
  needsAttention: z.number().int().nonnegative(),
  lastSyncAt: z.string().nullable(),
  at: z.string(),
});
export type LinkStatusEvent = z.infer<typeof LinkStatusEvent>;

// ---- storage health (src/core/storage-health.ts) -------------------------------------
/** "failing": a background chain hit a storage error; the screen says "storage problem, ask staff". */
export const StorageStatusEvent = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ok'), at: z.string() }),
  z.object({ state: z.literal('failing'), component: z.string().max(100), since: z.string(), message: z.string().max(500), at: z.string() }),
]);
export type StorageStatusEvent = z.infer<typeof StorageStatusEvent>;

export const ScanEvent = z.object({
  id: z.string(),
  source: z.enum(['hid-pos', 'hid-keyboard', 'keyboard-wedge', 'simulator', 'test']),
  /** Decoded text, already size-limited and stripped of trailing CR, LF, Tab and NUL. */
  text: z.string(),
  at: z.string(),
});
export type ScanEvent = z.infer<typeof ScanEvent>;

export const StatusSnapshot = z.object({
  scanner: DeviceState,
  printer: DeviceState,
  link: LinkStatusEvent,
});
export type StatusSnapshot = z.infer<typeof StatusSnapshot>;
