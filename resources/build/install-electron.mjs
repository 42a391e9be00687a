// Fetches Electron's binary after `npm install`, without ever failing the install.
// package.json maps electron's own install script to `false` (npm allowScripts), so on
// machines that cannot reach Electron's release host the install still succeeds; here we
// attempt the same download ourselves and turn a failure into a one-line warning.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = path.dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without devDependencies: nothing to fetch
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.warn('warning: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no Electron binary was fetched; `npm start` will use the browser shell.');
  process.exit(0);
}
if (existsSync(path.join(electronDir, 'path.txt'))) process.exit(0);

const timeoutMs = Number(process.env.KIOSK_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 120_000);
const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: timeoutMs,
  encoding: 'utf8',
});
if (result.status === 0 && existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Electron binary installed.');
} else {
  const reason = result.error?.message
    ?? (result.stderr || '').split('\n').map((l) => l.trim()).find((l) => /error|fail|ENOTFOUND|ECONN|timed out/i.test(l))
    ?? `exit code ${result.status}`;
  console.warn(`warning: the Electron binary could not be downloaded (${reason.slice(0, 160)}); \`npm start\` will use the browser shell instead.`);
}
