// `npm run township -- poster <policy|job|stickers|village> <id or village name> --out <file.pdf> [--count N]`
// The QR is the phone page under publicUrl (TOWNSHIP_PUBLIC_URL) with the kiosk code inside.
import { writeFileSync } from 'node:fs';
import type { TownshipConfig } from './config.js';
import { openCliStore } from './store/open-store.js';
import { makePoster, POSTER_KINDS, publicBaseOf, type PosterKind } from './posters.js';

export const POSTER_USAGE = 'usage: npm run township -- poster <policy|job|stickers|village> <id | village name> --out <file.pdf> [--count <labels, stickers only>]';

export async function posterCommand(config: TownshipConfig, args: string[]): Promise<number> {
  const [kind, id] = args;
  const i = args.indexOf('--out');
  const out = i >= 0 ? args[i + 1] : undefined;
  const c = args.indexOf('--count');
  if (!kind || !POSTER_KINDS.includes(kind as PosterKind) || !id || !out) {
    console.error(POSTER_USAGE);
    return 2;
  }
  const store = await openCliStore(config);
  try {
    const r = await makePoster(store, config, publicBaseOf(config), kind as PosterKind, id, c >= 0 ? { count: Number(args[c + 1]) || 24 } : {});
    if (!r.ok) {
      console.error(`cannot make the ${kind} PDF: ${r.message}`);
      return 2;
    }
    writeFileSync(out, r.pdf);
    console.log(`${kind} PDF written to ${out} (QR: ${r.qrText})`);
    if (!config.publicUrl) console.error('note: publicUrl (TOWNSHIP_PUBLIC_URL) is not set, so the QR points at this server\'s own address; set it to the address phones can reach');
    return 0;
  } finally {
    await store.close();
  }
}
