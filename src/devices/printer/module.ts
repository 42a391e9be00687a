// The printer module: printer.* calls, the print job queue and the pushed printer status.
//
// A print failure never loses anything: the request is already saved before a receipt is
// printed; the job (with its exact bytes) is written to print_jobs BEFORE the bytes go out,
// and a receipt that did not print stays 'reprint-pending' with the reason until an
// attendant reprints it. Jobs go to the printer one at a time, and every device operation
// (status poll, printer.status, jobs, reprints) goes through the managed printer's one
// per-device lock (device-lock.ts), so a status read can never collide with a print.
import type { Lang } from '../../contract/core.js';
import type { PaperWidth, PrintFailureReason, PrintOutcome, SlipKind } from '../../contract/printer.js';
import type { RuntimeContext, RuntimeModule } from '../../core/module.js';
import { createStatusReporter } from '../device.js';
import { encodeLines } from './escpos.js';
import { createManagedPrinter, sinkFactory, stateFilePath } from './driver.js';
import { countPrintedJobs, readFakeState, writeFakeState } from './fakes.js';
import type { ManagedPrinter, Printer, PrinterStatus } from './types.js';
import { createPrintJobStore, toView, type PrintJobKind, type PrintJobRow } from './jobs.js';
import { layout, PAPER, type Block, type Line } from './layout.js';
import { previewSvg } from './preview-svg.js';
import { receiptBlocks } from './receipt.js';
import { slipBlocks } from './slip.js';
import type { ReceiptSource, SlipSource } from './sources.js';
import { PRINT_TEXT, tr } from './strings.js';
import { printTestPage } from './test-page.js';

export type PrinterCalls =
  | 'printer.status'
  | 'printer.printReceipt'
  | 'printer.printSlip'
  | 'printer.preview'
  | 'printer.pendingJobs'
  | 'printer.reprint'
  | 'printer.testPrint'
  | 'dev.printer.state'
  | 'dev.printer.setState';

export interface PrinterModuleDeps {
  receiptSource: ReceiptSource;
  slipSource: SlipSource;
  /** Replaces the configured sink (unit tests pass a MemoryPrinter). */
  printer?: Printer;
}

export interface PrinterModule extends RuntimeModule<PrinterCalls> {
  /** Reads the printer now and pushes the status (tests, and after each job). */
  refresh(): Promise<PrinterStatus | null>;
  /** Resolves when every queued job has finished. */
  idle(): Promise<void>;
}

const SLIP_JOB: Record<SlipKind, PrintJobKind> = { policy: 'policy-slip', job: 'job-slip' };

