// Builds the kiosk runtime and shell (tsc -> dist/src, dist/main), the renderer
// (vite -> dist/renderer) and, separately, the township server and the demo
// (tsc -> dist/township, never packaged) when any source is newer than the last build.
// `--force` always builds. Each build starts from an empty output folder, so a file that
// moved or was deleted in src/ cannot linger in dist/ (and in the package).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = ['src', 'main', 'renderer', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.township.json', 'vite.config.ts'];

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const name of readdirSync(p)) m = Math.max(m, newest(path.join(p, name)));
  return m;
}

const force = process.argv.includes('--force');
if (!existsSync(path.join(root, 'src'))) process.exit(0); // nothing to build yet
const sourceTime = Math.max(...inputs.map((i) => newest(path.join(root, i))));
if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sourceTime) process.exit(0);

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
for (const [label, cmd, args, outputs] of [
  ['runtime', bin('tsc'), ['-p', 'tsconfig.build.json'], ['dist/src', 'dist/main']],
  ['township', bin('tsc'), ['-p', 'tsconfig.township.json'], ['dist/township']],
  ['renderer', bin('vite'), ['build', '--logLevel', 'warn'], []], // vite empties dist/renderer itself
]) {
  for (const o of outputs) rmSync(path.join(root, o), { recursive: true, force: true });
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build failed: the ${label} did not compile (see the errors above).`);
    process.exit(1);
  }
}
mkdirSync(path.dirname(stamp), { recursive: true });
writeFileSync(stamp, new Date().toISOString() + '\n');
