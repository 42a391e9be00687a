// Ed25519 signing shared by the township (signs) and the kiosk (verifies).
// Keys travel as base64 of the 32 raw bytes.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export interface SigningKeyPair {
  publicKey: string; // base64, 32 bytes
  privateKeyPem: string;
}

export function generateSigningKey(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: rawPublicKey(publicKey), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('base64');
}

export function publicKeyFromBase64(b64: string): KeyObject {
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 32) throw new Error(`an Ed25519 public key is 32 bytes; this one is ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export function publicKeyOf(privateKeyPem: string): string {
  return rawPublicKey(createPublicKey(createPrivateKey(privateKeyPem)));
}

export function keyId(publicKeyB64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex').slice(0, 16);
}

/** Pass a parsed KeyObject on hot paths: parsing the PEM costs far more than the signature. */
export function signBytes(privateKey: string | KeyObject, data: Buffer | string): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return sign(null, Buffer.from(data), key).toString('base64');
}

export function parsePrivateKey(privateKeyPem: string): KeyObject {
  return createPrivateKey(privateKeyPem);
}

/** False for a bad signature or a malformed one; never throws. */
export function verifyBytes(publicKey: KeyObject, data: Buffer | string, signatureB64: string): boolean {
  try {
    const sig = Buffer.from(signatureB64, 'base64');
    if (sig.length !== 64) return false;
    return verify(null, Buffer.from(data), publicKey, sig);
  } catch {
    return false;
  }
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
