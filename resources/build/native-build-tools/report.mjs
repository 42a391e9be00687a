// Root postinstall: prints what install-tools.mjs did during the dependencies' preinstall
// (npm shows a dependency's script output only when it fails), then forgets it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Prints and removes the report left in the installed copy under root/node_modules; returns the lines. */
export function printReport(root = process.cwd(), print = console.log) {
  const file = path.join(root, 'node_modules', 'kiosk-native-build-tools', 'install-report.txt');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (const line of lines) print(line);
  rmSync(file, { force: true });
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) printReport();
