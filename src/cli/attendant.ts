// `npm run attendant -- add <badgeId> <name> [--qr FILE.svg]`: gives a hall attendant a badge
// and a PIN on this kiosk. The PIN is read from KIOSK_ATTENDANT_PIN or the first line of
// standard input, stored only as a scrypt hash, and never printed. --qr writes the badge's
// QR code (VKB:<badgeId>, ASCII so any scanner mode reads it) as an SVG to print and laminate.
// `list` shows every badge (never a PIN); `disable <badgeId>` refuses the badge from now on
// and signs it out; `reset-pin <badgeId>` sets a new PIN (same input rules), re-enables the
// badge, clears its lockout and signs it out.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { createSessionStore } from '../attendant/sessions.js';
import { createAttendantStore } from '../attendant/store.js';
import { ConfigError, loadConfigFromEnvironment } from '../config/load.js';
import { openDatabase } from '../db/open.js';

const USAGE = 'usage: npm run attendant -- add <badgeId> <name> [--qr badge.svg] | list | disable <badgeId> | reset-pin <badgeId>   (a PIN from KIOSK_ATTENDANT_PIN or stdin)';

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
const known = { add: Boolean(badgeId && name), list: true, disable: Boolean(badgeId), 'reset-pin': Boolean(badgeId) } as Record<string, boolean>;
if (!command || !known[command]) fail(USAGE);
if (badgeId !== undefined && !/^[A-Za-z0-9-]{3,40}$/.test(badgeId)) fail(`badge id "${badgeId.slice(0, 60)}" is not valid: use 3-40 letters, digits or dashes (it goes into the badge's QR code)`);
if (command === 'add' && name!.length > 40) fail('the name is longer than 40 characters');
const qrAt = rest.indexOf('--qr');
const qrFile = qrAt >= 0 ? rest[qrAt + 1] : undefined;
if (qrAt >= 0 && !qrFile) fail(USAGE);

let config;
try {
  config = loadConfigFromEnvironment();
} catch (e) {
  fail(e instanceof ConfigError ? e.message : `cannot read the kiosk config: ${(e as Error).message}`);
}
const pin = command === 'add' || command === 'reset-pin' ? readPin() : '';
if ((command === 'add' || command === 'reset-pin') && !/^\d{4,8}$/.test(pin)) fail('the PIN must be 4 to 8 digits (give it in KIOSK_ATTENDANT_PIN or on standard input)');

const db = openDatabase(path.join(config.dataDir, 'kiosk.db'));
let code = 0;
try {
  const store = createAttendantStore(db);
  const sessions = createSessionStore(db, config.attendant.sessionMinutes * 60_000);
  if (command === 'add') {
    await store.addBadge(badgeId!, name!, pin);
    console.log(`Badge ${badgeId} (${name}) can now sign in on this kiosk with its PIN.`);
  } else if (command === 'list') {
    const badges = store.listBadges();
    if (badges.length === 0) console.log('No badges on this kiosk yet. Add one with: npm run attendant -- add <badgeId> <name>');
    for (const b of badges) {
      const state = b.disabledAt ? `disabled since ${b.disabledAt}` : b.lockedUntil ? `locked until ${b.lockedUntil} (wrong PINs)` : 'active';
      console.log(`${b.badgeId}\t${b.name}\t${state}\tadded ${b.createdAt}`);
    }
  } else if (command === 'disable') {
    if (!store.disableBadge(badgeId!)) {
      console.error(`There is no badge ${badgeId} on this kiosk (see npm run attendant -- list).`);
      code = 1;
    } else {
      const n = sessions.revokeBadge(badgeId!);
      console.log(`Badge ${badgeId} is disabled: it can no longer sign in${n ? ` and was signed out (${n} session${n === 1 ? '' : 's'})` : ''}. Re-enable it with reset-pin.`);
    }
  } else if (command === 'reset-pin') {
    if (!(await store.resetPin(badgeId!, pin))) {
      console.error(`There is no badge ${badgeId} on this kiosk (see npm run attendant -- list).`);
      code = 1;
    } else {
      sessions.revokeBadge(badgeId!);
      console.log(`Badge ${badgeId} has a new PIN and is enabled; its wrong-PIN count is cleared.`);
    }
  }
} finally {
  db.close();
}
if (code) process.exit(code);
if (command === 'add' && qrFile) {
  writeFileSync(qrFile, await QRCode.toString(`VKB:${badgeId}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
  console.log(`Badge QR code written to ${qrFile}.`);
}
