// Fake printers behind the same interface as the real sinks.
//  - MemoryPrinter: records every job's bytes; status is scriptable (unit tests).
//  - state-file printer: a JSON file {connected, paperOut, coverOpen, paperNearEnd} that
//    another process (an e2e test, the dev panel through printer.devSetState, a person with
//    an editor) flips; every printed job is appended as one JSON line to <file>.printed.jsonl.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FakePrinterState } from '../../contract/printer.js';
import { statusBlocksPrinting, type Printer, type PrinterStatus, type SinkResult, type SinkStatus } from './types.js';

export class MemoryPrinter implements Printer {
  readonly kind = 'memory' as const;
  readonly reportsStatus = true;
  readonly jobs: Buffer[] = [];
  state: PrinterStatus = { state: 'connected', model: 'memory fake' };
  /** Statuses returned by the next status() calls, first in first out, before `state` applies ('busy' models EBUSY). */
  readonly script: SinkStatus[] = [];
  /** Status the printer switches to while the next job prints (paper out mid-job). */
  failDuringNextJob: PrinterStatus | null = null;
  statusCalls = 0;
  closed = 0;

  async status(): Promise<SinkStatus> {
    this.statusCalls++;
    return this.script.shift() ?? this.state;
  }

  async print(bytes: Uint8Array): Promise<SinkResult> {
    const blocked = statusBlocksPrinting(await this.status());
    if (blocked) return { ok: false, ...blocked };
    this.jobs.push(Buffer.from(bytes));
    if (this.failDuringNextJob) {
      this.state = this.failDuringNextJob;
      this.failDuringNextJob = null;
      const after = statusBlocksPrinting(this.state);
      if (after) return { ok: false, ...after, message: `${after.message} (during the job)` };
    }
    return { ok: true };
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

export const DEFAULT_FAKE_STATE: FakePrinterState = { connected: true, paperOut: false, coverOpen: false, paperNearEnd: false };

export function printedJobsFile(stateFile: string): string {
  return `${stateFile}.printed.jsonl`;
}

export type FakeStateRead = { ok: true; state: FakePrinterState } | { ok: false; message: string };

export function readFakeState(file: string): FakeStateRead {
  if (!existsSync(file)) {
    writeFakeState(file, DEFAULT_FAKE_STATE);
    return { ok: true, state: DEFAULT_FAKE_STATE };
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, message: `the fake printer state file ${file} is not JSON (${(e as Error).message})` };
  }
  const parsed = FakePrinterState.safeParse(json);
  if (!parsed.success) return { ok: false, message: `the fake printer state file ${file} should look like {"connected":true,"paperOut":false,"coverOpen":false}` };
  return { ok: true, state: parsed.data };
}

/** Atomic replace, so a reader never sees half a file. */
export function writeFakeState(file: string, state: FakePrinterState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state) + '\n');
  renameSync(tmp, file);
}

export function countPrintedJobs(stateFile: string): number {
  const f = printedJobsFile(stateFile);
  if (!existsSync(f)) return 0;
  return readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).length;
}

export function fakeStateToStatus(s: FakePrinterState): PrinterStatus {
  if (!s.connected) return { state: 'disconnected', reason: 'state file says connected: false' };
  if (s.coverOpen) return { state: 'cover-open' };
  if (s.paperOut) return { state: 'paper-out' };
  if (s.paperNearEnd) return { state: 'paper-near-end' };
  return { state: 'connected', model: 'state-file fake' };
}

export function createStateFilePrinter(file: string, now: () => Date = () => new Date()): Printer {
  const status = async (): Promise<PrinterStatus> => {
    const r = readFakeState(file);
    return r.ok ? fakeStateToStatus(r.state) : { state: 'error', message: r.message };
  };
  return {
    kind: 'state-file',
    reportsStatus: true,
    status,
    async print(bytes): Promise<SinkResult> {
      const blocked = statusBlocksPrinting(await status());
      if (blocked) return { ok: false, ...blocked };
      appendFileSync(printedJobsFile(file), JSON.stringify({ at: now().toISOString(), size: bytes.length, base64: Buffer.from(bytes).toString('base64') }) + '\n');
      return { ok: true };
    },
    async close() {},
  };
}
