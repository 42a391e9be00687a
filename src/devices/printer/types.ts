// The one printer interface every sink (device file, CUPS, TCP 9100, fakes) implements.
import type { DeviceState } from '../../contract/core.js';
import type { PrinterSinkKind } from '../../contract/printer.js';

/** What a printer can report about itself: a DeviceState other than not-configured. */
export type PrinterStatus = Exclude<DeviceState, { state: 'not-configured' }>;

/**
 * A sink may also find the device busy: another open holds it (usblp allows one open at a
 * time: EBUSY). That is "try again shortly", never "offline"; the managed printer
 * (driver.ts) retries it and the rest of the kiosk never sees it.
 */
export type BusyStatus = { state: 'busy'; reason: string };
export type SinkStatus = PrinterStatus | BusyStatus;

export type PrintFailure = 'paper-out' | 'cover-open' | 'offline' | 'disconnected' | 'error';
export type SinkFailureReason = PrintFailure | 'busy';

/** An expected failure is a value; sinks never throw for paper out, no printer, refused connections. */
export type SinkResult = { ok: true } | { ok: false; reason: SinkFailureReason; message: string };
/** What the managed printer answers: a busy device has been waited for, so 'busy' is gone. */
export type PrintResult = { ok: true } | { ok: false; reason: PrintFailure; message: string };

/** One sink: a device file, CUPS, TCP 9100 or a fake. */
export interface Printer {
  readonly kind: PrinterSinkKind;
  /** False when the link cannot tell paper/cover state (a CUPS queue): status() then only says whether it is usable. */
  readonly reportsStatus: boolean;
  status(): Promise<SinkStatus>;
  print(bytes: Uint8Array): Promise<SinkResult>;
  close(): Promise<void>;
}

/** The printer the module uses (driver.ts): every operation behind one lock, busy retried, never throws. */
export interface ManagedPrinter {
  readonly kind: PrinterSinkKind;
  readonly reportsStatus: boolean;
  status(): Promise<PrinterStatus>;
  print(bytes: Uint8Array): Promise<PrintResult>;
  close(): Promise<void>;
}

/** The failure a status stands for, or null when printing may go ahead. */
export function statusBlocksPrinting(st: SinkStatus): { reason: SinkFailureReason; message: string } | null {
  switch (st.state) {
    case 'busy':
      return { reason: 'busy', message: `the printer is busy (${st.reason})` };
    case 'connected':
    case 'paper-near-end':
      return null;
    case 'paper-out':
      return { reason: 'paper-out', message: 'the printer is out of paper' };
    case 'cover-open':
      return { reason: 'cover-open', message: 'the printer cover is open' };
    case 'offline':
      return { reason: 'offline', message: 'the printer is offline' };
    case 'disconnected':
      return { reason: 'disconnected', message: `the printer is not reachable${st.reason ? ` (${st.reason})` : ''}` };
    case 'error':
      return { reason: 'error', message: st.message };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
