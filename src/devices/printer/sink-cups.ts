// A CUPS raw queue: `lp -d QUEUE -o raw` with the job on stdin. CUPS does not pass DLE EOT
// answers back, so this link cannot tell paper out or cover open: status() reports
// "connected" until a job fails, then the failure until the next job succeeds.
import { spawn } from 'node:child_process';
import type { Printer, PrinterStatus, SinkResult } from './types.js';

export interface CupsSinkOptions {
  queue: string;
  /** The lp program (found on PATH by default). */
  command?: string;
  timeoutMs?: number;
}

export function runLp(command: string, args: string[], bytes: Uint8Array, timeoutMs: number): Promise<{ code: number | null; stderr: string; error: NodeJS.ErrnoException | null }> {
  return new Promise((resolve) => {
    let stderr = '';
    let settled = false;
    const done = (r: { code: number | null; stderr: string; error: NodeJS.ErrnoException | null }) => {
      if (!settled) (settled = true), clearTimeout(timer), resolve(r);
    };
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ code: null, stderr: `${command} did not finish within ${timeoutMs} ms`, error: null });
    }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()).length > 4000 && (stderr = stderr.slice(-4000)));
    child.on('error', (e) => done({ code: null, stderr, error: e }));
    child.on('close', (code) => done({ code, stderr, error: null }));
    child.stdin.on('error', () => {}); // EPIPE when lp exits early: its exit code tells the story
    child.stdin.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

export function createCupsPrinter(opts: CupsSinkOptions): Printer {
  const command = opts.command ?? 'lp';
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let last: PrinterStatus = { state: 'connected', model: `CUPS queue ${opts.queue} (no paper status on this link)` };
  return {
    kind: 'cups',
    reportsStatus: false,
    async status() {
      return last;
    },
    async print(bytes): Promise<SinkResult> {
      const r = await runLp(command, ['-d', opts.queue, '-o', 'raw'], bytes, timeoutMs);
      if (r.error) {
        const message = r.error.code === 'ENOENT' ? `"${command}" was not found: install the cups-client package` : `cannot run ${command}: ${r.error.message}`;
        last = { state: 'error', message };
        return { ok: false, reason: 'error', message };
      }
      if (r.code !== 0) {
        const message = `lp -d ${opts.queue} failed (exit ${r.code ?? 'timeout'}): ${r.stderr.trim().slice(0, 300) || 'no message'}`;
        last = { state: 'error', message };
        return { ok: false, reason: 'error', message };
      }
      last = { state: 'connected', model: `CUPS queue ${opts.queue} (no paper status on this link)` };
      return { ok: true };
    },
    async close() {},
  };
}
