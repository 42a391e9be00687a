// electron-builder hooks (electron-builder.yml: beforePack / afterPack) for native modules.
//
// electron-builder's own rebuild (npmRebuild) rebuilds EVERY native production dependency
// and has no per-module filter, so it would also rebuild node-hid, which ships Node-API
// prebuilds that work in Electron as they are and fails to build from source. So the config
// sets `npmRebuild: false` and this hook rebuilds only better-sqlite3, for the exact Electron
// version, platform and arch being packed (@electron/rebuild `onlyModules`): a prebuilt
// binary when one can be downloaded, otherwise compiled against Electron's headers.
//
// The rebuild happens in place in node_modules, which would leave this checkout's
// better-sqlite3 unusable from plain Node (npm run serve, npm test). So beforePack keeps
// the Node build aside and afterPack (after the files are copied into the package) puts it
// back.
//
// KIOSK_SKIP_NATIVE_REBUILD=1 skips the rebuild: ONLY for the offline packaging test, whose
// package must not be shipped (its better-sqlite3 is built for Node, not Electron).
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };
const MODULES = ['better-sqlite3'];

function paths(projectDir) {
  const binary = path.join(projectDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const backup = path.join(projectDir, 'node_modules', '.cache', 'village-kiosk', 'better_sqlite3.node.for-node');
  return { binary, backup };
}

export async function beforePack(context) {
  const info = context.packager.info;
  const electronVersion = info.framework.version;
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch] ?? String(context.arch);
  if (process.env.KIOSK_SKIP_NATIVE_REBUILD === '1') {
    console.warn(`  • KIOSK_SKIP_NATIVE_REBUILD=1: better-sqlite3 NOT rebuilt for Electron ${electronVersion}; this package is for inspection only`);
    return;
  }
  const { binary, backup } = paths(info.projectDir);
  if (existsSync(binary) && !existsSync(backup)) {
    mkdirSync(path.dirname(backup), { recursive: true });
    copyFileSync(binary, backup);
  }
  const { rebuild } = await import('@electron/rebuild');
  console.log(`  • rebuilding ${MODULES.join(', ')} for Electron ${electronVersion} ${platform}-${arch} (node-hid is left as shipped)`);
  try {
    await rebuild({
      buildPath: info.appDir,
      projectRootPath: info.projectDir,
      electronVersion,
      platform,
      arch,
      onlyModules: MODULES,
      force: true,
      mode: 'sequential',
    });
  } catch (e) {
    restoreNodeBuild(info.projectDir); // a failed rebuild must not leave the checkout broken
    throw e;
  }
}

function restoreNodeBuild(projectDir) {
  const { binary, backup } = paths(projectDir);
  if (!existsSync(backup)) return false;
  mkdirSync(path.dirname(binary), { recursive: true });
  copyFileSync(backup, binary);
  rmSync(backup);
  // @electron/rebuild's marker says "built for Electron"; it no longer is.
  rmSync(path.join(path.dirname(binary), '.forge-meta'), { force: true });
  return true;
}

export async function afterPack(context) {
  if (restoreNodeBuild(context.packager.info.projectDir)) console.log('  • restored the Node build of better-sqlite3 in node_modules');
}
