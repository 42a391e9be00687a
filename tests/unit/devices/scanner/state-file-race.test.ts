// The state-file fake scanner under concurrent writers: the source delivers and cleans up
// while two writers keep adding scans. Every scan arrives exactly once; none is lost in the
// gap between the source's check and its rewrite of the file.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createStateFileScannerSource, updateScannerStateFile } from '#src/devices/scanner/state-file-source.js';
import { createMemoryLogger } from '#src/log/logger.js';

test('two writers and the cleaning source: 300 scans, each delivered once', async () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-statefile-')), 'scanner.json');
  writeFileSync(file, JSON.stringify({ connected: true, pendingScans: [] }));
  const source = createStateFileScannerSource({ file, log: createMemoryLogger(), pollMs: 1 });
  const got: string[] = [];
  source.onEvent((e) => {
    if (e.type === 'scan') got.push(new TextDecoder().decode(e.bytes));
  });
  await source.start();
  const writer = async (name: string) => {
    for (let i = 0; i < 150; i++) await updateScannerStateFile(file, { add: [`${name}-${i}`] });
  };
  try {
    await Promise.all([writer('a'), writer('b')]);
    const deadline = Date.now() + 10_000;
    while (got.length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const expected = [...Array.from({ length: 150 }, (_, i) => `a-${i}`), ...Array.from({ length: 150 }, (_, i) => `b-${i}`)].sort();
    assert.deepEqual([...got].sort(), expected);
  } finally {
    await source.stop();
  }
});
