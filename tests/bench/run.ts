// `npm run bench`: runs every tests/bench/**/*.bench.ts one after another (they measure
// time, so never in parallel) and passes their JSON lines through. `npm run bench -- NAME`
// runs only the files whose name contains NAME.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const filter = process.argv[2];
const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stderr.write(`bench: ${f}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(dir, f)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${f} failed with exit code ${r.status}\n`);
  }
}
process.exit(failed ? 1 : 0);
