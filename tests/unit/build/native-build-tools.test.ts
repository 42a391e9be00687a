// npm install's first step on a fresh machine: python3, make and g++ for better-sqlite3's
// source build, installed before it compiles (resources/build/native-build-tools).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { main, TOOLS } from '#resources/build/native-build-tools/install-tools.mjs';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { printReport } from '#resources/build/native-build-tools/report.mjs';
import { repoRoot } from '../../support/kiosk-process.js';

type Row = { pkg: string; why: string; present: () => boolean };
type Main = (o: { tools?: Row[]; platform?: string; canInstall?: boolean; aptGet?: (args: string[]) => number | null; log?: (s: string) => void; warn?: (s: string) => void }) => number;
const run = main as Main;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (s: string) => out.push(s), warn: (s: string) => err.push(s) };
}

test('the table lists node-gyp\'s tools, and on this machine they are all there: nothing said', () => {
  assert.deepEqual((TOOLS as Row[]).map((t) => t.pkg), ['python3', 'make', 'g++']);
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'resources/build/native-build-tools/install-tools.mjs')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout + r.stderr, '');
});

test('package.json: a file: devDependency whose preinstall runs the script, installed as a copy', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; dependencies: Record<string, string>; allowScripts: Record<string, boolean> };
  assert.equal(pkg.devDependencies['kiosk-native-build-tools'], 'file:resources/build/native-build-tools');
  assert.ok(!('kiosk-native-build-tools' in pkg.dependencies), 'never packaged into the kiosk app');
  // Listed in allowScripts by its spec, so npm 12 (which blocks unlisted install scripts) runs
  // it; npm 11.19 does not match that key yet for a copy (npm/cli#9901), warns once and runs it.
  assert.deepEqual(Object.keys(pkg.allowScripts).filter((k) => k.includes('native-build-tools')), ['file:resources/build/native-build-tools']);
  assert.equal(pkg.allowScripts['file:resources/build/native-build-tools'], true);
  const own = JSON.parse(readFileSync(path.join(repoRoot, 'resources/build/native-build-tools/package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(own.scripts.preinstall, 'node install-tools.mjs');
  assert.match(readFileSync(path.join(repoRoot, '.npmrc'), 'utf8'), /^install-links=true$/m);
});

test('missing and not root: one warning line saying what to install, apt-get never run, the install goes on', () => {
  const c = capture();
  const code = run({ tools: [{ pkg: 'make', why: 'x', present: () => false }, { pkg: 'g++', why: 'y', present: () => false }, { pkg: 'python3', why: 'z', present: () => true }], platform: 'linux', canInstall: false, aptGet: () => assert.fail('apt-get must not run'), ...c });
  assert.equal(code, 0);
  assert.deepEqual(c.out, []);
  assert.deepEqual(c.err, ['native-build-tools: missing make, g++: better-sqlite3 needs them when it cannot download its prebuilt binary; if npm install fails there, run as root: apt-get install -y make g++']);
});

test('missing and root with apt-get: one line per tool, then apt-get update and install of just those', () => {
  const installed = new Set<string>();
  const calls: string[][] = [];
  const c = capture();
  const code = run({
    tools: ['python3', 'make', 'g++'].map((pkg) => ({ pkg, why: `for ${pkg}`, present: () => pkg === 'python3' || installed.has(pkg) })),
    platform: 'linux',
    canInstall: true,
    aptGet: (args) => {
      calls.push(args);
      if (args[0] === 'install') for (const a of args.slice(4)) installed.add(a);
      return 0;
    },
    ...c,
  });
  assert.equal(code, 0);
  assert.deepEqual(c.out, ['native-build-tools: installing make (for make; better-sqlite3 may have to compile)', 'native-build-tools: installing g++ (for g++; better-sqlite3 may have to compile)']);
  assert.deepEqual(calls, [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'make', 'g++']]);
  assert.deepEqual(c.err, []);
});

