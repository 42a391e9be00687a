// Schemas for the receipt printer's calls (printer.*). Expected failures (paper out, cover
// open, no printer) are returned values with a reason, never thrown errors.
import { z } from 'zod';
import { DeviceState, Lang } from './core.js';

export const PaperWidth = z.union([z.literal(58), z.literal(80)]);
export type PaperWidth = z.infer<typeof PaperWidth>;

export const PrinterSinkKind = z.enum(['none', 'device', 'cups', 'tcp', 'state-file', 'memory']);
export type PrinterSinkKind = z.infer<typeof PrinterSinkKind>;

/** Why a printout did not come out. 'not-found' = no such request, policy or job. */
export const PrintFailureReason = z.enum(['paper-out', 'cover-open', 'offline', 'disconnected', 'not-configured', 'error', 'not-found', 'no-such-job']);
export type PrintFailureReason = z.infer<typeof PrintFailureReason>;

export const PrintOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), jobId: z.string() }),
  z.object({
    ok: z.literal(false),
    reason: PrintFailureReason,
    /** For the log and the attendant, not for villagers. */
    message: z.string(),
    /** The job kept for a reprint (receipts), or null when nothing was queued. */
    jobId: z.string().nullable(),
    /** True when the job waits in "reprint pending" for an attendant. */
    reprintPending: z.boolean(),
  }),
]);
export type PrintOutcome = z.infer<typeof PrintOutcome>;

export const PrintReceiptInput = z.object({ requestId: z.string().min(1).max(100), lang: Lang.default('zh-CN') }).strict();
export const SlipKind = z.enum(['policy', 'job']);
export type SlipKind = z.infer<typeof SlipKind>;
export const PrintSlipInput = z.object({ kind: SlipKind, id: z.string().min(1).max(200), lang: Lang.default('zh-CN') }).strict();

export const PreviewInput = z
  .object({
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('receipt'), requestId: z.string().min(1).max(100) }),
      z.object({ kind: z.literal('slip'), slip: SlipKind, id: z.string().min(1).max(200) }),
      z.object({ kind: z.literal('job'), jobId: z.string().min(1).max(100) }),
    ]),
    lang: Lang.default('zh-CN'),
    /** Defaults to the configured paper width. */
    paperWidth: PaperWidth.optional(),
  })
  .strict();
export const PreviewOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), svg: z.string(), paperWidth: PaperWidth, widthDots: z.number().int(), heightDots: z.number().int() }),
  z.object({ ok: z.literal(false), reason: z.enum(['not-found', 'no-such-job']) }),
]);

export const PrinterStatusOutput = z.object({
  configured: z.boolean(),
  sink: PrinterSinkKind,
  paperWidth: PaperWidth,
  status: DeviceState,
  /** Whether this link reports paper/cover state (a CUPS queue does not). */
  reportsStatus: z.boolean(),
  pendingJobs: z.number().int().nonnegative(),
});
export type PrinterStatusOutput = z.infer<typeof PrinterStatusOutput>;

export const PrintJobKind = z.enum(['receipt', 'policy-slip', 'job-slip']);
export const PrintJobStatus = z.enum(['printing', 'printed', 'reprint-pending', 'failed']);
export const PrintJobView = z.object({
  id: z.string(),
  kind: PrintJobKind,
  targetId: z.string(),
  /** What the attendant reads: the request code for receipts, the title for slips. */
  label: z.string(),
  status: PrintJobStatus,
  reason: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PrintJobView = z.infer<typeof PrintJobView>;
export const PendingJobsOutput = z.object({ jobs: z.array(PrintJobView) });
export const ReprintInput = z.object({ jobId: z.string().min(1).max(100) }).strict();

/** The state-file fake printer (dev panel and e2e). */
export const FakePrinterState = z.object({
  connected: z.boolean(),
  paperOut: z.boolean(),
  coverOpen: z.boolean(),
  paperNearEnd: z.boolean().default(false),
});
export type FakePrinterState = z.infer<typeof FakePrinterState>;
export const DevSetPrinterInput = z
  .object({ connected: z.boolean().optional(), paperOut: z.boolean().optional(), coverOpen: z.boolean().optional(), paperNearEnd: z.boolean().optional() })
  .strict();
export const DevPrinterOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), state: FakePrinterState, printedJobs: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), reason: z.enum(['dev-panel-disabled', 'not-state-file']), message: z.string() }),
]);

// ---- the attendant's test print (src/devices/printer/test-page.ts) --------------------------------
export const TestPrintInput = z.object({ lang: Lang.default('zh-CN') }).strict();
export const TestPrintOutput = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), status: z.string(), paperWidth: PaperWidth, sink: PrinterSinkKind, bytes: z.number().int() }),
  z.object({ ok: z.literal(false), reason: PrintFailureReason, message: z.string(), status: z.string(), paperWidth: PaperWidth, sink: PrinterSinkKind }),
]);
export type TestPrintOutput = z.infer<typeof TestPrintOutput>;
