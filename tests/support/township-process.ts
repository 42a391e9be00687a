// Starts the BUILT township server (node dist/township/township/cli.js, as `npm run township`)
// as a child process with its own data directory, for e2e and reliability tests.
//
// Usage:
//   const tw = await startTownshipProcess();                 // port 0, temp data dir
//   const token = await tw.issueToken('kiosk-1');           // via the CLI
//   // kiosk env: KIOSK_ID=kiosk-1 KIOSK_TOWNSHIP_URL=tw.url KIOSK_TOWNSHIP_TOKEN=token KIOSK_TOWNSHIP_PUBLIC_KEY=tw.publicKey
//   const rows = tw.requests();                              // what the township holds (read from its db)
//   const off = await tw.login('official', 'password123');   // creates the official if needed
//   await off.post(`/officials/requests/${id}/status`, { status: 'in-review', note: '...' });
//   await tw.kill9(); const tw2 = await tw.restart();        // same data dir and port
//   await tw2.stop();
// Needs a build first (npm test runs ensure-built). Officials' page for Playwright: tw.officialsUrl.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, waitExit } from './kiosk-process.js';
import { openTownshipStore } from '../../src/township/store/open-store.js';
import { createMemoryLogger } from '../../src/log/logger.js';
import { seedSampleContent } from '../../src/township/seed.js';
import { registerLogDir } from './log-registry.js';

const CLI = path.join(repoRoot, 'dist/township/township/cli.js');

export interface TownshipRequestRow {
  id: string;
  kioskId: string;
  code: string;
  sha256: string;
  type: string;
  status: string;
  townshipRef: string;
  receivedAt: string;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

export interface OfficialSession {
  cookie: string;
  csrf: string;
  get(pathname: string): Promise<HttpResult>;
  /** Posts a form; the CSRF token is added. Redirects are not followed (303 = success for most forms). */
  post(pathname: string, form: Record<string, string>): Promise<HttpResult>;
  /** Sets a request's status through the officials' page, as an official would. */
  setStatus(requestId: string, status: 'in-review' | 'visit-scheduled' | 'done' | 'rejected', note?: string): Promise<void>;
}

export interface TownshipProcess {
  url: string;
  port: number;
  officialsUrl: string;
  publicKey: string;
  keyId: string;
  dataDir: string;
  child: ChildProcess;
  output(): string;
  /** Issues (or replaces) the kiosk's token through the CLI; returns the token. */
  issueToken(kioskId: string, opts?: { village?: string }): Promise<string>;
  /** Creates an official (or resets the password) through the CLI. */
  addOfficial(username: string, password: string): Promise<void>;
  /** The sample policies and job postings, seeded as `npm run demo` does (once). */
  seedSampleContent(): Promise<void>;
  /** addOfficial (if needed) + log in on the officials' page. */
  login(username?: string, password?: string): Promise<OfficialSession>;
  /** Every request the township has stored (read-only view of township.db). */
  requests(): TownshipRequestRow[];
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit. */
  kill9(): Promise<void>;
  /** A new process on the same data dir and port (after stop/kill9). */
  restart(): Promise<TownshipProcess>;
}

export interface StartTownshipOptions {
  dataDir?: string;
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}


function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [CLI, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('error', reject);
    c.on('exit', (code) => resolve({ code, stdout, stderr }));
    c.stdin.end(stdin ?? '');
  });
}

const hiddenCsrf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)?.[1];

