// The township's Ed25519 signing key: generated on first run, kept in the data directory
// (signing-key.pem, mode 0600) and reused on every start. `signingKeyFile` (config,
// TOWNSHIP_SIGNING_KEY_FILE) names another place: several township processes serving one
// PostgreSQL database must sign with one key, so each is given a copy of the same file
// (docs/township-postgres.md).
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { ensurePrivateDir } from '../files/private.js';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { generateSigningKey, keyId, parsePrivateKey, publicKeyOf } from '../protocol/signing.js';

export interface TownshipKey {
  privateKeyPem: string;
  /** The same key parsed once at start (parsing the PEM per feed page was 40% of a poll's CPU). */
  privateKey: KeyObject;
  /** base64 of the 32 raw bytes: what a kiosk puts in township.publicKey. */
  publicKey: string;
  keyId: string;
  file: string;
  created: boolean;
}

export const KEY_FILE = 'signing-key.pem';

/** Where the key lives: the configured file, else signing-key.pem in the data directory. */
export function signingKeyPath(where: string | { dataDir: string; signingKeyFile?: string | null }): string {
  if (typeof where === 'string') return path.join(where, KEY_FILE);
  return where.signingKeyFile ? path.resolve(where.signingKeyFile) : path.join(where.dataDir, KEY_FILE);
}

/** `where`: the data directory, or the township config (which may name signingKeyFile). */
export function loadOrCreateSigningKey(where: string | { dataDir: string; signingKeyFile?: string | null }): TownshipKey {
  const file = signingKeyPath(where);
  // The data directory is made private; a directory the operator named is only created if missing.
  if (file === path.join(typeof where === 'string' ? where : where.dataDir, KEY_FILE)) ensurePrivateDir(path.dirname(file));
  else mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let created = false;
  if (!existsSync(file)) {
    const pair = generateSigningKey();
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600); // fails if another process created it meanwhile
      try {
        writeSync(fd, pair.privateKeyPem);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const privateKeyPem = readFileSync(file, 'utf8');
  let publicKey: string;
  try {
    publicKey = publicKeyOf(privateKeyPem);
  } catch (e) {
    throw new Error(`the signing key ${file} is not a readable Ed25519 private key (${(e as Error).message}); restore it from a backup, or move it away to make a new one (every kiosk then needs the new public key)`);
  }
  return { privateKeyPem, privateKey: parsePrivateKey(privateKeyPem), publicKey, keyId: keyId(publicKey), file, created };
}
