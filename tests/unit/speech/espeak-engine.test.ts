// The real espeak-ng driver: non-silent audio whose length follows the text, a WAV header
// that states the true length, and returned failures for a missing binary, a missing voice
// and a hang.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createEspeakEngine } from '#src/speech/espeak-engine.js';
import { BUILT_IN } from '#src/speech/lexicon.js';
import { normalizeZh } from '#src/speech/normalize-zh.js';
import { toPinyin } from '#src/speech/pinyin.js';
import { parseWav, wavRms } from '#src/speech/wav.js';

const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;
const hasSox = spawnSync('sox', ['--version']).status === 0;
const skip = !hasEspeak && 'espeak-ng is not installed (.ci/run installs it)';
const engine = createEspeakEngine({ bin: 'espeak-ng' });
const RMS_FLOOR = 0.03; // espeak-ng speech at amplitude 100 measures ~0.11; silence is 0
const zh = (text: string) => toPinyin(normalizeZh(text), BUILT_IN);

async function say(text: string, voice = 'cmn-latn-pinyin') {
  const r = await engine.synthesize({ voice, rate: 130, text, timeoutMs: 10_000 });
  assert.ok(r.ok, `synthesis failed: ${JSON.stringify(r)}`);
  const p = parseWav(r.wav);
  assert.ok(p.ok, 'not a WAV');
  return { wav: r.wav, info: p.info };
}

test('the probe finds the voices read-aloud uses', { skip }, async () => {
  const p = await engine.probe();
  assert.ok(p.ok);
  assert.ok(p.voices.includes('cmn-latn-pinyin'), p.voices.join(' '));
  assert.ok(p.voices.includes('en-us'));
});

test('Chinese audio is not silent and its length follows the text', { skip }, async () => {
  const short = await say(zh('您好'));
  const long = await say(zh('重度残疾人护理补贴，每人每月 90 元，到乡镇便民服务中心民政窗口办理。'));
  assert.equal(short.info.sampleRate, 22050);
  assert.ok(wavRms(short.wav, short.info) > RMS_FLOOR, `rms ${wavRms(short.wav, short.info)}`);
  assert.ok(wavRms(long.wav, long.info) > RMS_FLOOR);
  // 2 syllables vs 33: the long one must last many times longer, and about 0.2-0.6 s per syllable.
  const perSyllable = long.info.durationMs / 33;
  assert.ok(perSyllable > 200 && perSyllable < 600, `${perSyllable} ms per syllable`);
  assert.ok(long.info.durationMs > 6 * short.info.durationMs, `${long.info.durationMs} vs ${short.info.durationMs}`);
});

test('the WAV header states the true length (espeak-ng writes placeholders to a pipe)', { skip: skip || (!hasSox && 'sox is not installed') }, async () => {
  const { wav, info } = await say(zh('银行'));
  assert.equal(wav.readUInt32LE(4), wav.length - 8);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'speech-wav-'));
  const f = path.join(dir, 'a.wav');
  writeFileSync(f, wav);
  // sox measures the same duration and a non-silent RMS.
  const soxDuration = Number(execFileSync('soxi', ['-D', f]).toString());
  assert.ok(Math.abs(soxDuration * 1000 - info.durationMs) < 5, `${soxDuration} s vs ${info.durationMs} ms`);
  const stat = spawnSync('sox', [f, '-n', 'stat']).stderr.toString();
  const rms = Number(/RMS\s+amplitude:\s+([\d.]+)/.exec(stat)?.[1]);
  assert.ok(rms > RMS_FLOOR, stat);
});

test('English is read with the English voice', { skip }, async () => {
  const { wav, info } = await say('Call 1 5 3, 6 8 1 7, 0 5 4 0.', 'en-us');
  assert.ok(wavRms(wav, info) > RMS_FLOOR);
  assert.ok(info.durationMs > 2000, `${info.durationMs}`);
});

test('a missing espeak-ng is a returned failure that says what to install', async () => {
  const missing = createEspeakEngine({ bin: path.join(os.tmpdir(), 'no-such-espeak-ng') });
  const p = await missing.probe();
  assert.equal(p.ok, false);
  assert.equal(!p.ok && p.reason, 'not-installed');
  const r = await missing.synthesize({ voice: 'cmn-latn-pinyin', rate: 130, text: 'ni3 hao3', timeoutMs: 2000 });
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.reason, 'not-installed');
  assert.match(!r.ok ? r.message : '', /apt-get install espeak-ng/);
});

test('an unknown voice is reported as voice-missing', { skip }, async () => {
  const r = await engine.synthesize({ voice: 'nosuchvoice', rate: 130, text: 'ni3 hao3', timeoutMs: 5000 });
  assert.equal(!r.ok && r.reason, 'voice-missing');
});

test('a hanging engine is stopped after the timeout', { skip: process.platform === 'win32' && 'needs sh' }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'speech-hang-'));
  const bin = path.join(dir, 'espeak-ng');
  writeFileSync(bin, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(bin, 0o755);
  const started = Date.now();
  const r = await createEspeakEngine({ bin }).synthesize({ voice: 'cmn-latn-pinyin', rate: 130, text: 'ni3 hao3', timeoutMs: 300 });
  assert.equal(!r.ok && r.reason, 'timeout');
  assert.ok(Date.now() - started < 5000);
});
