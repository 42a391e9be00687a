// `npm run demo`: the whole loop on one machine. Starts a township server (seeded with the
// sample content, a demo official and a kiosk token) and a kiosk runtime pointed at it,
// then prints where to open each. Ctrl-C stops both.
//   DEMO_DATA_DIR (default .demo-data): township/ and kiosk/ data live under it.
//   TOWNSHIP_PORT (default 8430) and KIOSK_HTTP_PORT (default 8420); 0 picks free ports.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/load.js';
import { startRuntime } from '../runtime.js';
import { loadTownshipConfig, TownshipConfigError } from '../township/config.js';
import { issueKioskToken } from '../township/kiosks.js';
import { addOfficial } from '../township/officials.js';
import { seedSampleContent } from '../township/seed.js';
import { startTownship, type Township } from '../township/server.js';
import { existsSync, writeFileSync } from 'node:fs';
import { setProfile, setVillageOfficial } from '../township/accounts.js';
import { addHousehold, listHouseholds } from '../township/households/registry.js';
import { currentCard, issueCard } from '../township/households/cards.js';
import { cardPdf } from '../township/pdf/card-pdf.js';
import { findPdfFont } from '../township/pdf/font.js';
import { listContent } from '../township/content.js';
import { makePoster, publicBaseOf } from '../township/posters.js';
import { runUntilSignalled } from '../cli/lifecycle.js';

async function writeDemoQrFiles(township: Township, root: string): Promise<{ card: string | null; cardText: string; poster: string | null; posterQr: string }> {
  const out = { card: null as string | null, cardText: path.join(root, 'demo-card.txt'), poster: null as string | null, posterQr: '' };
  const now = new Date();
  let h = (await listHouseholds(township.store, { village: VILLAGE }))[0];
  if (!h) {
    const r = await addHousehold(township.store, { village: VILLAGE, headName: '崔玉焕', tags: ['aged-80', 'clean-heating'], official: OFFICIAL }, 'demo', now);
    if (!r.ok) throw new Error(r.message);
    h = r.household;
  }
  let card = await currentCard(township.store, h.id);
  if (!card) {
    const c = await issueCard(township.store, township.key, h.id, township.config.cards.validityDays, 'demo', now);
    if (c.ok) card = c.card;
  }
  const font = findPdfFont(township.config.pdf.fontFile);
  if (!font.ok) {
    console.log(`(no card or poster PDFs: ${font.message})`);
    return out;
  }
  if (card) {
    out.card = path.join(root, 'demo-card.pdf');
    writeFileSync(out.card, await cardPdf(font.font, township.config.name, [card], 'a6'));
    writeFileSync(out.cardText, card.text + '\n');
  }
  const policy = (await listContent(township.store, 'policy')).find((p) => !p.deleted);
  if (policy) {
    const r = await makePoster(township.store, township.config, publicBaseOf(township.config, township.url.replace(/\/$/, '')), 'policy', policy.id);
    if (r.ok) {
      out.poster = path.join(root, 'demo-poster.pdf');
      out.posterQr = r.qrText;
      writeFileSync(out.poster, r.pdf);
    }
  }
  return out;
}

const KIOSK_ID = 'demo-kiosk';
const VILLAGE = '西坡村';
const OFFICIAL = 'demo';

