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
import { startTownship } from '../township/server.js';
import { runUntilSignalled } from '../cli/lifecycle.js';

const KIOSK_ID = 'demo-kiosk';
const VILLAGE = '西坡村';
const OFFICIAL = 'demo';

try {
  const root = path.resolve(process.env.DEMO_DATA_DIR || '.demo-data');
  const townshipConfig = loadTownshipConfig({
    env: { TOWNSHIP_PORT: '8430', ...process.env, TOWNSHIP_DATA_DIR: path.join(root, 'township'), TOWNSHIP_HOST: '127.0.0.1' },
  });
  const township = await startTownship(townshipConfig);
  const seed = seedSampleContent(township.db, new Date());
  if (seed.seeded) console.log(`Seeded the township with the sample content: ${seed.policies} policies, ${seed.jobs} job postings${seed.skipped.length ? ` (${seed.skipped.length} skipped: ${seed.skipped[0]!.id}: ${seed.skipped[0]!.message})` : ''}.`);
  const password = process.env.DEMO_OFFICIAL_PASSWORD || randomBytes(6).toString('base64url');
  const added = await addOfficial(township.db, OFFICIAL, password);
  if (!added.ok) throw new Error(added.message);
  const issued = issueKioskToken(township.db, KIOSK_ID, VILLAGE);
  if (!issued.ok) throw new Error(issued.message);

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
  console.log(`Kiosk ready at ${rt.url}  (open it with: chromium --kiosk ${rt.url})`);
  console.log(`Township ready at ${township.url}`);
  console.log(`Officials' page: ${township.officialsUrl}   log in as "${OFFICIAL}" with password ${password}`);
  console.log(`Data: ${root}  (delete it to start over)`);
  console.log('');
  console.log('Try it: file a request at the kiosk, note its code, open it on the officials\' page,');
  console.log(`set its status, and after the kiosk's next sync (every ${kioskConfig.township.syncIntervalSeconds} s) "Check my request" shows it.`);
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
