// `npm test` step 0: the system packages the tests need, installed when they are missing
// and this is root on a Debian/Ubuntu machine (apt-get); otherwise one line saying exactly
// what to install, and exit 1. Add a row to PREREQS when a test needs another package; a row
// marked optional is installed when possible, and otherwise its tests skip (never exit 1).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** One row per Debian package: why the tests need it and how to tell it is there. */
export const PREREQS = [
  { pkg: 'chromium', why: 'the e2e tests drive Debian\'s /usr/bin/chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'fonts-noto-cjk', why: 'Chinese text renders as boxes without a CJK font', present: () => dpkgHas('fonts-noto-cjk') },
  { pkg: 'libusb-1.0-0', why: 'node-hid (the scanner driver) loads it', present: () => dpkgHas('libusb-1.0-0') },
  { pkg: 'espeak-ng', why: 'read-aloud speaks through it', present: () => onPath('espeak-ng') },
  { pkg: 'sox', why: 'the speech tests measure the loudness of the audio with it', present: () => onPath('sox') },
  { pkg: 'poppler-utils', why: 'township card and poster tests render PDFs to PNG and read their text (pdftoppm, pdftotext)', present: () => onPath('pdftoppm') },
  { pkg: 'zbar-tools', why: 'township card and poster tests decode the printed QR codes (zbarimg)', present: () => onPath('zbarimg') },
  // Optional: without it the PostgreSQL tests skip with one line (test-postgres.mjs says so).
  { pkg: 'postgresql', why: 'the township\'s PostgreSQL tests run against a real server (test-postgres.mjs starts it)', present: postgresInstalled, optional: true },
];

/** Debian's postgresql: a server binary under /usr/lib/postgresql/<version>/bin. */
export function postgresInstalled() {
  try {
    return readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));
  } catch {
    return false;
  }
}

function dpkgHas(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${cmd}`));
}

/**
 * Returns the exit code. Everything it touches is a parameter, so the unit test can run it
 * with its own table and a stand-in for apt-get.
 */
export function main({
  prereqs = PREREQS,
  canInstall = process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get'),
  aptGet = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status,
  log = console.log,
  error = console.error,
} = {}) {
  const missing = prereqs.filter((p) => !p.present());
  if (missing.length === 0) return 0;
  const names = missing.map((p) => p.pkg);
  if (!canInstall) {
    // An optional package's tests skip, each saying so in one line of its own.
    const required = missing.filter((p) => !p.optional).map((p) => p.pkg);
    if (required.length === 0) return 0;
    error(`test-prereqs: missing ${required.join(', ')}: install them first, e.g. as root: apt-get install -y ${names.join(' ')}`);
    return 1;
  }
  for (const p of missing) log(`test-prereqs: installing ${p.pkg} (${p.why})`);
  const ok = aptGet(['update', '-qq']) === 0 && aptGet(['install', '-y', '-qq', ...names]) === 0;
  const still = prereqs.filter((p) => !p.present() && !p.optional).map((p) => p.pkg);
  if (!ok || still.length) {
    const left = still.length ? still : names;
    error(`test-prereqs: apt-get could not install ${left.join(', ')}: run apt-get install -y ${left.join(' ')} and look at its errors`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
