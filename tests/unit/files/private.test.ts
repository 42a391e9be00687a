// Private files on the kiosk and the township: the real runtime and the real township server
// in a temp data directory, under the usual umask 022. Data directories end up 0700 and every
// file (databases with -wal/-shm, logs, keys, session and launch files) 0600, both when they
// are created and when an older install left them 0755/0644.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from '#src/config/load.js';
import { startRuntime } from '#src/runtime.js';
import { TownshipConfigSchema } from '#src/township/config.js';
import { startTownship } from '#src/township/server.js';

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A data directory inside a 0755 parent, like a path under /var/lib or a home directory. */
function dataDirIn(): string {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'private-files-'));
  chmodSync(parent, 0o755);
  temps.push(parent);
  return path.join(parent, 'data');
}

const mode = (p: string) => statSync(p).mode & 0o777;

/** Every file and directory under `dir` (not following links), with its mode. */
function modes(dir: string): Array<[string, number, boolean]> {
  const out: Array<[string, number, boolean]> = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    out.push([path.relative(dir, p), st.mode & 0o777, st.isDirectory()]);
    if (st.isDirectory()) for (const [r, m, d] of modes(p)) out.push([path.join(name, r), m, d]);
  }
  return out;
}

function assertPrivate(dir: string, mustHave: string[]): void {
  assert.equal(mode(dir), 0o700, `${dir} is 0700`);
  const all = modes(dir);
  const names = all.map(([n]) => n);
  for (const f of mustHave) assert.ok(names.includes(f), `${f} exists (have: ${names.join(', ')})`);
  for (const [name, m, isDir] of all) assert.equal(m, isDir ? 0o700 : 0o600, `${name} is ${isDir ? '0700' : '0600'}, not 0${m.toString(8)}`);
}

const prevUmask = process.umask(0o022);
after(() => process.umask(prevUmask));

describe('kiosk data directory', () => {
  const kioskConfig = (dataDir: string) => loadConfig({ env: { KIOSK_DATA_DIR: dataDir, KIOSK_HTTP_PORT: '0' } });
  const expected = ['kiosk.db', 'kiosk.db-wal', 'kiosk.db-shm', 'logs', path.join('logs', 'kiosk.log'), 'session-token', 'launch.json'];

  test('created private', async () => {
    const dataDir = dataDirIn();
    const rt = await startRuntime(kioskConfig(dataDir));
    try {
      const client = await fetch(rt.launchUrl(), { redirect: 'manual' });
      assert.equal(client.status, 303);
      rt.log.info('a-line');
      assertPrivate(dataDir, expected);
    } finally {
      await rt.stop();
    }
  });

  test('tightened at start when an older install left it 0755/0644', async () => {
    const dataDir = dataDirIn();
    const first = await startRuntime(kioskConfig(dataDir));
    await first.stop();
    chmodSync(dataDir, 0o755);
    mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    chmodSync(path.join(dataDir, 'logs'), 0o755);
    for (const f of ['kiosk.db', 'session-token', path.join('logs', 'kiosk.log')]) chmodSync(path.join(dataDir, f), 0o644);
    writeFileSync(path.join(dataDir, 'kiosk.db-wal'), '');
    chmodSync(path.join(dataDir, 'kiosk.db-wal'), 0o644);
    writeFileSync(path.join(dataDir, 'logs', 'kiosk.log.1'), '{}\n', { mode: 0o644 });
    const rt = await startRuntime(kioskConfig(dataDir));
    try {
      assertPrivate(dataDir, [...expected, path.join('logs', 'kiosk.log.1')]);
    } finally {
      await rt.stop();
    }
  });
});

describe('township data directory', () => {
  const townshipConfig = (dataDir: string) => ({ ...TownshipConfigSchema.parse({ http: { port: 0 } }), dataDir });
  const expected = ['township.db', 'township.db-wal', 'township.db-shm', 'signing-key.pem', 'logs', path.join('logs', 'township.log')];

  test('created private', async () => {
    const dataDir = dataDirIn();
    const tw = await startTownship(townshipConfig(dataDir));
    try {
      assertPrivate(dataDir, expected);
    } finally {
      await tw.stop();
    }
  });

  test('tightened at start when it was left 0755/0644', async () => {
    const dataDir = dataDirIn();
    const first = await startTownship(townshipConfig(dataDir));
    await first.stop();
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, 'logs'), 0o755);
    for (const f of ['township.db', 'signing-key.pem', path.join('logs', 'township.log')]) chmodSync(path.join(dataDir, f), 0o644);
    const tw = await startTownship(townshipConfig(dataDir));
    try {
      assertPrivate(dataDir, expected);
    } finally {
      await tw.stop();
    }
  });
});
