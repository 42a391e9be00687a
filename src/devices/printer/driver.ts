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
import { createDeviceLock } from './device-lock.js';
import { sleep, type ManagedPrinter, type Printer, type PrinterStatus, type PrintResult, type SinkResult, type SinkStatus } from './types.js';

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

export interface ManagedPrinterOptions {
  kind: PrinterSinkKind;
  reportsStatus: boolean;
  debounceMs: number;
  log: Logger;
  now?: () => number;
  /** How long a busy device (EBUSY: opened elsewhere) is waited for before a print gives up. */
  busyPrintMs?: number;
  /** How long a status read waits for a busy device before answering with the last known state. */
  busyStatusMs?: number;
}

/**
 * Every device operation (status poll, printer.status, print jobs, reprints) goes through one
 * lock per device (device-lock.ts), so the kiosk never collides with itself. A device that is
 * still busy (another program has it open) is retried: busy is never "offline", and a status
 * read never makes a print fail.
 */
export function createManagedPrinter(create: () => Printer, opts: ManagedPrinterOptions): ManagedPrinter {
  const now = opts.now ?? Date.now;
  const busyPrintMs = opts.busyPrintMs ?? 10_000;
  const busyStatusMs = opts.busyStatusMs ?? 1_500;
  const lock = createDeviceLock();
  let sink: Printer | null = null;
  let lastKnown: PrinterStatus | null = null;

  const get = () => (sink ??= create());
  const drop = async (why: string) => {
    if (!sink) return;
    const s = sink;
    sink = null;
    opts.log.info('printer-sink-recreate', { why });
    await s.close().catch(() => {});
  };
  const backoff = (attempt: number) => sleep(Math.min(250, 25 * 2 ** Math.min(attempt, 4)));

  const statusOnce = async (): Promise<SinkStatus> => {
    try {
      return await get().status();
    } catch (e) {
      return { state: 'error', message: `printer status failed: ${(e as Error).message}` };
    }
  };

  const rawStatus = async (): Promise<PrinterStatus> => {
    const started = now();
    for (let attempt = 0; ; attempt++) {
      const st = await statusOnce();
      if (st.state !== 'busy') {
        if (st.state === 'error' || st.state === 'disconnected') await drop(st.state);
        lastKnown = st;
        return st;
      }
      if (now() - started >= busyStatusMs) {
        opts.log.info('printer-busy', { during: 'status', reason: st.reason });
        // Busy means present and in use: keep the last reading rather than inventing "offline".
        return lastKnown ?? { state: 'connected', model: `busy: ${st.reason}` };
      }
      await backoff(attempt);
    }
  };

  const print = async (bytes: Uint8Array): Promise<PrintResult> => {
    const started = now();
    for (let attempt = 0; ; attempt++) {
      let r: SinkResult;
      try {
        r = await get().print(bytes);
      } catch (e) {
        r = { ok: false, reason: 'error', message: `printing failed: ${(e as Error).message}` };
      }
      if (r.ok) return r;
      if (r.reason === 'busy') {
        // Nothing was sent (the open itself was refused): waiting and trying again is safe.
        if (now() - started >= busyPrintMs) return { ok: false, reason: 'error', message: `${r.message}: another program kept the printer open for ${Math.round((now() - started) / 1000)} s` };
        await backoff(attempt);
        continue;
      }
      if (r.reason === 'error' || r.reason === 'disconnected') await drop(r.reason);
      // "Disconnected" before anything was sent may be the blip after the previous job: retry within the debounce window.
      if (r.reason !== 'disconnected' || now() - started >= opts.debounceMs) return { ok: false, reason: r.reason, message: r.message };
      await sleep(Math.min(300, Math.max(10, opts.debounceMs - (now() - started))));
    }
  };

  return {
    kind: opts.kind,
    reportsStatus: opts.reportsStatus,
    // Raw status: the UI-facing debounce of "disconnected" is the status reporter's (src/devices/device.ts).
    status: () => lock.run(rawStatus),
    print: (bytes) => lock.run(() => print(bytes)),
    close: () => lock.run(() => drop('close')),
  };
}
