// Schemas for the scanner, scan routing, attendant and dev-panel calls (the printer's live in
// printer.ts). The scan route is computed in the runtime (it needs the township key to check
// household cards) and pushed to the UI with the `scanRouted` event.
import { z } from 'zod';
import { HouseholdCard } from '../protocol/household-card.js';

// The card format is protocol shared with the township (src/protocol/household-card.ts).
export { HouseholdCard, HouseholdTag } from '../protocol/household-card.js';

export const UnknownReason = z.enum(['empty', 'too-long', 'invalid-encoding', 'control-characters', 'malformed-kiosk-code', 'unrecognised']);
export type UnknownReason = z.infer<typeof UnknownReason>;

export const ScanRoute = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('household'), card: HouseholdCard }),
  z.object({ kind: z.literal('invalid-card'), reason: z.enum(['no-key', 'bad-signature', 'malformed', 'revoked', 'expired']) }),
  z.object({ kind: z.literal('receipt'), code: z.string() }),
  z.object({ kind: z.literal('policy'), id: z.string() }),
  z.object({ kind: z.literal('job'), id: z.string() }),
  /** A village poster's code: on the kiosk it opens the policies. */
  z.object({ kind: z.literal('village'), name: z.string() }),
  z.object({ kind: z.literal('badge'), badgeId: z.string() }),
  /** A township kiosk-enrolment code (VKE1:…); its content (a token) stays in the runtime. */
  z.object({ kind: z.literal('enrolment') }),
  z.object({ kind: z.literal('url'), url: z.string() }),
  z.object({ kind: z.literal('unknown'), reason: UnknownReason }),
  /** A phone's payment code scanned by mistake: never shown in full, never logged (src/scan/sensitive.ts). */
  z.object({ kind: z.literal('payment-code'), provider: z.enum(['wechat', 'alipay']), masked: z.string().max(24) }),
  /** A resident ID number scanned by mistake: never shown in full, never logged. */
  z.object({ kind: z.literal('id-number'), masked: z.string().max(18) }),
]);
export type ScanRoute = z.infer<typeof ScanRoute>;

export const ScanSource = z.enum(['hid-pos', 'hid-keyboard', 'keyboard-wedge', 'simulator', 'state-file', 'test']);
export type ScanSource = z.infer<typeof ScanSource>;

export const ScanRoutedEvent = z.object({
  id: z.string(),
  source: ScanSource,
  route: ScanRoute,
  /** Short, control-character-free version of what was scanned; UI shows it as text only. */
  preview: z.string(),
  at: z.string(),
  /** Epoch milliseconds when the runtime received the scan (scan-to-screen measurements). */
  atMs: z.number(),
});
export type ScanRoutedEvent = z.infer<typeof ScanRoutedEvent>;

export const SubmitWedgeInput = z.object({ text: z.string().max(20_000) }).strict();
export const ScanAccepted = z.object({ accepted: z.boolean(), id: z.string().nullable() });

// ---- dev panel (ui.devPanel only) -------------------------------------------------------
export const DevInjectScanInput = z
  .object({
    text: z.string().max(20_000).optional(),
    /** Raw bytes as hex, for encoding tests (GB18030, invalid UTF-8). */
    hex: z.string().regex(/^[0-9a-fA-F]*$/).max(40_000).optional(),
  })
  .strict();
export const DevResult = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), message: z.string() })]);
export type DevResult = z.infer<typeof DevResult>;
export const DevSetConnectedInput = z.object({ connected: z.boolean() }).strict();
export const DevScannerState = z.object({ mode: z.string(), controllable: z.boolean() });

// ---- attendants ---------------------------------------------------------------------------
export const BadgeId = z.string().regex(/^[A-Za-z0-9-]{3,40}$/);
export const Pin = z.string().regex(/^\d{4,8}$/);
export const AttendantVerifyInput = z.object({ badgeId: BadgeId, pin: z.string().max(32) }).strict();
export const AttendantVerifyOutput = z.discriminatedUnion('result', [
  z.object({ result: z.literal('ok'), token: z.string(), name: z.string(), expiresAt: z.string() }),
  z.object({ result: z.literal('wrong-pin'), triesLeft: z.number().int().nonnegative() }),
  z.object({ result: z.literal('locked'), until: z.string() }),
  /** The badge was disabled (`npm run attendant -- disable`); `message` says so in plain words. */
  z.object({ result: z.literal('disabled'), message: z.string() }),
]);
export type AttendantVerifyOutput = z.infer<typeof AttendantVerifyOutput>;
export const AttendantBadgeInput = z.object({ badgeId: BadgeId }).strict();
export const AttendantBadgeOutput = z.discriminatedUnion('result', [
  z.object({ result: z.literal('pin-required') }),
  z.object({ result: z.literal('locked'), until: z.string() }),
  z.object({ result: z.literal('disabled'), message: z.string() }),
]);
export const AttendantTokenInput = z.object({ token: z.string().max(200) }).strict();
export const StaffCallRow = z.object({ id: z.number().int(), screen: z.string(), calledAt: z.string(), acknowledgedAt: z.string().nullable() });
export const AttendantOverview = z.discriminatedUnion('result', [
  z.object({
    result: z.literal('ok'),
    name: z.string(),
    expiresAt: z.string(),
    badgeId: z.string(),
    staffCalls: z.array(StaffCallRow),
    /** Requests saved today (kiosk local day), newest first; phones masked. */
    today: z.array(
      z.object({
        code: z.string(),
        type: z.string(),
        createdAt: z.string(),
        maskedPhone: z.string(),
        outbox: z.string(),
        township: z.string().nullable(),
        assistedBy: z.string().nullable(),
      }),
    ),
    township: z.object({ url: z.string().nullable(), lastSyncAt: z.string().nullable(), contentVersion: z.string() }),
  }),
  z.object({ result: z.literal('locked') }),
]);
export type AttendantOverview = z.infer<typeof AttendantOverview>;
export const AttendantAckInput = z.object({ token: z.string().max(200), id: z.number().int() }).strict();
export const AttendantAckOutput = z.object({ result: z.enum(['ok', 'locked', 'not-found']) });
export const AttendantLockOutput = z.object({ ok: z.literal(true) });
