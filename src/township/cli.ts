// `npm run township [-- <command>]`: the township server and its admin commands.
//   (no command)                      start the server
//   issue-token <kioskId> [--village <name>] [--json] [--qr FILE.svg|FILE.png --url <township URL for kiosks>]
//                                     issue (or replace) a kiosk's token; printed once. --qr also
//                                     writes the kiosk's enrolment QR (src/protocol/enrolment.ts)
//                                     to print and scan on the kiosk's settings screen
//   add-official <username>           create an official or set a new password; the password
//                                     comes from TOWNSHIP_OFFICIAL_PASSWORD or the first line of stdin
//   public-key                        print the township's public key (base64)
//   household ...                     the household registry and cards (cli-households.ts)
//   poster ...                        posters, stickers, village codes (cli-posters.ts)
//   import FILE                       publish policies/jobs from CSV, XLSX or JSON (cli-import.ts)
// Every command uses the same config (TOWNSHIP_CONFIG / township.config.json / TOWNSHIP_* env).
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import QRCode from 'qrcode';
import { encodeEnrolment } from '../protocol/enrolment.js';
import { loadTownshipConfigFromEnvironment, TownshipConfigError, type TownshipConfig } from './config.js';
import { openCliStore } from './store/open-store.js';
import { loadOrCreateSigningKey } from './keys.js';
import { issueKioskToken } from './kiosks.js';
import { addOfficial, officialCount } from './officials.js';
import { startTownship } from './server.js';
import { runUntilSignalled } from '../cli/lifecycle.js';
import { householdCommand } from './cli-households.js';
import { posterCommand } from './cli-posters.js';
import { importCommand } from './cli-import.js';
import { setProfile } from './accounts.js';
import { ContentPhone } from '../protocol/content.js';

const USAGE = `usage: npm run township [-- issue-token <kioskId> [--village <name>] [--json] [--qr FILE.svg --url URL] | add-official <username> [--name <name>] [--phone <phone>] [--role admin|official] | public-key | household ... | poster ... | import FILE]`;

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
  if (await officialCount(township.store) === 0) console.log(`No official can log in yet: npm run township -- add-official <username>   (password from stdin or TOWNSHIP_OFFICIAL_PASSWORD)`);
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
      const qrFile = flag(args, '--qr');
      const qrUrl = flag(args, '--url') ?? (qrFile ? `http://${config.http.host}:${config.http.port}/` : undefined);
      if (args.includes('--qr') && !qrFile) {
        console.error(USAGE);
        return 2;
      }
      const store = await openCliStore(config);
      const r = await issueKioskToken(store, kioskId, flag(args, '--village') ?? '');
      await store.close();
      if (!r.ok) {
        console.error(`cannot issue a token: ${r.message}`);
        return 2;
      }
      const publicKey = loadOrCreateSigningKey(config).publicKey;
      if (args.includes('--json')) console.log(JSON.stringify({ kioskId: r.kioskId, token: r.token, publicKey }));
      else {
        console.log(`Kiosk token for ${r.kioskId} (shown once; any older token of this kiosk no longer works):`);
        console.log(`Token: ${r.token}`);
        console.log(`Kiosk config: KIOSK_ID=${r.kioskId} KIOSK_TOWNSHIP_TOKEN=${r.token} KIOSK_TOWNSHIP_PUBLIC_KEY=${publicKey}`);
      }
      if (qrFile && qrUrl) {
        let payload: string;
        try {
          payload = encodeEnrolment({ kioskId: r.kioskId, token: r.token, publicKey, url: qrUrl });
        } catch {
          console.error(`cannot write the enrolment QR: "${qrUrl.slice(0, 100)}" is not a township address (give --url https://...)`);
          return 2;
        }
        // .png for a picture any printer takes; anything else is written as SVG.
        const image = qrFile.toLowerCase().endsWith('.png') ? await QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 }) : await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
        writeFileSync(qrFile, image, { mode: 0o600 });
        if (!args.includes('--json')) console.log(`Enrolment QR for ${r.kioskId} (township ${qrUrl}) written to ${qrFile}: print it, scan it on the kiosk's settings screen, then destroy it (it holds the token).`);
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
      const store = await openCliStore(config);
      const r = await addOfficial(store, username, password);
      if (!r.ok) {
        await store.close();
        console.error(`cannot add the official: ${r.message}`);
        return 2;
      }
      const role = flag(args, '--role');
      const phone = flag(args, '--phone');
      if ((role && role !== 'admin' && role !== 'official') || (phone && !ContentPhone.safeParse(phone).success)) {
        await store.close();
        console.error('--role is admin or official; --phone is a mainland mobile or a landline with area code, digits only');
        return 2;
      }
      await setProfile(store, username, { ...(flag(args, '--name') ? { name: flag(args, '--name')! } : {}), ...(phone ? { phone } : {}), ...(role ? { role: role as 'admin' | 'official' } : {}) });
      await store.close();
      console.log(r.created ? `Official "${username}" created; log in at /officials/` : `Official "${username}" has a new password (their other sessions were ended)`);
      return 0;
    }
    case 'household':
      return await householdCommand(config, args);
    case 'poster':
      return await posterCommand(config, args);
    case 'import':
      return await importCommand(config, args);
    case 'public-key':
      console.log(loadOrCreateSigningKey(config).publicKey);
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
