// `npm run township [-- <command>]`: the township server and its admin commands.
//   (no command)                      start the server
//   issue-token <kioskId> [--village <name>] [--json]
//                                     issue (or replace) a kiosk's token; printed once
//   add-official <username>           create an official or set a new password; the password
//                                     comes from TOWNSHIP_OFFICIAL_PASSWORD or the first line of stdin
//   public-key                        print the township's public key (base64)
// Every command uses the same config (TOWNSHIP_CONFIG / township.config.json / TOWNSHIP_* env).
import { createInterface } from 'node:readline';
import { loadTownshipConfigFromEnvironment, TownshipConfigError, type TownshipConfig } from './config.js';
import { openTownshipDb } from './db/index.js';
import { loadOrCreateSigningKey } from './keys.js';
import { issueKioskToken } from './kiosks.js';
import { addOfficial, officialCount } from './officials.js';
import { startTownship } from './server.js';
import { runUntilSignalled } from '../cli/lifecycle.js';

const USAGE = `usage: npm run township [-- issue-token <kioskId> [--village <name>] [--json] | add-official <username> | public-key]`;

async function readPassword(): Promise<string> {
  const fromEnv = process.env.TOWNSHIP_OFFICIAL_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write('Password (at least 8 characters), then Enter: ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line.replace(/\r$/, '');
  }
  return '';
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function serve(config: TownshipConfig): Promise<void> {
  const township = await startTownship(config);
  // Tests and scripts read these exact lines.
  console.log(`Township ready at ${township.url}`);
  console.log(`Officials' page: ${township.officialsUrl}`);
  console.log(`Public key: ${township.publicKey}  (keyId ${township.keyId}; put it in each kiosk's config as township.publicKey / KIOSK_TOWNSHIP_PUBLIC_KEY)`);
  console.log(`Data directory: ${config.dataDir}`);
  console.log(`Issue a kiosk token: npm run township -- issue-token <kioskId> [--village <name>]   (or on the officials' page, "Kiosks")`);
  if (officialCount(township.db) === 0) console.log(`No official can log in yet: npm run township -- add-official <username>   (password from stdin or TOWNSHIP_OFFICIAL_PASSWORD)`);
  if (config.http.host !== '127.0.0.1' && config.http.host !== 'localhost' && !config.http.tlsCertFile) {
    console.log(`Warning: listening on ${config.http.host} without TLS; kiosks refuse non-loopback http URLs. Put a TLS proxy in front or set http.tlsCertFile/tlsKeyFile.`);
  }
  runUntilSignalled(() => township.stop());
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadTownshipConfigFromEnvironment();
  switch (command) {
    case undefined:
    case 'serve':
      await serve(config);
      return -1; // keep running
    case 'issue-token': {
      const kioskId = args[0];
      if (!kioskId || kioskId.startsWith('--')) {
        console.error(USAGE);
        return 2;
      }
      const db = openTownshipDb(config.dataDir);
      const r = issueKioskToken(db, kioskId, flag(args, '--village') ?? '');
      db.close();
      if (!r.ok) {
        console.error(`cannot issue a token: ${r.message}`);
        return 2;
      }
      const publicKey = loadOrCreateSigningKey(config.dataDir).publicKey;
      if (args.includes('--json')) console.log(JSON.stringify({ kioskId: r.kioskId, token: r.token, publicKey }));
      else {
        console.log(`Kiosk token for ${r.kioskId} (shown once; any older token of this kiosk no longer works):`);
        console.log(`Token: ${r.token}`);
        console.log(`Kiosk config: KIOSK_ID=${r.kioskId} KIOSK_TOWNSHIP_TOKEN=${r.token} KIOSK_TOWNSHIP_PUBLIC_KEY=${publicKey}`);
      }
      return 0;
    }
    case 'add-official': {
      const username = args[0];
      if (!username) {
        console.error(USAGE);
        return 2;
      }
      const password = await readPassword();
      const db = openTownshipDb(config.dataDir);
      const r = await addOfficial(db, username, password);
      db.close();
      if (!r.ok) {
        console.error(`cannot add the official: ${r.message}`);
        return 2;
      }
      console.log(r.created ? `Official "${username}" created; log in at /officials/` : `Official "${username}" has a new password (their other sessions were ended)`);
      return 0;
    }
    case 'public-key':
      console.log(loadOrCreateSigningKey(config.dataDir).publicKey);
      return 0;
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

try {
  const code = await main();
  if (code >= 0) process.exit(code);
} catch (e) {
  if (e instanceof TownshipConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(`The township server could not start: ${(e as Error).message}`);
  process.exit(1);
}
