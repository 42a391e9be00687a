// The one default volume (ui.defaultVolume, step 1-4, for read-aloud and tones): old config
// files that set speech.defaultVolume (the read-aloud step) or ui.defaultVolume as a 0-100
// percentage still load, mapped onto the step, each with one deprecation line.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { percentToStep, upgradeLegacyKeys } from '#src/config/legacy-keys.js';
import { ConfigError, configDeprecations, loadConfig } from '#src/config/load.js';

function withFile(content: unknown): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-legacy-')), 'kiosk.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

test('the default volume is one step 1-4 (default 3) and a current config has no deprecation lines', () => {
  const c = loadConfig({ env: {} });
  assert.equal(c.ui.defaultVolume, 3);
  assert.equal('defaultVolume' in c.speech, false, 'speech.defaultVolume is gone');
  assert.deepEqual(configDeprecations(c), []);
  assert.equal(loadConfig({ env: { KIOSK_DEFAULT_VOLUME: '2' } }).ui.defaultVolume, 2);
});

test('an old speech.defaultVolume (file or KIOSK_SPEECH_VOLUME) is read as ui.defaultVolume, with a deprecation line', () => {
  const c = loadConfig({ file: withFile({ speech: { defaultVolume: 2, rate: 120 } }), env: {} });
  assert.equal(c.ui.defaultVolume, 2);
  assert.equal(c.speech.rate, 120);
  assert.deepEqual(configDeprecations(c), [
    'config: speech.defaultVolume is deprecated and was read as ui.defaultVolume = 2 (the one default volume, step 1-4, for read-aloud and tones); set ui.defaultVolume (KIOSK_DEFAULT_VOLUME) instead',
  ]);
  const e = loadConfig({ env: { KIOSK_SPEECH_VOLUME: '4' } });
  assert.equal(e.ui.defaultVolume, 4);
  assert.match(configDeprecations(e)[0]!, /^config: speech\.defaultVolume \(from KIOSK_SPEECH_VOLUME\) is deprecated/);
});

test('an old 0-100 ui.defaultVolume is read as the nearest step; the read-aloud step wins over it', () => {
  const c = loadConfig({ file: withFile({ ui: { defaultVolume: 80 } }), env: {} });
  assert.equal(c.ui.defaultVolume, 4);
  assert.deepEqual(configDeprecations(c), ['config: ui.defaultVolume = 80 is an old percentage and was read as volume step 4; ui.defaultVolume is now the step 1-4 every villager starts on']);
  const both = loadConfig({ file: withFile({ ui: { defaultVolume: 80 }, speech: { defaultVolume: 2 } }), env: {} });
  assert.equal(both.ui.defaultVolume, 2, 'what villagers heard read aloud');
  const stepSet = loadConfig({ file: withFile({ ui: { defaultVolume: 1 }, speech: { defaultVolume: 4 } }), env: {} });
  assert.equal(stepSet.ui.defaultVolume, 1, 'a step already set wins');
  assert.match(configDeprecations(stepSet)[0]!, /speech\.defaultVolume is deprecated and ignored, because ui\.defaultVolume = 1 is set/);
  assert.deepEqual([0, 10, 25, 40, 50, 100].map(percentToStep), [1, 1, 2, 3, 3, 4]);
  assert.deepEqual([1, 4, 101, -1, 2.5, '80'].map(percentToStep), [null, null, null, null, null, null]);
});

test('a volume that is neither a step nor an old percentage gets the config error message', () => {
  for (const bad of [101, 2.5, 'loud']) {
    assert.throws(
      () => loadConfig({ file: withFile({ ui: { defaultVolume: bad } }), env: {} }),
      (e: unknown) => e instanceof ConfigError && /^config error: ui\.defaultVolume = /.test(e.message) && !e.message.includes('\n'),
    );
  }
  const raw: Record<string, unknown> = { ui: { defaultVolume: 3 } };
  assert.deepEqual(upgradeLegacyKeys(raw), []);
  assert.deepEqual(raw, { ui: { defaultVolume: 3 } });
});
