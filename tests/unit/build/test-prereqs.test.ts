// npm test's first step: system packages the tests need, installed when possible, else one
// line saying what to install (resources/build/test-prereqs.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import test from 'node:test';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { main, PREREQS } from '#resources/build/test-prereqs.mjs';
import { repoRoot } from '../../support/kiosk-process.js';

type Row = { pkg: string; why: string; present: () => boolean; optional?: boolean };
type Main = (o: { prereqs?: Row[]; canInstall?: boolean; aptGet?: (args: string[]) => number | null; log?: (s: string) => void; error?: (s: string) => void }) => number;
const run = main as Main;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (s: string) => out.push(s), error: (s: string) => err.push(s) };
}

test('the table lists what the tests need, and on this machine all of it is there', () => {
  assert.deepEqual((PREREQS as Row[]).map((p) => p.pkg), ['chromium', 'fonts-noto-cjk', 'libusb-1.0-0', 'espeak-ng', 'sox', 'poppler-utils', 'zbar-tools', 'postgresql']);
  assert.deepEqual((PREREQS as Array<Row & { optional?: boolean }>).filter((p) => p.optional).map((p) => p.pkg), ['postgresql']);
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'resources/build/test-prereqs.mjs')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout + r.stderr, '', 'nothing to say when nothing is missing');
});

test('missing and not root: one line saying exactly what to install, exit 1, apt-get never run', () => {
  const c = capture();
  const code = run({ prereqs: [{ pkg: 'a-pkg', why: 'x', present: () => false }, { pkg: 'b-pkg', why: 'y', present: () => false }, { pkg: 'c-pkg', why: 'z', present: () => true }], canInstall: false, aptGet: () => assert.fail('apt-get must not run'), ...c });
  assert.equal(code, 1);
  assert.deepEqual(c.out, []);
  assert.deepEqual(c.err, ['test-prereqs: missing a-pkg, b-pkg: install them first, e.g. as root: apt-get install -y a-pkg b-pkg']);
});

test('missing and root with apt-get: one line per package, then apt-get update and install of just those', () => {
  const installed = new Set<string>();
  const calls: string[][] = [];
  const c = capture();
  const code = run({
    prereqs: ['a-pkg', 'b-pkg', 'c-pkg'].map((pkg) => ({ pkg, why: `for ${pkg}`, present: () => pkg === 'c-pkg' || installed.has(pkg) })),
    canInstall: true,
    aptGet: (args) => {
      calls.push(args);
      if (args[0] === 'install') for (const a of args.slice(3)) installed.add(a);
      return 0;
    },
    ...c,
  });
  assert.equal(code, 0);
  assert.deepEqual(c.out, ['test-prereqs: installing a-pkg (for a-pkg)', 'test-prereqs: installing b-pkg (for b-pkg)']);
  assert.deepEqual(calls, [['update', '-qq'], ['install', '-y', '-qq', 'a-pkg', 'b-pkg']]);
  assert.deepEqual(c.err, []);
});

test('apt-get fails or the package is still missing afterwards: exit 1 and what is left to install', () => {
  const c = capture();
  const code = run({ prereqs: [{ pkg: 'a-pkg', why: 'x', present: () => false }], canInstall: true, aptGet: (args) => (args[0] === 'install' ? 100 : 0), ...c });
  assert.equal(code, 1);
  assert.deepEqual(c.err, ['test-prereqs: apt-get could not install a-pkg: run apt-get install -y a-pkg and look at its errors']);
});

test('an optional package missing and not root: exit 0 and nothing said here (its tests skip with their own line)', () => {
  const c = capture();
  const code = run({ prereqs: [{ pkg: 'a-pkg', why: 'x', present: () => true }, { pkg: 'opt-pkg', why: 'y', present: () => false, optional: true }], canInstall: false, aptGet: () => assert.fail('apt-get must not run'), ...c });
  assert.equal(code, 0);
  assert.deepEqual([...c.out, ...c.err], []);
});

test('a required and an optional package missing, not root: exit 1, the line names the required one and installs both', () => {
  const c = capture();
  const code = run({ prereqs: [{ pkg: 'a-pkg', why: 'x', present: () => false }, { pkg: 'opt-pkg', why: 'y', present: () => false, optional: true }], canInstall: false, aptGet: () => assert.fail('apt-get must not run'), ...c });
  assert.equal(code, 1);
  assert.deepEqual(c.err, ['test-prereqs: missing a-pkg: install them first, e.g. as root: apt-get install -y a-pkg opt-pkg']);
});

test('root: an optional package is installed with the others; still missing afterwards, it does not fail the run', () => {
  const calls: string[][] = [];
  const c = capture();
  const code = run({
    prereqs: [{ pkg: 'a-pkg', why: 'x', present: () => calls.length > 1 }, { pkg: 'opt-pkg', why: 'y', present: () => false, optional: true }],
    canInstall: true,
    aptGet: (args) => (calls.push(args), 0),
    ...c,
  });
  assert.equal(code, 0);
  assert.deepEqual(calls, [['update', '-qq'], ['install', '-y', '-qq', 'a-pkg', 'opt-pkg']]);
  assert.deepEqual(c.out, ['test-prereqs: installing a-pkg (x)', 'test-prereqs: installing opt-pkg (y)']);
  assert.deepEqual(c.err, []);
});