test('apt-get fails: one line with what is left, and the install still goes on (a prebuilt may not need them)', () => {
  const c = capture();
  const code = run({ tools: [{ pkg: 'g++', why: 'x', present: () => false }], platform: 'linux', canInstall: true, aptGet: (args) => (args[0] === 'install' ? 100 : 0), ...c });
  assert.equal(code, 0);
  assert.deepEqual(c.err, ['native-build-tools: apt-get could not install g++: run apt-get install -y g++ and look at its errors']);
});

test('not Linux: nothing checked, nothing said', () => {
  const c = capture();
  assert.equal(run({ tools: [{ pkg: 'g++', why: 'x', present: () => assert.fail('not checked') }], platform: 'win32', canInstall: true, aptGet: () => assert.fail('no apt-get'), ...c }), 0);
  assert.deepEqual([...c.out, ...c.err], []);
});

test('the root postinstall prints the lines the preinstall left (npm hid them) once, then removes them', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'kiosk-tools-report-'));
  try {
    const print = (root: string) => {
      const out: string[] = [];
      (printReport as (root: string, print: (s: string) => void) => string[])(root, (s) => out.push(s));
      return out;
    };
    assert.deepEqual(print(root), [], 'no report: nothing printed');
    const dir = path.join(root, 'node_modules', 'kiosk-native-build-tools');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'install-report.txt'), 'native-build-tools: installing make (x)\nnative-build-tools: installing g++ (y)\n');
    assert.deepEqual(print(root), ['native-build-tools: installing make (x)', 'native-build-tools: installing g++ (y)']);
    assert.ok(!existsSync(path.join(dir, 'install-report.txt')));
    assert.deepEqual(print(root), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts.postinstall!, /^node resources\/build\/native-build-tools\/report\.mjs && /);
});

// The order this relies on, with the real npm: a file: dependency's preinstall runs before
// another dependency's install script only when it is installed as a copy (install-links).
function npmInstallOrder(installLinks: boolean): { status: number | null; order: string[]; output: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-npm-order-'));
  try {
    const log = path.join(dir, 'order.log');
    const pkgDir = (name: string, scripts: Record<string, string>) => {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'package.json'), JSON.stringify({ name, version: '1.0.0', scripts }));
    };
    const append = (what: string) => `node -e "require('fs').appendFileSync(process.env.ORDER_LOG, '${what}\\n')"`;
    pkgDir('tools', { preinstall: append('tools preinstall') });
    // better-sqlite3 stands in as a tarball: like a registry package, never a link.
    pkgDir('native', { install: append('native install') });
    const npmBin = path.join(path.dirname(process.execPath), 'npm');
    const npm = existsSync(npmBin) ? npmBin : 'npm';
    const packed = spawnSync(npm, ['pack', '--silent', '--pack-destination', dir], { cwd: path.join(dir, 'native'), encoding: 'utf8', timeout: 60_000 });
    assert.equal(packed.status, 0, packed.stderr);
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'order-root', version: '1.0.0', private: true, scripts: { preinstall: append('root preinstall') }, dependencies: { native: 'file:native-1.0.0.tgz' }, devDependencies: { tools: 'file:tools' }, }),
    );
    writeFileSync(path.join(dir, '.npmrc'), `install-links=${installLinks}\n`);
    // Under `npm test` the parent npm passes its own config down as npm_config_* variables
    // (install_links=true from this repository's .npmrc), which would override the .npmrc here.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const r = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: dir, encoding: 'utf8', env: { ...env, ORDER_LOG: log }, timeout: 120_000 });
    const order = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    return { status: r.status, order, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('with install-links=true npm runs the tools package\'s preinstall before another dependency\'s install script (and the root preinstall only after both)', () => {
  const r = npmInstallOrder(true);
  assert.equal(r.status, 0, r.output);
  assert.deepEqual(r.order, ['tools preinstall', 'native install', 'root preinstall']);
});

test('as a symlinked file: dependency (install-links=false) its preinstall would come too late', () => {
  const r = npmInstallOrder(false);
  assert.equal(r.status, 0, r.output);
  assert.deepEqual(r.order.slice(0, 2), ['native install', 'tools preinstall']);
});
