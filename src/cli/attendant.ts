// `npm run attendant -- add <badgeId> <name> [--qr FILE.svg]`: gives a hall attendant a badge
// and a PIN on this kiosk. The PIN is read from KIOSK_ATTENDANT_PIN or the first line of
// standard input, stored only as a scrypt hash, and never printed. --qr writes the badge's
// QR code (VKB:<badgeId>, ASCII so any scanner mode reads it) as an SVG to print and laminate.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { createAttendantStore } from '../attendant/store.js';
import { ConfigError, loadConfigFromEnvironment } from '../config/load.js';
import { openDatabase } from '../db/open.js';

const USAGE = 'usage: npm run attendant -- add <badgeId> <name> [--qr badge.svg]   (PIN from KIOSK_ATTENDANT_PIN or stdin)';

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function readPin(): string {
  const fromEnv = process.env.KIOSK_ATTENDANT_PIN;
  if (fromEnv) return fromEnv.trim();
  try {
    return (readFileSync(0, 'utf8').split('\n')[0] ?? '').trim();
  } catch {
    return '';
  }
}

const [command, badgeId, name, ...rest] = process.argv.slice(2);
if (command !== 'add' || !badgeId || !name) fail(USAGE);
if (!/^[A-Za-z0-9-]{3,40}$/.test(badgeId)) fail(`badge id "${badgeId.slice(0, 60)}" is not valid: use 3-40 letters, digits or dashes (it goes into the badge's QR code)`);
if (name.length > 40) fail('the name is longer than 40 characters');
const qrAt = rest.indexOf('--qr');
const qrFile = qrAt >= 0 ? rest[qrAt + 1] : undefined;
if (qrAt >= 0 && !qrFile) fail(USAGE);

let config;
try {
  config = loadConfigFromEnvironment();
} catch (e) {
  fail(e instanceof ConfigError ? e.message : `cannot read the kiosk config: ${(e as Error).message}`);
}
const pin = readPin();
if (!/^\d{4,8}$/.test(pin)) fail('the PIN must be 4 to 8 digits (give it in KIOSK_ATTENDANT_PIN or on standard input)');

const db = openDatabase(path.join(config.dataDir, 'kiosk.db'));
try {
  await createAttendantStore(db).addBadge(badgeId, name, pin);
} finally {
  db.close();
}
console.log(`Badge ${badgeId} (${name}) can now sign in on this kiosk with its PIN.`);
if (qrFile) {
  writeFileSync(qrFile, await QRCode.toString(`VKB:${badgeId}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
  console.log(`Badge QR code written to ${qrFile}.`);
}
