// From a source checkout, node_modules/better-sqlite3 is compiled for Node (npm run serve,
// npm test), and Electron cannot load it (another NODE_MODULE_VERSION). `npm start`
// prepares a copy built for Electron (src/cli/electron-sqlite.ts) and names it in
// KIOSK_ELECTRON_SQLITE_BINDING; here the Electron main process loads that copy instead.
// A packaged app has no such variable: its better-sqlite3 was rebuilt for Electron when it
// was packaged (resources/build/native-modules.mjs).

export const SQLITE_BINARY_SUFFIX = ['better-sqlite3', 'build', 'Release', 'better_sqlite3.node'];

type DlOpen = (module: object, filename: string, ...flags: number[]) => void;

function isSqliteBinary(filename: string): boolean {
  const parts = filename.split(/[\\/]/);
  return SQLITE_BINARY_SUFFIX.every((p, i) => parts[parts.length - SQLITE_BINARY_SUFFIX.length + i] === p);
}

/** Makes `proc.dlopen` load `binding` whenever better-sqlite3 loads its own binary. Returns whether it did. */
export function redirectSqliteBinding(proc: { dlopen: DlOpen }, binding: string | undefined, exists: (file: string) => boolean): boolean {
  if (!binding || !exists(binding)) return false;
  const original = proc.dlopen.bind(proc);
  proc.dlopen = (module, filename, ...flags) => original(module, isSqliteBinary(filename) ? binding : filename, ...flags);
  return true;
}
