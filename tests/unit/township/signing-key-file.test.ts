// The feed signing key shared by several township processes (issue 13 §3): signingKeyFile
// (TOWNSHIP_SIGNING_KEY_FILE) names one key for processes with different data directories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTownshipConfig } from '#src/township/config.js';
import { loadOrCreateSigningKey, signingKeyPath } from '#src/township/keys.js';

test('processes with their own data directories and one signingKeyFile sign with one key', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'township-keyfile-'));
  try {
    const file = path.join(root, 'shared', 'signing-key.pem');
    const c1 = loadTownshipConfig({ env: { TOWNSHIP_DATA_DIR: path.join(root, 'a'), TOWNSHIP_SIGNING_KEY_FILE: file }, file: undefined });
    const c2 = loadTownshipConfig({ env: { TOWNSHIP_DATA_DIR: path.join(root, 'b'), TOWNSHIP_SIGNING_KEY_FILE: file }, file: undefined });
    assert.equal(c1.signingKeyFile, file);
    const k1 = loadOrCreateSigningKey(c1);
    const k2 = loadOrCreateSigningKey(c2);
    assert.equal(k1.created, true);
    assert.equal(k2.created, false);
    assert.equal(k1.publicKey, k2.publicKey);
    assert.equal(k1.file, file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    // Without it, each data directory has its own key, as before.
    const c3 = loadTownshipConfig({ env: { TOWNSHIP_DATA_DIR: path.join(root, 'c') }, file: undefined });
    assert.equal(c3.signingKeyFile, null);
    assert.equal(signingKeyPath(c3), path.join(root, 'c', 'signing-key.pem'));
    assert.notEqual(loadOrCreateSigningKey(c3).publicKey, k1.publicKey);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
