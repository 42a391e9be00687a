// `npm run township -- import FILE` (CSV, XLSX or JSON): publishes every good row, prints one
// line per refused row (row, field, what is expected) on stderr; exit 0 when every row was
// good, 1 when some were refused, 2 when the file could not be read.
// `npm run township -- import --template policy|job` prints the CSV header row.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TownshipConfig } from './config.js';
import { openCliStore } from './store/open-store.js';
import { importContent, importTemplate } from './import.js';

export async function importCommand(config: TownshipConfig, args: string[]): Promise<number> {
  if (args[0] === '--template') {
    const type = args[1];
    if (type !== 'policy' && type !== 'job') {
      console.error('usage: npm run township -- import --template policy|job');
      return 2;
    }
    console.log(importTemplate(type).join(','));
    return 0;
  }
  const file = args[0];
  if (!file) {
    console.error('usage: npm run township -- import FILE   (CSV, XLSX or JSON in the feed item shape)');
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const store = await openCliStore(config);
  try {
    const r = await importContent(store, bytes, path.basename(file), 'cli', new Date());
    if (!r.ok) {
      console.error(`cannot import ${file}: ${r.message}`);
      return 2;
    }
    for (const l of r.report.lines) if (!l.ok) console.error(l.message);
    console.log(`${file} (${r.report.format}): published ${r.report.published}, unchanged ${r.report.unchanged}, refused ${r.report.refused}`);
    return r.report.refused ? 1 : 0;
  } finally {
    await store.close();
  }
}
