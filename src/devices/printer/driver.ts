// The printer the rest of the kiosk talks to: one configured sink, created lazily and
// re-created after any error. A print that finds the printer "disconnected" before sending
// anything is retried for up to debounceMs (USB stacks and CUPS report a printer gone for a
// moment after each job). Never throws: a sink that throws becomes an error value.
import path from 'node:path';
import type { PrinterSinkKind } from '../../contract/printer.js';
import type { Logger } from '../../log/logger.js';
import { createCupsPrinter } from './sink-cups.js';
import { createDevicePrinter } from './sink-device.js';
import { createTcpPrinter } from './sink-tcp.js';
import { createStateFilePrinter, MemoryPrinter } from './fakes.js';
import { sleep, type Printer, type PrinterStatus, type SinkResult } from './types.js';

export interface PrinterConfig {
  sink: PrinterSinkKind;
  path: string | null;
  queue: string | null;
  host: string | null;
  port: number;
  paperWidth: 58 | 80;
  statusTimeoutMs: number;
  disconnectDebounceMs: number;
  pollSeconds: number;
}

/** The sink named by the config, or a description of what is missing. */
export function sinkFactory(cfg: PrinterConfig, dataDir: string): { create: () => Printer } | { error: string } | null {
  switch (cfg.sink) {
    case 'none':
      return null;
    case 'device':
      return { create: () => createDevicePrinter({ path: cfg.path ?? '/dev/usb/lp0', timeoutMs: cfg.statusTimeoutMs }) };
    case 'cups':
      if (!cfg.queue) return { error: 'devices.printer.sink is "cups" but devices.printer.queue (the CUPS queue name) is not set' };
      return { create: () => createCupsPrinter({ queue: cfg.queue! }) };
    case 'tcp':
      if (!cfg.host) return { error: 'devices.printer.sink is "tcp" but devices.printer.host is not set' };
      return { create: () => createTcpPrinter({ host: cfg.host!, port: cfg.port, timeoutMs: cfg.statusTimeoutMs }) };
    case 'state-file': {
      const file = cfg.path ?? path.join(dataDir, 'printer-state.json');
      return { create: () => createStateFilePrinter(file) };
    }
    case 'memory': {
      const shared = new MemoryPrinter();
      return { create: () => shared };
    }
  }
}

export function stateFilePath(cfg: PrinterConfig, dataDir: string): string {
  return cfg.path ?? path.join(dataDir, 'printer-state.json');
}

export type ManagedPrinter = Printer;

export function createManagedPrinter(create: () => Printer, opts: { kind: PrinterSinkKind; reportsStatus: boolean; debounceMs: number; log: Logger; now?: () => number }): ManagedPrinter {
  const now = opts.now ?? Date.now;
  let sink: Printer | null = null;

  const get = () => (sink ??= create());
  const drop = async (why: string) => {
    if (!sink) return;
    const s = sink;
    sink = null;
    opts.log.info('printer-sink-recreate', { why });
    await s.close().catch(() => {});
  };

  const rawStatus = async (): Promise<PrinterStatus> => {
    let st: PrinterStatus;
    try {
      st = await get().status();
    } catch (e) {
      st = { state: 'error', message: `printer status failed: ${(e as Error).message}` };
    }
    if (st.state === 'error' || st.state === 'disconnected') await drop(st.state);
    return st;
  };

  return {
    kind: opts.kind,
    reportsStatus: opts.reportsStatus,
    // Raw status: the UI-facing debounce of "disconnected" is the status reporter's (src/devices/device.ts).
    status: rawStatus,
    async print(bytes): Promise<SinkResult> {
      const started = now();
      for (;;) {
        let r: SinkResult;
        try {
          r = await get().print(bytes);
        } catch (e) {
          r = { ok: false, reason: 'error', message: `printing failed: ${(e as Error).message}` };
        }
        if (r.ok) return r;
        if (r.reason === 'error' || r.reason === 'disconnected') await drop(r.reason);
        // "Disconnected" before anything was sent may be the blip after the previous job: retry within the debounce window.
        if (r.reason !== 'disconnected' || now() - started >= opts.debounceMs) return r;
        await sleep(Math.min(300, Math.max(10, opts.debounceMs - (now() - started))));
      }
    },
    async close() {
      await drop('close');
    },
  };
}