export async function startTownshipProcess(opts: StartTownshipOptions = {}): Promise<TownshipProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (node resources/build/ensure-built.mjs)`);
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'township-test-'));
  const env: Record<string, string> = { TOWNSHIP_CONFIG: '', TOWNSHIP_DATA_DIR: dataDir, TOWNSHIP_HOST: '127.0.0.1', TOWNSHIP_PORT: String(opts.port ?? 0), ...opts.env };
  const child = spawn(process.execPath, [CLI], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  registerLogDir(dataDir);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const { url, publicKey, keyId } = await new Promise<{ url: string; publicKey: string; keyId: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`township did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const u = /Township ready at (https?:\/\/[^\s]+\/)/.exec(out);
      const k = /Public key: ([A-Za-z0-9+/]{43}=)\s+\(keyId ([0-9a-f]{16})/.exec(out);
      if (u && k) {
        clearTimeout(timer);
        resolve({ url: u[1]!, publicKey: k[1]!, keyId: k[2]! });
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`township exited with code ${code} before it was ready:\n${out}`));
    });
  });
  const port = Number(new URL(url).port);

  const addOfficial = async (username: string, password: string) => {
    const r = await runCli(['add-official', username], { ...env, TOWNSHIP_OFFICIAL_PASSWORD: password });
    if (r.code !== 0) throw new Error(`add-official failed: ${r.stderr || r.stdout}`);
  };

  const tw: TownshipProcess = {
    url,
    port,
    officialsUrl: `${url}officials/`,
    publicKey,
    keyId,
    dataDir,
    child,
    output: () => out,
    async issueToken(kioskId, o = {}) {
      const r = await runCli(['issue-token', kioskId, '--json', ...(o.village ? ['--village', o.village] : [])], env);
      if (r.code !== 0) throw new Error(`issue-token failed: ${r.stderr || r.stdout}`);
      return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { token: string }).token;
    },
    addOfficial,
    async login(username = 'official', password = 'official-password') {
      await addOfficial(username, password);
      const base = url.replace(/\/$/, '');
      const loginPage = await fetch(`${base}/officials/login`);
      const loginCookie = /tw_login=([^;]+)/.exec(loginPage.headers.get('set-cookie') ?? '')?.[1];
      const loginCsrf = hiddenCsrf(await loginPage.text());
      if (!loginCookie || !loginCsrf) throw new Error('the login page did not set its CSRF cookie/field');
      const res = await fetch(`${base}/officials/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tw_login=${loginCookie}` },
        body: new URLSearchParams({ _csrf: loginCsrf, username, password }).toString(),
      });
      const session = /tw_session=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
      if (res.status !== 303 || !session) throw new Error(`login failed with HTTP ${res.status}: ${await res.text()}`);
      const cookie = `tw_session=${session}`;
      const home = await fetch(`${base}/officials/`, { headers: { cookie } });
      const csrf = hiddenCsrf(await home.text());
      if (!csrf) throw new Error('the officials page has no CSRF token');
      const get = async (p: string): Promise<HttpResult> => {
        const r = await fetch(base + p, { headers: { cookie }, redirect: 'manual' });
        return { status: r.status, headers: r.headers, text: await r.text() };
      };
      const post = async (p: string, form: Record<string, string>): Promise<HttpResult> => {
        const r = await fetch(base + p, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
        });
        return { status: r.status, headers: r.headers, text: await r.text() };
      };
      return {
        cookie,
        csrf,
        get,
        post,
        async setStatus(requestId, status, note = '') {
          const r = await post(`/officials/requests/${encodeURIComponent(requestId)}/status`, { status, note });
          if (r.status !== 303) throw new Error(`setting the status failed with HTTP ${r.status}`);
        },
      };
    },
    async seedSampleContent() {
      const store = await openTownshipStore({ dataDir }, createMemoryLogger());
      try {
        await seedSampleContent(store, new Date());
      } finally {
        await store.close();
      }
    },
    requests() {
      const db = new Database(path.join(dataDir, 'township.db'), { readonly: true, fileMustExist: true });
      try {
        return (
          db.prepare(`SELECT id, kiosk_id, code, sha256, type, status, township_ref, received_at FROM requests ORDER BY ref`).all() as Array<Record<string, string>>
        ).map((r) => ({ id: r.id!, kioskId: r.kiosk_id!, code: r.code!, sha256: r.sha256!, type: r.type!, status: r.status!, townshipRef: r.township_ref!, receivedAt: r.received_at! }));
      } finally {
        db.close();
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await waitExit(child);
    },
    async kill9() {
      child.kill('SIGKILL');
      await waitExit(child);
    },
    restart: () => startTownshipProcess({ ...opts, dataDir, port }),
  };
  return tw;
}
