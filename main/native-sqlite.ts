// From a source checkout, node_modules/better-sqlite3 is compiled for Node (npm run serve,
// npm test), and Electron cannot load it (another NODE_MODULE_VERSION). `npm start`
// prepares a copy built for Electron (src/cli/electron-sqlite.ts) and names it in
// KIOSK_ELECTRON_SQLITE_BINDING; the Electron main process then opens every database with
// better-sqlite3's `nativeBinding` option pointing at that copy (src/db/open.ts).
// A packaged app has no such variable: its better-sqlite3 was rebuilt for Electron when it
// was packaged (resources/build/native-modules.mjs), and loads its own build.

/** The addon named by the environment, when that file exists; otherwise undefined (better-sqlite3's own build). */
export function electronSqliteBinding(env: NodeJS.ProcessEnv, exists: (file: string) => boolean): string | undefined {
  const binding = env.KIOSK_ELECTRON_SQLITE_BINDING;
  return binding && exists(binding) ? binding : undefined;
}