export function createPrinterModule(ctx: RuntimeContext, deps: PrinterModuleDeps): PrinterModule {
  const cfg = ctx.config.devices.printer;
  const log = ctx.log.child({ component: 'printer' });
  const jobs = createPrintJobStore(ctx.db, ctx.now);
  const reporter = createStatusReporter(ctx.bus, 'printer', { debounceMs: cfg.disconnectDebounceMs, now: ctx.now, debounced: ['disconnected'] });

  let printer: ManagedPrinter | null = null;
  let configError: string | null = null;
  if (deps.printer) {
    const p = deps.printer;
    printer = createManagedPrinter(() => p, { kind: p.kind, reportsStatus: p.reportsStatus, debounceMs: cfg.disconnectDebounceMs, log });
  } else {
    const f = sinkFactory(cfg, ctx.config.dataDir);
    if (f && 'error' in f) configError = f.error;
    else if (f) {
      const probe = f.create();
      printer = createManagedPrinter(f.create, { kind: probe.kind, reportsStatus: probe.reportsStatus, debounceMs: cfg.disconnectDebounceMs, log });
    }
  }
  const configured = printer !== null || configError !== null;
  const paperWidth = cfg.paperWidth;

  // ---- status ----------------------------------------------------------------------------
  let lastRaw: PrinterStatus | null = null;
  const refresh = async (): Promise<PrinterStatus | null> => {
    if (configError) {
      const st: PrinterStatus = { state: 'error', message: configError };
      reporter.report(st);
      return st;
    }
    if (!printer) {
      reporter.report({ state: 'not-configured' });
      return null;
    }
    const st = await printer.status();
    if (lastRaw?.state !== st.state) log.info('printer-status', { state: st.state, detail: 'reason' in st ? st.reason : 'message' in st ? st.message : undefined });
    lastRaw = st;
    reporter.report(st);
    return st;
  };

  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const poll = async () => {
    pollTimer = null;
    try {
      await refresh();
    } catch (e) {
      log.error('printer-poll-failed', { error: e });
    }
    if (!stopped) {
      pollTimer = setTimeout(() => void poll(), cfg.pollSeconds * 1000);
      pollTimer.unref?.();
    }
  };

  // ---- the job queue -----------------------------------------------------------------------
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
  const inFlight = new Map<string, Promise<PrintOutcome>>();

  const notConfigured = (): PrintOutcome => ({ ok: false, reason: 'not-configured', message: 'no printer is configured (devices.printer.sink is "none")', jobId: null, reprintPending: false });
  const failure = (reason: PrintFailureReason, message: string, jobId: string | null = null, reprintPending = false): PrintOutcome => ({ ok: false, reason, message, jobId, reprintPending });

  const runJob = (job: PrintJobRow): Promise<PrintOutcome> =>
    serial(async () => {
      if (!printer) return configError ? failure('error', configError, job.id, false) : notConfigured();
      jobs.attempt(job.id);
      const r = await printer.print(job.bytes);
      if (r.ok) {
        jobs.printed(job.id);
        log.info('print-done', { jobId: job.id, kind: job.kind, target: job.target_id, bytes: job.bytes.length });
        void refresh().catch(() => {});
        return { ok: true as const, jobId: job.id };
      }
      const pending = job.kind === 'receipt';
      jobs.failed(job.id, pending ? 'reprint-pending' : 'failed', r.reason, r.message);
      log.warn('print-failed', {
        jobId: job.id,
        kind: job.kind,
        target: job.target_id,
        reason: r.reason,
        message: pending ? `receipt ${job.label} did not print (${r.message}); it waits in "reprint pending" for an attendant` : `slip did not print (${r.message})`,
      });
      void refresh().catch(() => {});
      return failure(r.reason, r.message, job.id, pending);
    });

  const render = (blocks: Block[], width: PaperWidth): { lines: Line[]; bytes: Buffer } => {
    const lines = layout(blocks, PAPER[width]);
    return { lines, bytes: encodeLines(lines) };
  };

  const receiptLines = (requestId: string, lang: Lang, width: PaperWidth) => {
    const data = deps.receiptSource(requestId);
    return data ? { data, ...render(receiptBlocks(data, lang), width) } : null;
  };
  const slipLines = (kind: SlipKind, id: string, lang: Lang, width: PaperWidth) => {
    const data = deps.slipSource(kind, id);
    return data ? { data, ...render(slipBlocks(data, lang, ctx.now().toISOString()), width) } : null;
  };

  const printReceipt = async (requestId: string, lang: Lang): Promise<PrintOutcome> => {
    if (!configured) return notConfigured();
    const r = receiptLines(requestId, lang, paperWidth);
    if (!r) return failure('not-found', `there is no request ${requestId}`);
    // A receipt that already failed is retried as the same job (one pending entry per request).
    const prev = jobs.latestFor('receipt', requestId);
    const job = prev && prev.status === 'reprint-pending' ? prev : jobs.create({ kind: 'receipt', targetId: requestId, label: r.data.code, lang, paperWidth, bytes: r.bytes });
    return runJob(job);
  };

  const devGuard = () => {
    if (!ctx.config.ui.devPanel) return { ok: false as const, reason: 'dev-panel-disabled' as const, message: 'dev calls need ui.devPanel = true (KIOSK_DEV_PANEL=1)' };
    if (cfg.sink !== 'state-file' || deps.printer) return { ok: false as const, reason: 'not-state-file' as const, message: `the printer sink is "${cfg.sink}", not "state-file"` };
    return null;
  };
  const fakeFile = stateFilePath(cfg, ctx.config.dataDir);

  return {
    refresh,
    idle: () => queue.then(() => {}),
    async start() {
      const n = jobs.recoverInterrupted();
      if (n) log.warn('print-jobs-interrupted', { count: n, message: `${n} receipt(s) were printing when the kiosk stopped; they wait in "reprint pending"` });
      if (configError) log.error('printer-config', { message: configError });
      stopped = false;
      // The first reading is pushed as soon as it is known; start-up waits for it at most briefly
      // (a TCP printer that is switched off must not hold up the kiosk for its timeouts).
      await Promise.race([poll(), new Promise((r) => setTimeout(r, 300).unref?.())]);
    },
    stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      reporter.dispose();
      return printer?.close();
    },
    handlers: {
      // The attendant's test page (test-page.ts): through the same queue, not stored.
      'printer.testPrint': ({ lang }) =>
        printTestPage(
          {
            facts: async () => ({ kioskId: ctx.config.kioskId, hallName: ctx.config.hallName, at: ctx.now().toISOString(), sink: cfg.sink, paperWidth, status: (await refresh()) ?? { state: 'not-configured' as const } }),
            encode: encodeLines,
            print: printer ? (bytes) => serial(() => printer.print(bytes)) : null,
          },
          lang,
        ),
      'printer.status': async () => {
        const st = await refresh();
        return {
          configured,
          sink: cfg.sink,
          paperWidth,
          status: st ?? { state: 'not-configured' as const },
          reportsStatus: printer?.reportsStatus ?? false,
          pendingJobs: jobs.pendingCount(),
        };
      },
      'printer.printReceipt': ({ requestId, lang }) => {
        const running = inFlight.get(requestId);
        if (running) return running;
        const p = printReceipt(requestId, lang).finally(() => inFlight.delete(requestId));
        inFlight.set(requestId, p);
        return p;
      },
      'printer.printSlip': async ({ kind, id, lang }) => {
        if (!configured) return notConfigured();
        const r = slipLines(kind, id, lang, paperWidth);
        if (!r) return failure('not-found', `there is no ${kind} ${id}`);
        return runJob(jobs.create({ kind: SLIP_JOB[kind], targetId: id, label: tr(r.data.title, lang).slice(0, 60), lang, paperWidth, bytes: r.bytes }));
      },
      'printer.preview': ({ target, lang, paperWidth: w }) => {
        let width = (w ?? paperWidth);
        let lines: Line[] | null = null;
        let title = '';
        if (target.kind === 'receipt') {
          const r = receiptLines(target.requestId, lang, width);
          if (r) (lines = r.lines), (title = `${tr(PRINT_TEXT.receiptTitle, lang)} ${r.data.code}`);
        } else if (target.kind === 'slip') {
          const r = slipLines(target.slip, target.id, lang, width);
          if (r) (lines = r.lines), (title = tr(r.data.title, lang));
        } else {
          const job = jobs.get(target.jobId);
          if (!job) return { ok: false as const, reason: 'no-such-job' as const };
          width = w ?? job.paper_width;
          if (job.kind === 'receipt') {
            const r = receiptLines(job.target_id, job.lang, width);
            if (r) (lines = r.lines), (title = `${tr(PRINT_TEXT.receiptTitle, job.lang)} ${r.data.code}`);
          } else {
            const r = slipLines(job.kind === 'policy-slip' ? 'policy' : 'job', job.target_id, job.lang, width);
            if (r) (lines = r.lines), (title = tr(r.data.title, job.lang));
          }
        }
        if (!lines) return { ok: false as const, reason: 'not-found' as const };
        const p = previewSvg(lines, PAPER[width], title);
        return { ok: true as const, svg: p.svg, paperWidth: width, widthDots: p.widthDots, heightDots: p.heightDots };
      },
      'printer.pendingJobs': () => ({ jobs: jobs.pending().map(toView) }),
      'printer.reprint': async ({ jobId }) => {
        const job = jobs.get(jobId);
        if (!job) return failure('no-such-job', `there is no print job ${jobId}`);
        if (!configured) return notConfigured();
        log.info('reprint', { jobId, kind: job.kind, label: job.label, previousStatus: job.status });
        return runJob(job);
      },
      'dev.printer.state': () => {
        const refused = devGuard();
        if (refused) return refused;
        const r = readFakeState(fakeFile);
        if (!r.ok) return { ok: false as const, reason: 'not-state-file' as const, message: r.message };
        return { ok: true as const, state: r.state, printedJobs: countPrintedJobs(fakeFile) };
      },
      'dev.printer.setState': async (input) => {
        const refused = devGuard();
        if (refused) return refused;
        const r = readFakeState(fakeFile);
        const base = r.ok ? r.state : { connected: true, paperOut: false, coverOpen: false, paperNearEnd: false };
        const next = { ...base, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
        writeFakeState(fakeFile, next);
        log.info('dev-printer-state', { state: next });
        await refresh();
        return { ok: true as const, state: next, printedJobs: countPrintedJobs(fakeFile) };
      },
    },
  };
}
