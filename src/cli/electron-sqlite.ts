// `npm start` from a source checkout: node_modules/better-sqlite3 is built for Node, which
// Electron cannot load. Before starting Electron, build a copy for Electron's ABI once (a
// prebuilt download where one exists, else compiled against Electron's headers) and cache
// it under node_modules/.cache; the Electron main process loads it (main/native-sqlite.ts).
// node_modules itself is never touched, so npm run serve and npm test keep working.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';

export interface RebuildRequest {
  buildPath: string;
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
  onlyModules: string[];
  force: boolean;
  mode: 'sequential';
}

export type ElectronSqlite = { ok: true; binding: string; built: boolean } | { ok: false; reason: string };

export function electronSqliteCachePath(projectRoot: string, electronVersion: string, platform: string, arch: string): string {
  return path.join(projectRoot, 'node_modules', '.cache', 'village-kiosk', `better-sqlite3-electron-${electronVersion}-${platform}-${arch}`, 'better_sqlite3.node');
}

/** Returns the cached Electron build, building it first if needed with `rebuild` (@electron/rebuild's). */
export async function prepareElectronSqlite(opts: {
  projectRoot: string;
  electronVersion: string;
  platform?: NodeJS.Platform;
  arch?: string;
  rebuild: (req: RebuildRequest) => Promise<void>;
  onBuild?: () => void;
}): Promise<ElectronSqlite> {
  const platform = opts.platform ?? process.platform;
  const arch = opts.arch ?? process.arch;
  const binding = electronSqliteCachePath(opts.projectRoot, opts.electronVersion, platform, arch);
  if (existsSync(binding)) return { ok: true, binding, built: false };
  const source = path.join(opts.projectRoot, 'node_modules', 'better-sqlite3');
  if (!existsSync(path.join(source, 'package.json'))) return { ok: false, reason: 'better-sqlite3 is not installed' };
  opts.onBuild?.();
  // A throwaway project holding a copy of better-sqlite3 (its sources, not its Node build).
  const work = path.join(path.dirname(binding), 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'electron-sqlite-build', version: '1.0.0', private: true, dependencies: { 'better-sqlite3': '*' } }));
  cpSync(source, path.join(work, 'node_modules', 'better-sqlite3'), { recursive: true, filter: (f) => !f.includes(`${path.sep}build${path.sep}`) && !f.endsWith(`${path.sep}build`) });
  try {
    await opts.rebuild({ buildPath: work, electronVersion: opts.electronVersion, platform, arch, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
    const built = path.join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) return { ok: false, reason: 'the rebuild produced no better_sqlite3.node' };
    copyFileSync(built, binding);
    return { ok: true, binding, built: true };
  } catch (e) {
    return { ok: false, reason: ((e as Error).message ?? String(e)).split('\n')[0]!.slice(0, 200) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