try {
  const root = path.resolve(process.env.DEMO_DATA_DIR || '.demo-data');
  const townshipConfig = loadTownshipConfig({
    env: { TOWNSHIP_PORT: '8430', ...process.env, TOWNSHIP_DATA_DIR: path.join(root, 'township'), TOWNSHIP_HOST: '127.0.0.1' },
  });
  const township = await startTownship(townshipConfig);
  const seed = await seedSampleContent(township.store, new Date());
  if (seed.seeded) console.log(`Seeded the township with the sample content: ${seed.policies} policies, ${seed.jobs} job postings${seed.skipped.length ? ` (${seed.skipped.length} skipped: ${seed.skipped[0]!.id}: ${seed.skipped[0]!.message})` : ''}.`);
  const password = process.env.DEMO_OFFICIAL_PASSWORD || randomBytes(6).toString('base64url');
  const added = await addOfficial(township.store, OFFICIAL, password);
  if (!added.ok) throw new Error(added.message);
  const issued = await issueKioskToken(township.store, KIOSK_ID, VILLAGE);
  if (!issued.ok) throw new Error(issued.message);
  // The QR loop (issue 11): the demo official is in charge of the village and of one demo
  // household, whose card (and a poster) are written as PDFs next to the data.
  await setProfile(township.store, OFFICIAL, { name: '演示干部', phone: '13800001111', role: 'admin' });
  await setVillageOfficial(township.store, VILLAGE, OFFICIAL, new Date());
  const demoFiles = await writeDemoQrFiles(township, root);
  const scans = path.join(root, 'scans.txt');
  if (!existsSync(scans)) writeFileSync(scans, '');

  let kioskConfig;
  try {
    kioskConfig = loadConfig({
      env: {
        KIOSK_HTTP_PORT: '8420',
        ...process.env,
        KIOSK_ID,
        KIOSK_DATA_DIR: path.join(root, 'kiosk'),
        KIOSK_TOWNSHIP_URL: township.url,
        KIOSK_TOWNSHIP_TOKEN: issued.token,
        KIOSK_TOWNSHIP_PUBLIC_KEY: township.publicKey,
        KIOSK_SYNC_INTERVAL_SECONDS: process.env.KIOSK_SYNC_INTERVAL_SECONDS || '10',
        KIOSK_TOWNSHIP_PUBLIC_URL: process.env.KIOSK_TOWNSHIP_PUBLIC_URL || township.url,
        ...(process.env.KIOSK_SCANNER_MODE ? {} : { KIOSK_SCANNER_MODE: 'simulator', KIOSK_SCANNER_SIMULATOR_PATH: scans }),
      },
    });
  } catch (e) {
    await township.stop();
    throw e;
  }
  let runtime;
  try {
    runtime = await startRuntime(kioskConfig);
  } catch (e) {
    await township.stop();
    throw e;
  }
  const rt = runtime;
  console.log('');
  const launch = rt.launchUrl();
  console.log(`Kiosk ready at ${launch}  (a one-time link: open it with chromium --kiosk '${launch}'; KIOSK_DATA_DIR=${kioskConfig.dataDir} npm run kiosk-url prints another)`);
  console.log(`Township ready at ${township.url}`);
  console.log(`Officials' page: ${township.officialsUrl}   log in as "${OFFICIAL}" with password ${password}`);
  console.log(`Data: ${root}  (delete it to start over)`);
  console.log('');
  console.log('Try it: file a request at the kiosk, note its code, open it on the officials\' page,');
  console.log(`set its status, and after the kiosk's next sync (every ${kioskConfig.township.syncIntervalSeconds} s) "Check my request" shows it.`);
  console.log('');
  console.log('The QR loop:');
  if (demoFiles.card) console.log(`  household card PDF: ${demoFiles.card}  (scan it at the kiosk: cat ${demoFiles.cardText} >> ${scans})`);
  if (demoFiles.poster) console.log(`  policy poster PDF:  ${demoFiles.poster}  (its QR: ${demoFiles.posterQr}; scan with: echo '${demoFiles.posterQr}' >> ${scans})`);
  console.log(`  register more households and print cards at ${township.officialsUrl.replace(/\/$/, '')}/households; the phone pages are at ${township.url}policies and ${township.url}status`);
  console.log(`  after a status change, scan the card again: the household page shows the request's new status; so does ${township.url}status/<code>`);
  console.log('Ctrl-C stops both.');
  runUntilSignalled(async () => {
    await rt.stop().catch((e: unknown) => console.error(`kiosk stop: ${(e as Error).message}`));
    await township.stop();
  });
} catch (e) {
  if (e instanceof ConfigError || e instanceof TownshipConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(`The demo could not start: ${(e as Error).message}`);
  process.exit(1);
}
