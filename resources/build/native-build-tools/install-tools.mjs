// `npm install` step: the compiler better-sqlite3 needs when it has to build from source.
//
// better-sqlite3's install script downloads a prebuilt binary and, when that download fails
// (a closed network, or a Node/arch with no prebuilt), compiles SQLite with node-gyp, which
// needs python3, make and g++. A fresh Debian or Ubuntu machine has none of them.
//
// Why a package of its own: npm (7 to 11) runs the root package.json's preinstall only AFTER
// every dependency is installed and built, so it cannot come first. It runs the preinstall
// scripts of all dependencies before any dependency's install script, though, so this
// package (a devDependency, `file:`, installed as a copy because .npmrc sets
// install-links=true) gets its preinstall in before better-sqlite3 compiles. package.json's
// allowScripts lists it by its spec (file:resources/build/native-build-tools) for npm 12,
// which blocks unlisted scripts; npm 11.19 does not match that key yet for a copy, warns that
// the script is "not yet covered by allowScripts" and runs it (npm/cli#9901).
//
// What it does: nothing when the tools are there or this is not Linux. As root with apt-get,
// one line per missing tool, then apt-get installs them. Otherwise one line saying what to
// install. It never fails the install itself: if better-sqlite3 can download its prebuilt
// binary, the tools are not needed at all. npm hides a dependency's script output unless it
// fails, so each line also goes to REPORT, which the root postinstall prints (report.mjs).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';

/** Where the lines are kept for the root postinstall to print (npm runs this in the installed copy). */
export const REPORT = 'install-report.txt';

function logged(print) {
  return (line) => {
    print(line);
    try {
      appendFileSync(REPORT, `${line}\n`);
    } catch {
      // only a missed report; the line was printed
    }
  };
}

/** One row per Debian package: why node-gyp needs it and how to tell it is there. */
export const TOOLS = [
  { pkg: 'python3', why: 'node-gyp runs on Python', present: () => onPath('python3') },
  { pkg: 'make', why: 'node-gyp drives the build with make', present: () => onPath('make') },
  { pkg: 'g++', why: 'compiles SQLite and the addon', present: () => onPath('g++') },
];

function onPath(cmd) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${cmd}`));
}

/** Returns the exit code (always 0). Everything it touches is a parameter, for the unit test. */
export function main({
  tools = TOOLS,
  platform = process.platform,
  canInstall = process.getuid?.() === 0 && onPath('apt-get'),
  aptGet = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status,
  log = console.log,
  warn = console.warn,
} = {}) {
  if (platform !== 'linux') return 0;
  const missing = tools.filter((t) => !t.present());
  if (missing.length === 0) return 0;
  const names = missing.map((t) => t.pkg);
  if (!canInstall) {
    warn(`native-build-tools: missing ${names.join(', ')}: better-sqlite3 needs them when it cannot download its prebuilt binary; if npm install fails there, run as root: apt-get install -y ${names.join(' ')}`);
    return 0;
  }
  for (const t of missing) log(`native-build-tools: installing ${t.pkg} (${t.why}; better-sqlite3 may have to compile)`);
  const ok = aptGet(['update', '-qq']) === 0 && aptGet(['install', '-y', '-qq', '--no-install-recommends', ...names]) === 0;
  const still = tools.filter((t) => !t.present()).map((t) => t.pkg);
  if (!ok || still.length) {
    const left = still.length ? still : names;
    warn(`native-build-tools: apt-get could not install ${left.join(', ')}: run apt-get install -y ${left.join(' ')} and look at its errors`);
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main({ log: logged(console.log), warn: logged(console.warn) }));
