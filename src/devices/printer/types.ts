// The one printer interface every sink (device file, CUPS, TCP 9100, fakes) implements.
import type { DeviceState } from '../../contract/core.js';
import type { PrinterSinkKind } from '../../contract/printer.js';

/** What a printer can report about itself: a DeviceState other than not-configured. */
export type PrinterStatus = Exclude<DeviceState, { state: 'not-configured' }>;

export type SinkFailureReason = 'paper-out' | 'cover-open' | 'offline' | 'disconnected' | 'error';

/** An expected failure is a value; sinks never throw for paper out, no printer, refused connections. */
export type SinkResult = { ok: true } | { ok: false; reason: SinkFailureReason; message: string };

export interface Printer {
  readonly kind: PrinterSinkKind;
  /** False when the link cannot tell paper/cover state (a CUPS queue): status() then only says whether it is usable. */
  readonly reportsStatus: boolean;
  status(): Promise<PrinterStatus>;
  print(bytes: Uint8Array): Promise<SinkResult>;
  close(): Promise<void>;
}

/** The failure a status stands for, or null when printing may go ahead. */
export function statusBlocksPrinting(st: PrinterStatus): { reason: SinkFailureReason; message: string } | null {
  switch (st.state) {
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
