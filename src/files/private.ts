// Files holding personal data (villagers' phone numbers, officials' password hashes, keys,
// session secrets, logs) are for the service's own OS user only: data directories 0700,
// files 0600. Set when created (explicit modes; SQLite gives -wal/-shm/-journal the mode of
// the database file) and tightened at every start when an older version or a copy left them
// looser. No-ops on Windows, where modes do not apply.
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const posix = process.platform !== 'win32';

function tighten(target: string, mode: number): void {
  if (!posix) return;
  const st = lstatSync(target);
  if (st.isSymbolicLink()) return; // never follow a link out of the data directory
  // Never a shared directory (sticky bit: /tmp) or something another user owns.
  if ((st.mode & 0o1000) !== 0 || (process.getuid && st.uid !== process.getuid())) return;
  if ((st.mode & 0o077) !== 0) chmodSync(target, mode);
}

/** Creates `dir` (and missing parents) as 0700; tightens `dir` itself if it is looser. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/** Creates an empty 0600 file if missing (so SQLite's side files inherit 0600); tightens it otherwise. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  tighten(file, PRIVATE_FILE_MODE);
}

/** Tightens an existing file or directory if it is looser; missing ones are ignored. */
export function tightenIfPresent(target: string): void {
  if (!existsSync(target)) return;
  tighten(target, lstatSync(target).isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE);
}

/**
 * At start: the data directory 0700, every file in it 0600, every directory in it 0700, and
 * the files of `descendInto` (e.g. logs) 0600. Deeper trees (a browser profile) are covered
 * by their 0700 parents and left as their owners made them.
 */
export function securePrivateTree(dataDir: string, descendInto: readonly string[] = ['logs']): void {
  if (!posix || !existsSync(dataDir)) return;
  tighten(dataDir, PRIVATE_DIR_MODE);
  for (const name of readdirSync(dataDir)) {
    const p = path.join(dataDir, name);
    tightenIfPresent(p);
    if (descendInto.includes(name) && lstatSync(p).isDirectory()) for (const inner of readdirSync(p)) tightenIfPresent(path.join(p, inner));
  }
}
