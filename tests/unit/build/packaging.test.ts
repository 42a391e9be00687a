// Packages the already-built app offline with electron-builder (a stand-in Electron binary,
// no native rebuild: here a rebuild would compile better-sqlite3 for Node, not Electron) and checks what went into app.asar.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as asar from '@electron/asar';
import { repoRoot } from '../../support/kiosk-process.js';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const ELECTRON_VERSION = '41.10.0';

function filesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = path.posix.join(rel, name);
    if (statSync(path.join(dir, r)).isDirectory()) out.push(...filesUnder(dir, r));
    else out.push(r);
  }
  return out;
}

describe('electron-builder package (offline, --linux --dir)', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kiosk-pack-'));
  const outDir = path.join(tmp, 'out');
  const unpacked = path.join(outDir, 'linux-unpacked');
  let files = new Set<string>();
  let output = '';

  before(async () => {
    for (const built of ['dist/main/main.js', 'dist/src/runtime.js', 'dist/renderer/index.html']) {
      assert.ok(existsSync(path.join(repoRoot, built)), `${built} is missing: build first (node resources/build/ensure-built.mjs)`);
    }
    const electronDist = path.join(tmp, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(electronDist, 'electron'), 0o755);
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules/electron-builder/cli.js'),
        '--linux',
        '--dir',
        `-c.electronDist=${electronDist}`,
        `-c.electronVersion=${ELECTRON_VERSION}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${outDir}`,
      ],
      // The stand-in has no Electron headers or network: the native rebuild is skipped, so
      // this package is for inspection only (see resources/build/native-modules.mjs).
      { cwd: repoRoot, env: { ...process.env, KIOSK_SKIP_NATIVE_REBUILD: '1', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(`# electron-builder --linux --dir took ${seconds.toFixed(1)} s`);
    assert.equal(code, 0, `electron-builder failed (exit ${code}) after ${seconds.toFixed(1)} s:\n${output}`);
    files = new Set(asar.listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/')));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the beforePack native-module hook ran (and was told to skip here)', () => {
    assert.match(output, /KIOSK_SKIP_NATIVE_REBUILD=1: better-sqlite3 NOT rebuilt/);
  });

  test('app.asar holds the built runtime with its migrations, the Electron main and package.json', () => {
    for (const f of ['/package.json', '/dist/src/runtime.js', '/dist/src/cli/serve.js', '/dist/src/cli/start.js', '/dist/src/db/migrations/index.js', '/dist/main/main.js', '/dist/main/shell.js']) {
      assert.ok(files.has(f), `${f} in app.asar`);
    }
    const migrations = readdirSync(path.join(repoRoot, 'dist/src/db/migrations')).filter((f) => f.endsWith('.js'));
    assert.ok(migrations.length >= 2);
    for (const m of migrations) assert.ok(files.has(`/dist/src/db/migrations/${m}`), `migration ${m} in app.asar`);
    const pkg = JSON.parse(asar.extractFile(path.join(unpacked, 'resources', 'app.asar'), 'package.json').toString()) as { main: string; type: string };
    assert.equal(pkg.main, 'dist/main/main.js');
    assert.equal(pkg.type, 'module');
  });

  test('app.asar holds every file of the built renderer', () => {
    const rendererFiles = filesUnder(path.join(repoRoot, 'dist/renderer')).filter((f) => !f.endsWith('.map'));
    assert.ok(rendererFiles.includes('index.html'));
    for (const f of rendererFiles) assert.ok(files.has(`/dist/renderer/${f}`), `dist/renderer/${f} in app.asar`);
  });

  test('app.asar holds the runtime resources (icons, sample data), not build scripts or sources', () => {
    assert.ok(files.has('/resources/icons/icon.png'));
    const expected = filesUnder(path.join(repoRoot, 'resources')).filter((f) => !/^(build|linux|udev|windows)\//.test(f) && !/\.tsx?$/.test(f));
    for (const f of expected) assert.ok(files.has(`/resources/${f}`), `resources/${f} in app.asar`);
    assert.ok(![...files].some((f) => f.startsWith('/resources/build/')), 'no build scripts');
  });

  test('no tests, no TypeScript sources, no source maps, no devDependencies', () => {
    const list = [...files];
    assert.deepEqual(list.filter((f) => f.startsWith('/tests/') || f === '/tests'), []);
    assert.deepEqual(list.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f)), []);
    assert.deepEqual(list.filter((f) => f.endsWith('.map')), []);
    assert.deepEqual(list.filter((f) => /^\/(src|main|renderer)\//.test(f)), [], 'only dist/, not the source folders');
    for (const dep of ['better-sqlite3', 'node-hid', 'fastify', 'zod', 'qrcode', 'iconv-lite']) assert.ok(files.has(`/node_modules/${dep}`), `${dep} packaged`);
    for (const dev of ['electron', 'electron-builder', 'vite', 'react', 'typescript', 'tsx', '@playwright', 'i18next']) {
      assert.ok(!files.has(`/node_modules/${dev}`), `devDependency ${dev} must not be packaged`);
    }
  });

  test('no built file of ours points to a source map, and the build emits none', () => {
    const asarFile = path.join(unpacked, 'resources', 'app.asar');
    const ours = [...files].filter((f) => /^\/dist\/.*\.(js|css|html)$/.test(f));
    assert.ok(ours.length > 10);
    const pointing = ours.filter((f) => /sourceMappingURL=/.test(asar.extractFile(asarFile, f.slice(1)).toString()));
    assert.deepEqual(pointing, [], 'built files with a sourceMappingURL comment');
    assert.deepEqual(filesUnder(path.join(repoRoot, 'dist/renderer')).filter((f) => f.endsWith('.map')), [], 'vite wrote source maps');
  });

  test('no township code in the kiosk package: the township builds to dist/township, which is not packaged', () => {
    assert.ok(existsSync(path.join(repoRoot, 'dist/township/township/cli.js')), 'the township has its own build output');
    const list = [...files];
    assert.deepEqual(list.filter((f) => /^\/dist\/(township|src\/township|src\/demo)(\/|$)/.test(f) || /^\/dist\/src\/cli\/(township|demo)\./.test(f)), []);
    // Not only the folders: no packaged script contains the township server's code.
    const asarPath = path.join(unpacked, 'resources', 'app.asar');
    const ours = list.filter((f) => /^\/dist\/(src|main)\/.*\.js$/.test(f));
    assert.ok(ours.length > 20, 'the kiosk scripts were found');
    for (const f of ours) {
      const text = asar.extractFile(asarPath, f.slice(1)).toString();
      assert.doesNotMatch(text, /startTownship|openTownshipDb|registerOfficialRoutes|township_kiosks/, `${f} holds township code`);
    }
  });

  test('no township-only npm package in the kiosk package: exceljs, pdfkit, pg and every package only they (or devDependencies) need', () => {
    const list = [...files];
    for (const dep of ['exceljs', 'pdfkit', 'pg', 'pg-protocol', 'pg-pool', 'fontkit', 'archiver', 'jszip']) {
      assert.ok(!files.has(`/node_modules/${dep}`), `${dep} (township only) must not be packaged`);
    }
    // Every packaged package is one the lockfile marks as production (name and version:
    // electron-builder hoists afresh, so the paths differ from node_modules/); the township's
    // packages are devDependencies, so neither they nor what only they need are packaged.
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean }> };
    const nameOf = (k: string) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const prod = new Set(Object.entries(lock.packages).filter(([k, v]) => k.startsWith('node_modules/') && !v.dev).map(([k, v]) => `${nameOf(k)}@${v.version}`));
    assert.ok(!prod.has(`pg@${lock.packages['node_modules/pg']!.version}`) && !prod.has(`exceljs@${lock.packages['node_modules/exceljs']!.version}`), 'the lockfile marks the township\'s packages dev-only');
    const asarFile = path.join(unpacked, 'resources', 'app.asar');
    const packaged = list.flatMap((f) => {
      const m = /\/node_modules\/((?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/.exec(f);
      return m ? [`${m[1]}@${(JSON.parse(asar.extractFile(asarFile, f.slice(1)).toString()) as { version: string }).version}`] : [];
    });
    assert.ok(packaged.length > 20 && packaged.some((p) => p.startsWith('fastify@')), 'the packaged node_modules were found');
    assert.deepEqual(packaged.filter((p) => !prod.has(p)), [], 'packages in app.asar that only devDependencies (or the township) need');
    // The shipped scripts never load them (they would crash the installed app).
    const ours = list.filter((f) => /^\/dist\/(src|main)\/.*\.js$/.test(f));
    const loading = ours.filter((f) => /(from\s*|import\s*\(\s*|require\s*\(\s*)['"](exceljs|pdfkit|pg)(\/[^'"]*)?['"]/.test(asar.extractFile(asarFile, f.slice(1)).toString()));
    assert.deepEqual(loading, [], 'kiosk scripts importing a township-only package');
  });

  test('native binaries are unpacked from the asar; node-hid ships its prebuilds, not a rebuild', () => {
    const un = path.join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules');
    assert.ok(existsSync(path.join(un, 'better-sqlite3/build/Release/better_sqlite3.node')));
    assert.ok(existsSync(path.join(un, `node-hid/prebuilds/HID-linux-x64/node-napi-v4.node`)));
    assert.ok(!existsSync(path.join(un, 'node-hid/build')), 'node-hid was not rebuilt');
    assert.ok(!existsSync(path.join(un, 'better-sqlite3/deps')), 'no SQLite sources');
  });

  test('electron-builder.yml: targets, deb dependencies, native rebuild of better-sqlite3 only', () => {
    const cfg = yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
    const linuxTargets = (cfg.linux.target as Array<string | { target: string }>).map((t) => (typeof t === 'string' ? t : t.target));
    assert.deepEqual(linuxTargets.sort(), ['AppImage', 'deb']);
    assert.deepEqual((cfg.win.target as Array<{ target: string }>).map((t) => t.target), ['nsis']);
    for (const dep of ['libusb-1.0-0', 'fonts-noto-cjk', 'espeak-ng']) assert.ok(cfg.deb.depends.includes(dep), dep);
    // electron-builder's blanket rebuild would rebuild node-hid: off, and the hook rebuilds better-sqlite3 alone.
    assert.equal(cfg.npmRebuild, false);
    assert.equal(cfg.beforePack, './resources/build/native-modules.mjs');
    assert.match(readFileSync(path.join(repoRoot, 'resources/build/native-modules.mjs'), 'utf8'), /const MODULES = \['better-sqlite3'\];/);
    assert.ok(existsSync(path.join(repoRoot, 'resources/icons/icon.png')));
  });
});
