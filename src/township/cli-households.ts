// `npm run township -- household ...`: the household registry from a shell.
//   household add --village <name> [--name <head>] [--phone <phone>] [--tag <tag>]... [--official <username>]
//                 [--card <file.pdf>] [--layout a6|a4]      prints the new household id (the only stdout line)
//   household list [--village <name>] [--all] [--json]
//   household edit <id> [--village ..] [--name ..] [--phone ..] [--tag ..]... [--official ..]
//   household deactivate <id> | household activate <id>
//   household card <id> --out <file.pdf> [--layout a6|a4] [--reissue]
//   household cards --village <name> --out <file.pdf>         an A4 sheet of every active household's current card
import { writeFileSync } from 'node:fs';
import type { TownshipConfig } from './config.js';
import { openCliStore } from './store/open-store.js';
import { loadOrCreateSigningKey } from './keys.js';
import { addHousehold, editHousehold, getHousehold, listHouseholds } from './households/registry.js';
import { currentCard, issueCard, setHouseholdActive, type IssuedCard } from './households/cards.js';
import { HOUSEHOLD_TAG_NAMES } from './households/tags.js';
import { cardPdf } from './pdf/card-pdf.js';
import { findPdfFont } from './pdf/font.js';

export const HOUSEHOLD_USAGE = `usage: npm run township -- household add --village <name> [--name <head>] [--phone <phone>] [--tag <tag>]... [--official <username>] [--card <file.pdf>] [--layout a6|a4]
       npm run township -- household list [--village <name>] [--all] [--json]
       npm run township -- household edit <id> [--village <name>] [--name <head>] [--phone <phone>] [--tag <tag>]... [--official <username>]
       npm run township -- household deactivate|activate <id>
       npm run township -- household card <id> --out <file.pdf> [--layout a6|a4] [--reissue]
       npm run township -- household cards --village <name> --out <file.pdf>
tags: ${HOUSEHOLD_TAG_NAMES.join(', ')}`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function flags(args: string[], name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === name && args[i + 1] !== undefined) out.push(...args[i + 1]!.split(',').map((s) => s.trim()).filter(Boolean));
  });
  return out;
}

const BY = 'cli';

async function writeCards(config: TownshipConfig, cards: IssuedCard[], file: string, layout: 'a6' | 'a4'): Promise<string | null> {
  const font = findPdfFont(config.pdf.fontFile);
  if (!font.ok) return font.message;
  writeFileSync(file, await cardPdf(font.font, config.name, cards, layout));
  return null;
}

function layoutOf(args: string[]): 'a6' | 'a4' | null {
  const l = flag(args, '--layout') ?? 'a6';
  return l === 'a6' || l === 'a4' ? l : null;
}

export async function householdCommand(config: TownshipConfig, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const store = await openCliStore(config);
  const now = new Date();
  try {
    switch (sub) {
      case 'add': {
        const layout = layoutOf(rest);
        if (!layout) return fail('--layout is a6 (one card) or a4 (a sheet)');
        const r = await addHousehold(store, { village: flag(rest, '--village') ?? '', headName: flag(rest, '--name') ?? null, headPhone: flag(rest, '--phone') ?? null, tags: flags(rest, '--tag'), official: flag(rest, '--official') ?? null }, BY, now);
        if (!r.ok) return fail(`cannot add the household: ${r.message}`);
        const out = flag(rest, '--card');
        if (out) {
          const c = await issueCard(store, loadOrCreateSigningKey(config), r.household.id, config.cards.validityDays, BY, now);
          if (!c.ok) return fail(`household ${r.household.id} was added, but its card was not made: ${c.message}`);
          const problem = await writeCards(config, [c.card], out, layout);
          if (problem) return fail(`household ${r.household.id} was added, but its card PDF was not written: ${problem}`);
          console.error(`card ${c.card.cardId} written to ${out}`);
        }
        console.log(r.household.id);
        return 0;
      }
      case 'list': {
        const rows = await listHouseholds(store, { village: flag(rest, '--village'), includeInactive: rest.includes('--all') });
        if (rest.includes('--json')) {
          const out = [];
          for (const h of rows) out.push({ ...h, card: (await currentCard(store, h.id))?.cardId ?? null });
          console.log(JSON.stringify(out));
          return 0;
        }
        if (rows.length === 0) console.log('no households');
        for (const h of rows) console.log([h.id, h.village, h.headName ?? '-', h.tags.join(',') || '-', h.official ?? '-', (await currentCard(store, h.id))?.cardId ?? 'no card', h.active ? 'active' : 'inactive'].join('\t'));
        return 0;
      }
      case 'edit': {
        const id = rest[0] ?? '';
        const h = await getHousehold(store, id);
        if (!h) return fail(`there is no household "${id.slice(0, 40)}"`);
        const tags = flags(rest, '--tag');
        const r = await editHousehold(
          store,
          id,
          { village: flag(rest, '--village') ?? h.village, headName: flag(rest, '--name') ?? h.headName, headPhone: flag(rest, '--phone') ?? h.headPhone, tags: rest.includes('--tag') ? tags : h.tags, official: flag(rest, '--official') ?? h.official },
          BY,
          now,
        );
        if (!r.ok) return fail(`cannot edit the household: ${r.message}`);
        console.log(`household ${id} saved; print a new card (household card ${id} --reissue --out card.pdf) if the village, tags or official changed`);
        return 0;
      }
      case 'deactivate':
      case 'activate': {
        const r = await setHouseholdActive(store, rest[0] ?? '', sub === 'activate', BY, now);
        if (!r.ok) return fail(r.message);
        console.log(sub === 'activate' ? `household ${rest[0]} is active again; print it a new card` : `household ${rest[0]} deactivated; ${r.revoked.length} card(s) revoked`);
        return 0;
      }
      case 'card': {
        const id = rest[0] ?? '';
        const out = flag(rest, '--out');
        const layout = layoutOf(rest);
        if (!out || !layout) return fail(HOUSEHOLD_USAGE);
        let card = rest.includes('--reissue') ? null : await currentCard(store, id);
        if (!card) {
          const c = await issueCard(store, loadOrCreateSigningKey(config), id, config.cards.validityDays, BY, now);
          if (!c.ok) return fail(c.message);
          card = c.card;
          if (c.revoked.length) console.error(`revoked the old card(s): ${c.revoked.join(', ')}`);
        }
        const problem = await writeCards(config, [card], out, layout);
        if (problem) return fail(problem);
        console.log(`card ${card.cardId} of ${id} written to ${out}`);
        return 0;
      }
      case 'cards': {
        const village = flag(rest, '--village');
        const out = flag(rest, '--out');
        if (!village || !out) return fail(HOUSEHOLD_USAGE);
        const key = loadOrCreateSigningKey(config);
        const cards: IssuedCard[] = [];
        for (const h of await listHouseholds(store, { village })) {
          let c = await currentCard(store, h.id);
          if (!c) {
            const r = await issueCard(store, key, h.id, config.cards.validityDays, BY, now);
            if (r.ok) c = r.card;
          }
          if (c) cards.push(c);
        }
        if (cards.length === 0) return fail(`no active households in ${village}`);
        const problem = await writeCards(config, cards, out, 'a4');
        if (problem) return fail(problem);
        console.log(`${cards.length} card(s) of ${village} written to ${out}`);
        return 0;
      }
      default:
        return fail(HOUSEHOLD_USAGE);
    }
  } finally {
    await store.close();
  }
}

function fail(message: string): number {
  console.error(message);
  return 2;
}
