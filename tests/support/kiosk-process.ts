// Starts the kiosk exactly as `npm run serve` does (node dist/src/cli/serve.js, after the
// build that `npm test` runs first), on a free port with its own data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintLaunchUrl } from '../../src/rpc/session-files.js';
import { registerLogDir, saveProcessOutput } from './log-registry.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface KioskProcess {
  /**
   * A fresh one-time launch link (http://127.0.0.1:PORT/?launch=CODE) on every read: what a
   * browser opens to get the session cookie (page.goto(kiosk.url) in a new context). Minted
   * from the runtime's 0600 launch file, as the kiosk's own OS user can. Once the kiosk has
   * stopped: its plain address.
   */
  readonly url: string;
  /** http://127.0.0.1:PORT (no launch code), for comparing page URLs. */
  origin: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL (power-cut stand-in) and wait for exit. */
  kill9(): Promise<void>;
}

export interface StartKioskOptions {
  dataDir?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Resolves when the child has exited (at once if it already has). */
export function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startKiosk(opts: StartKioskOptions = {}): Promise<KioskProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'kiosk-e2e-'));
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/src/cli/serve.js')], {
    cwd: repoRoot,
    env: { ...process.env, KIOSK_CONFIG: '', KIOSK_DATA_DIR: dataDir, KIOSK_HTTP_PORT: '0', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  registerLogDir(dataDir);
  child.once('exit', () => saveProcessOutput(dataDir, `kiosk-${child.pid}`, out));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start within ${opts.timeoutMs ?? 60_000} ms:\n${out}`)), opts.timeoutMs ?? 60_000);
    const check = () => {
      const m = /Kiosk ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with code ${code} before it was ready:\n${out}`));
    });
  });
  return {
    get url() {
      // A stopped kiosk has no launch file: its plain address (which then refuses connections).
      const launch = mintLaunchUrl(dataDir);
      return launch && new URL(launch).origin === new URL(baseUrl).origin ? launch : baseUrl;
    },
    origin: new URL(baseUrl).origin,
    port: Number(new URL(baseUrl).port),
    dataDir,
    child,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await waitExit(child);
    },
    async kill9() {
      child.kill('SIGKILL');
      await waitExit(child);
    },
  };
}
