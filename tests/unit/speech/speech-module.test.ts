// The speech.* calls through the module: audio as a data: URL, the sha256 file cache (0600
// files in a 0700 directory), custom pinyin from the content item, background warming, and
// clear failures when read-aloud is not set up.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import type { RuntimeContext } from '#src/core/module.js';
import { openDatabase } from '#src/db/open.js';
import { createEventBus } from '#src/events/bus.js';
import type { Logger } from '#src/log/logger.js';
import { createMemoryEngine, MS_PER_TOKEN } from '#src/speech/memory-engine.js';
import { createSpeechModule, type SpeechModuleDeps } from '#src/speech/speech-module.js';
import { parseWav } from '#src/speech/wav.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet, close() {} };

function setup(speech: Record<string, unknown> = {}, deps: SpeechModuleDeps = {}, ui: Record<string, unknown> = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'speech-module-'));
  const config = ConfigSchema.parse({ dataDir, speech, ui });
  const db = openDatabase(path.join(dataDir, 'kiosk.db'));
  const bus = createEventBus();
  const now = () => new Date('2026-12-01T08:00:00Z');
  const ctx: RuntimeContext = { config, db, log: quiet, bus, now, link: createLinkMonitor(bus, { configured: false, now }) };
  const mod = createSpeechModule(ctx, deps);
  void mod.start!();
  return { mod, dataDir };
}

const wavOf = (audio: string) => Buffer.from(audio.replace(/^data:audio\/wav;base64,/, ''), 'base64');

test('speak returns playable WAV audio, synthesises once and serves the cache after', async () => {
  const engine = createMemoryEngine();
  const { mod, dataDir } = setup({ rate: 120 }, { engine });
  const a = await mod.handlers['speech.speak']({ text: '您好，请点一个按钮。', lang: 'zh-CN', source: null });
  assert.ok(a.ok);
  const p = parseWav(wavOf(a.audio));
  assert.ok(p.ok);
  assert.equal(Math.round(p.info.durationMs), Math.round(a.durationMs));
  assert.equal(a.cached, false);
  assert.equal(engine.requests.length, 1);
  assert.deepEqual(engine.requests[0], { voice: 'cmn-latn-pinyin', rate: 120, text: 'nin2 hao3, qing3 dian3 yi2 ge4 an4 niu3.', timeoutMs: 8000 });
  // Duration follows the text: one tone per token.
  assert.equal(Math.round(a.durationMs), 8 * MS_PER_TOKEN);

  const b = await mod.handlers['speech.speak']({ text: '您好，请点一个按钮。', lang: 'zh-CN', source: null });
  assert.ok(b.ok);
  assert.equal(b.cached, true);
  assert.equal(b.id, a.id);
  assert.equal(engine.requests.length, 1);
  // The answer says what the audio says: the text handed to the engine, from the cache too.
  assert.equal(a.spoken, 'nin2 hao3, qing3 dian3 yi2 ge4 an4 niu3.');
  assert.equal(b.spoken, a.spoken);
  // The key is sha256 of (engine, version, voice, rate, text as read).
  assert.equal(a.id, createHash('sha256').update(JSON.stringify(['memory', 'memory', 'cmn-latn-pinyin', '120', engine.requests[0].text])).digest('hex'));

  const dir = path.join(dataDir, 'speech-cache');
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const files = readdirSync(dir);
  assert.deepEqual(files, [`${a.id}.wav`]);
  assert.equal(statSync(path.join(dir, files[0]!)).mode & 0o777, 0o600);
});

test('a sentence with a phone number or a code is never written to the disk cache', async () => {
  const engine = createMemoryEngine();
  const { mod, dataDir } = setup({}, { engine });
  for (const text of ['您的回执编号是 K7M3-F2QX', '工作人员会打您留的电话：138****5678', '电话 153 6817 0540']) {
    const a = await mod.handlers['speech.speak']({ text, lang: 'zh-CN', source: null });
    const b = await mod.handlers['speech.speak']({ text, lang: 'zh-CN', source: null });
    assert.ok(a.ok && b.ok && !b.cached, text);
  }
  assert.equal(engine.requests.length, 6);
  let files: string[] = [];
  try {
    files = readdirSync(path.join(dataDir, 'speech-cache'));
  } catch {
    /* never created */
  }
  assert.deepEqual(files, []);
});

test('at most two synthesis processes run at once', async () => {
  const engine = createMemoryEngine();
  engine.delayMs = 40;
  let now = 0;
  let max = 0;
  const synth = engine.synthesize.bind(engine);
  engine.synthesize = async (req) => {
    max = Math.max(max, ++now);
    try {
      return await synth(req);
    } finally {
      now--;
    }
  };
  const { mod } = setup({}, { engine });
  const texts = ['银行', '重庆', '长大', '音乐', '便宜', '朝阳'];
  const out = await Promise.all(texts.map(async (text) => mod.handlers['speech.speak']({ text, lang: 'zh-CN', source: null })));
  assert.ok(out.every((r) => r.ok));
  assert.equal(engine.requests.length, 6);
  assert.equal(max, 2);
});

test('two calls for the same sentence at once synthesise it once', async () => {
  const engine = createMemoryEngine();
  engine.delayMs = 50;
  const { mod } = setup({}, { engine });
  const [a, b] = await Promise.all([
    mod.handlers['speech.speak']({ text: '重庆', lang: 'zh-CN', source: null }),
    mod.handlers['speech.speak']({ text: '重庆', lang: 'zh-CN', source: null }),
  ]);
  assert.ok(a.ok && b.ok);
  assert.equal(engine.requests.length, 1);
});

