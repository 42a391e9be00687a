// Attendant PINs: scrypt with a per-PIN random salt, NFKC-normalised, stored as
// "scrypt$N$r$p$saltB64$hashB64" (one implementation for PINs and officials' passwords:
// src/shared/secret-hash.ts).
export { hashSecret as hashPin, verifySecret as verifyPin } from '../shared/secret-hash.js';
