// Electron from a source checkout loads an Electron build of better-sqlite3 kept in a cache
// (main/native-sqlite.ts, through better-sqlite3's nativeBinding option in src/db/open.ts),
// prepared once by npm start (src/cli/electron-sqlite.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { electronSqliteBinding } from '#main/native-sqlite.js';
import { electronSqliteCachePath, prepareElectronSqlite, type RebuildRequest } from '#src/cli/electron-sqlite.js';
import { repoRoot } from '../../support/kiosk-process.js';

const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'kiosk-sqlite-'));
  temps.push(d);
  return d;
}

test('the binding comes from KIOSK_ELECTRON_SQLITE_BINDING, only when that file exists', () => {
  assert.equal(electronSqliteBinding({}, () => true), undefined);
  assert.equal(electronSqliteBinding({ KIOSK_ELECTRON_SQLITE_BINDING: '' }, () => true), undefined);
  assert.equal(electronSqliteBinding({ KIOSK_ELECTRON_SQLITE_BINDING: '/missing.node' }, () => false), undefined);
  assert.equal(electronSqliteBinding({ KIOSK_ELECTRON_SQLITE_BINDING: '/cache/e.node' }, (f) => f === '/cache/e.node'), '/cache/e.node');
});

test('nativeBinding really decides which binary better-sqlite3 loads, for every database opened (real Node, child process)', () => {
  const dir = tempDir();
  const good = path.join(dir, 'copy.node');
  copyFileSync(path.join(repoRoot, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), good);
  const bad = path.join(dir, 'garbage.node');
  writeFileSync(bad, 'not a shared object');
  // process.dlopen is only watched here, to see which file the addon came from.
  const script = (binding: string | null) => `
    import { openDatabase, useSqliteNativeBinding } from './src/db/open.ts';
    const seen = [];
    const orig = process.dlopen.bind(process);
    process.dlopen = (m, f, ...r) => { seen.push(f); return orig(m, f, ...r); };
    useSqliteNativeBinding(${binding === null ? 'undefined' : JSON.stringify(binding)});
    try { const db = openDatabase(':memory:'); console.log(JSON.stringify({ ok: db.prepare('select 41+1 as n').get().n, seen })); }
    catch (e) { console.log(JSON.stringify({ error: e.message, seen })); }`;
  const run = (binding: string | null) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(binding)], { cwd: repoRoot, encoding: 'utf8' });
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ok?: number; error?: string; seen: string[] };
  };
  const withGood = run(good);
  assert.equal(withGood.ok, 42);
  assert.deepEqual(withGood.seen, [good]);
  const withBad = run(bad);
  assert.equal(withBad.ok, undefined);
  assert.match(withBad.error ?? '', /garbage\.node|invalid ELF|too short/);
  const own = run(null);
  assert.equal(own.ok, 42);
  assert.equal(own.seen.length, 1);
  assert.match(own.seen[0]!, /node_modules[\\/]better-sqlite3[\\/]build[\\/]Release[\\/]better_sqlite3\.node$/);
});

function fakeProject(): string {
  const root = tempDir();
  const mod = path.join(root, 'node_modules', 'better-sqlite3');
  mkdirSync(path.join(mod, 'build', 'Release'), { recursive: true });
  writeFileSync(path.join(mod, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.0.0' }));
  writeFileSync(path.join(mod, 'binding.gyp'), '{}');
  writeFileSync(path.join(mod, 'build', 'Release', 'better_sqlite3.node'), 'NODE BUILD');
  return root;
}

test('prepare builds better-sqlite3 alone for Electron in a throwaway copy, caches it, and leaves node_modules alone', async () => {
  const root = fakeProject();
  const requests: RebuildRequest[] = [];
  let announced = 0;
  const rebuild = async (req: RebuildRequest) => {
    requests.push(req);
    const mod = path.join(req.buildPath, 'node_modules', 'better-sqlite3');
    assert.ok(existsSync(path.join(mod, 'binding.gyp')), 'sources copied');
    assert.ok(!existsSync(path.join(mod, 'build')), 'the Node build is not copied');
    mkdirSync(path.join(mod, 'build', 'Release'), { recursive: true });
    writeFileSync(path.join(mod, 'build', 'Release', 'better_sqlite3.node'), `ELECTRON ${req.electronVersion}`);
  };
  const r = await prepareElectronSqlite({ projectRoot: root, electronVersion: '41.10.0', platform: 'linux', arch: 'x64', rebuild, onBuild: () => announced++ });
  assert.deepEqual(r, { ok: true, binding: electronSqliteCachePath(root, '41.10.0', 'linux', 'x64'), built: true });
  assert.equal(requests.length, 1);
  assert.deepEqual(requests[0]!.onlyModules, ['better-sqlite3']);
  assert.equal(requests[0]!.electronVersion, '41.10.0');
  assert.equal(readFileSync(electronSqliteCachePath(root, '41.10.0', 'linux', 'x64'), 'utf8'), 'ELECTRON 41.10.0');
  assert.equal(readFileSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'utf8'), 'NODE BUILD');
  assert.equal(announced, 1);
  // Second start: cached, no rebuild.
  const again = await prepareElectronSqlite({ projectRoot: root, electronVersion: '41.10.0', platform: 'linux', arch: 'x64', rebuild });
  assert.equal(again.ok && again.built, false);
  assert.equal(requests.length, 1);
});

test('prepare reports a failed rebuild as a reason (npm start then falls back to the browser shell)', async () => {
  const root = fakeProject();
  const r = await prepareElectronSqlite({
    projectRoot: root,
    electronVersion: '41.10.0',
    rebuild: async () => {
      throw new Error("node-gyp failed to rebuild 'better-sqlite3'\nstack...");
    },
  });
  assert.deepEqual(r, { ok: false, reason: "node-gyp failed to rebuild 'better-sqlite3'" });
  assert.ok(!existsSync(electronSqliteCachePath(root, '41.10.0', process.platform, process.arch)));
});