test('English goes to the English voice with numbers spelled for it', async () => {
  const engine = createMemoryEngine();
  const { mod } = setup({}, { engine });
  const r = await mod.handlers['speech.speak']({ text: 'Phone 153 6817 0540', lang: 'en', source: null });
  assert.ok(r.ok);
  assert.deepEqual(engine.requests.map((q) => [q.voice, q.text]), [['en-us', 'Phone 1 5 3, 6 8 1 7, 0 5 4 0']]);
  assert.equal(r.spoken, 'Phone 1 5 3, 6 8 1 7, 0 5 4 0');
});

test("a content item's custom pinyin is used for its local names", async () => {
  const engine = createMemoryEngine();
  const { mod } = setup({ pronunciations: { 龙泉: 'long2 quan2' } }, { engine, pronunciationsFor: (s) => (s.id === 'p-1' ? { 曾家庄: 'zeng1 jia1 zhuang1' } : null) });
  await mod.handlers['speech.speak']({ text: '曾家庄和龙泉村', lang: 'zh-CN', source: { kind: 'policy', id: 'p-1' } });
  await mod.handlers['speech.speak']({ text: '曾家庄', lang: 'zh-CN', source: null });
  assert.equal(engine.requests[0]!.text, 'zeng1 jia1 zhuang1 he2 long2 quan2 cun1');
  assert.match(engine.requests[1]!.text, /^ceng2/, 'without the item, pinyin-pro reads 曾 as ceng2');
});

test('warm synthesises fixed prompts in the background; later calls are cache hits', async () => {
  const engine = createMemoryEngine();
  const { mod } = setup({}, { engine });
  const prompts = ['您好！请点一个按钮', '您要办什么事？', '请输入手机号码'];
  assert.deepEqual(mod.handlers['speech.warm']({ lang: 'zh-CN', texts: prompts }), { queued: 3 });
  assert.deepEqual(mod.handlers['speech.warm']({ lang: 'zh-CN', texts: prompts }), { queued: 0 }, 'already queued');
  await mod.idle();
  assert.equal(engine.requests.length, 3);
  for (const text of prompts) {
    const r = await mod.handlers['speech.speak']({ text, lang: 'zh-CN', source: null });
    assert.ok(r.ok && r.cached, text);
  }
  assert.equal(engine.requests.length, 3);
});

test('a villager waiting goes before background warming', async () => {
  const engine = createMemoryEngine();
  engine.delayMs = 30;
  const { mod } = setup({}, { engine });
  const speak = mod.handlers['speech.speak']({ text: '读给我听', lang: 'zh-CN', source: null });
  void mod.handlers['speech.warm']({ lang: 'zh-CN', texts: ['第一个提示', '第二个提示'] });
  await speak;
  await mod.idle();
  assert.equal(engine.requests[0]!.text, 'du2 gei3 wo3 ting1');
  assert.equal(engine.requests.length, 3);
});

test('read-aloud switched off: the capability says so and speak returns not-set-up', async () => {
  const { mod } = setup({ engine: 'none' });
  const cap = await mod.handlers['speech.capability']({});
  assert.equal(cap.engine, 'none');
  assert.deepEqual(cap.langs, []);
  assert.match(cap.problem!, /switched off/);
  const r = await mod.handlers['speech.speak']({ text: '你好', lang: 'zh-CN', source: null });
  assert.deepEqual(r.ok === false && r.reason, 'not-set-up');
});

test('espeak-ng missing: the capability names the problem and speak fails clearly', async () => {
  const { mod } = setup({ engine: 'espeak-ng', espeakPath: path.join(os.tmpdir(), 'not-here', 'espeak-ng') });
  const cap = await mod.handlers['speech.capability']({});
  assert.equal(cap.engine, 'espeak-ng');
  assert.deepEqual(cap.langs, []);
  assert.match(cap.problem!, /espeak-ng was not found/);
  const r = await mod.handlers['speech.speak']({ text: '你好', lang: 'zh-CN', source: null });
  assert.equal(r.ok === false && r.reason, 'not-installed');
});

test('volume steps span 18 dB and the hall default comes from the one default volume (ui.defaultVolume)', async () => {
  const { mod } = setup({ engine: 'memory' }, {}, { defaultVolume: 2 });
  const cap = await mod.handlers['speech.capability']({});
  assert.ok(cap.volumeSteps.length >= 3);
  const range = 20 * Math.log10(cap.volumeSteps.at(-1)! / cap.volumeSteps[0]!);
  assert.ok(range >= 18, `${range} dB`);
  assert.equal(cap.defaultVolume, 1);
  assert.deepEqual(cap.langs, ['zh-CN', 'en']);
});

test('config refuses the broken cmn/zh voices with a message that says why', () => {
  for (const v of ['cmn', 'zh', 'ZH']) {
    const r = ConfigSchema.safeParse({ speech: { voices: { 'zh-CN': v } } });
    assert.equal(r.success, false, v);
    assert.match(r.error.issues[0]!.message, /cmn-latn-pinyin/);
  }
  assert.equal(ConfigSchema.safeParse({ speech: { rate: 175 } }).success, false, 'not faster than espeak-ng default');
});

test('text with nothing to read is a returned failure', async () => {
  const { mod } = setup({}, { engine: createMemoryEngine() });
  const r = await mod.handlers['speech.speak']({ text: '……', lang: 'zh-CN', source: null });
  assert.equal(r.ok === false && r.reason, 'nothing-to-say');
});
