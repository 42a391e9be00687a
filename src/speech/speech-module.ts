// The read-aloud module: speech.* calls. A sentence of screen text is normalised (numbers
// as a person says them), Chinese is turned into tone-numbered pinyin with the lexicon
// (built-in polyphone fixes, the hall's names, the content item's names), then synthesised
// by the engine (espeak-ng as a child process) and cached on disk by sha256. Fixed prompts
// are synthesised in the background (speech.warm) whenever no villager is waiting.
// The text itself is never logged: it can hold a phone number.
import type { Lang } from '../contract/core.js';
import type { SpeakOutput, SpeechCapability, SpeechFailureReason } from '../contract/speech.js';
import type { RuntimeContext, RuntimeModule } from '../core/module.js';
import path from 'node:path';
import { createSpeechCache, type SpeechCache } from './cache.js';
import type { EngineProbe, SpeechEngine } from './engine.js';
import { createEspeakEngine } from './espeak-engine.js';
import { BUILT_IN, mergeLexicons, type Lexicon } from './lexicon.js';
import { createMemoryEngine } from './memory-engine.js';
import { normalizeEn } from './normalize-en.js';
import { mayBePersonal, normalizeZh } from './normalize-zh.js';
import { parseWav } from './wav.js';

export type SpeechCalls = 'speech.capability' | 'speech.speak' | 'speech.spokenText' | 'speech.warm';

export type SpeechSourceRef = { kind: 'policy' | 'job'; id: string };

export interface SpeechModuleDeps {
  /** Replaces the configured engine (unit tests pass a memory engine). */
  engine?: SpeechEngine | null;
  /** The custom pinyin of the content item a text comes from. */
  pronunciationsFor?: (source: SpeechSourceRef) => Lexicon | null | undefined;
}

/** HTMLMediaElement.volume per on-screen step: -18, -12, -6 and 0 dB (EN 301 549 asks for >= 18 dB of range). */
export const VOLUME_STEPS = [0.125, 0.25, 0.5, 1];

export interface SpeechModule extends RuntimeModule<SpeechCalls> {
  /** Resolves when the background queue (speech.warm) is empty. */
  idle(): Promise<void>;
  /** What the engine is handed for a text (tests, the bench). */
  prepare(text: string, lang: Lang, source?: SpeechSourceRef | null): Promise<{ voice: string; spoken: string }>;
  readonly cache: SpeechCache;
}

type PinyinFn = (text: string, lexicon: Lexicon) => string;
let pinyinLoad: Promise<PinyinFn> | null = null;
/** pinyin-pro takes ~100 ms to load: loaded once, in the background at start-up. */
const loadPinyin = () => (pinyinLoad ??= import('./pinyin.js').then((m) => m.toPinyin));

export function createSpeechModule(ctx: RuntimeContext, deps: SpeechModuleDeps = {}): SpeechModule {
  const cfg = ctx.config.speech;
  const log = ctx.log.child({ component: 'speech' });
  const engine: SpeechEngine | null =
    deps.engine !== undefined ? deps.engine : cfg.engine === 'none' ? null : cfg.engine === 'memory' ? createMemoryEngine() : createEspeakEngine({ bin: cfg.espeakPath });
  const cache = createSpeechCache({ dir: path.join(ctx.config.dataDir, 'speech-cache'), maxBytes: cfg.cacheMaxMb * 1024 * 1024, log });
  const hallLexicon = mergeLexicons(BUILT_IN, cfg.pronunciations);
  const voiceOf = (lang: Lang) => cfg.voices[lang];

  let probe: Promise<EngineProbe> | null = null;
  const probed = (): Promise<EngineProbe> =>
    (probe ??= (engine ? engine.probe() : Promise.resolve<EngineProbe>({ ok: false, reason: 'failed', message: 'off' })).then((p) => {
      if (!engine) return p;
      if (p.ok) log.info('speech-ready', { engine: engine.kind, version: p.version, langs: (['zh-CN', 'en'] as const).filter((l) => hasVoice(p, l)) });
      else log.warn('speech-unavailable', { engine: engine.kind, reason: p.reason, message: p.message });
      return p;
    }));
  const hasVoice = (p: EngineProbe, lang: Lang) => p.ok && p.voices.some((v) => v.toLowerCase() === voiceOf(lang).toLowerCase());

  const capability = async (): Promise<SpeechCapability> => {
    // ui.defaultVolume is read at each call: the settings screen changes it while the kiosk runs.
    const base = { volumeSteps: VOLUME_STEPS, defaultVolume: ctx.config.ui.defaultVolume - 1 };
    if (!engine) return { engine: 'none', langs: [], problem: 'read-aloud is switched off on this kiosk (speech.engine is "none")', ...base };
    const p = await probed();
    if (!p.ok) return { engine: engine.kind, langs: [], problem: p.message, ...base };
    const langs = (['zh-CN', 'en'] as const).filter((l) => hasVoice(p, l));
    const missing = (['zh-CN', 'en'] as const).filter((l) => !langs.includes(l)).map((l) => `"${voiceOf(l)}" (${l})`);
    return { engine: engine.kind, langs: [...langs], problem: missing.length ? `espeak-ng has no voice ${missing.join(', ')}; see "espeak-ng --voices"` : null, ...base };
  };

  const prepare = async (text: string, lang: Lang, source?: SpeechSourceRef | null) => {
    if (lang === 'en') return { voice: voiceOf('en'), spoken: normalizeEn(text) };
    const toPinyin = await loadPinyin();
    const itemLexicon = source ? deps.pronunciationsFor?.(source) : null;
    const lexicon = itemLexicon ? mergeLexicons(hallLexicon, itemLexicon) : hallLexicon;
    return { voice: voiceOf('zh-CN'), spoken: toPinyin(normalizeZh(text), lexicon) };
  };

  const fail = (reason: SpeechFailureReason, message: string): SpeakOutput => ({ ok: false, reason, message });

  // Interactive calls first: background warming waits while any villager's call runs.
  let interactive = 0;
  let wakeBackground: (() => void) | null = null;
  const inFlight = new Map<string, Promise<SpeakOutput>>();
  // At most two espeak-ng processes at a time (the kiosk PC has few cores); the rest wait their turn.
  const MAX_PROCESSES = 2;
  let running = 0;
  const waiting: Array<() => void> = [];
  const withSlot = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= MAX_PROCESSES) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };

  const synthesize = async (text: string, lang: Lang, source: SpeechSourceRef | null, background: boolean): Promise<SpeakOutput> => {
    if (!engine) return fail('not-set-up', 'read-aloud is switched off on this kiosk (speech.engine is "none")');
    const p = await probed();
    if (!p.ok) return fail(p.reason, p.message);
    if (!hasVoice(p, lang)) return fail('voice-missing', `espeak-ng has no voice "${voiceOf(lang)}" for ${lang}`);
    const { voice, spoken } = await prepare(text, lang, source);
    if (!/[A-Za-z0-9]/.test(spoken)) return fail('nothing-to-say', 'the text has nothing to read aloud');
    const key = cache.key([engine.kind, p.version, voice, String(cfg.rate), spoken]);
    // A sentence that may name one person's number or code is never written to disk.
    const personal = mayBePersonal(text);
    const hit = personal ? null : cache.get(key);
    if (hit) {
      const info = parseWav(hit);
      if (info.ok) return { ok: true, audio: `data:audio/wav;base64,${hit.toString('base64')}`, id: key, durationMs: info.info.durationMs, cached: true, spoken };
    }
    const same = inFlight.get(key);
    if (same) return same;
    const job = (async (): Promise<SpeakOutput> => {
      const started = performance.now();
      const r = await withSlot(() => engine.synthesize({ voice, rate: cfg.rate, text: spoken, timeoutMs: cfg.timeoutMs }));
      if (!r.ok) {
        log.warn('speech-failed', { reason: r.reason, message: r.message, lang, chars: text.length });
        if (r.reason === 'not-installed') probe = null; // look again next time (installed meanwhile?)
        return fail(r.reason, r.message);
      }
      const info = parseWav(r.wav);
      if (!info.ok) return fail('failed', `the engine's audio is not a usable WAV: ${info.message}`);
      if (!personal) cache.put(key, r.wav);
      log.debug('speech-synthesised', { lang, chars: text.length, ms: Math.round(performance.now() - started), audioMs: Math.round(info.info.durationMs), background });
      return { ok: true, audio: `data:audio/wav;base64,${r.wav.toString('base64')}`, id: key, durationMs: info.info.durationMs, cached: false, spoken };
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, job);
    return job;
  };

  // ---- background warming (fixed prompts) ----------------------------------------------------
  const queue: Array<{ text: string; lang: Lang }> = [];
  const queued = new Set<string>();
  let stopped = false;
  let loop: Promise<void> | null = null;
  const runQueue = async () => {
    const langs = new Set<Lang>();
    let done = 0;
    while (queue.length && !stopped) {
      while (interactive > 0 && !stopped) await new Promise<void>((r) => (wakeBackground = r));
      const item = queue.shift()!;
      try {
        await synthesize(item.text, item.lang, null, true);
        langs.add(item.lang);
        done++;
      } catch (e) {
        log.error('speech-warm-failed', { error: e });
      } finally {
        queued.delete(`${item.lang}\u0000${item.text}`);
      }
    }
    loop = null;
    // The queue is empty: every fixed prompt asked for so far is in the cache.
    if (!stopped) log.info('speech-warm-done', { langs: [...langs], synthesised: done });
  };

  return {
    cache,
    prepare,
    idle: async () => {
      while (loop) await loop;
    },
    start() {
      stopped = false;
      // Both run in the background: start-up does not wait for espeak-ng or pinyin-pro.
      void probed().catch((e) => log.error('speech-probe-failed', { error: e }));
      void loadPinyin().catch((e) => log.error('speech-pinyin-load-failed', { error: e }));
    },
    stop() {
      stopped = true;
      queue.length = 0;
      wakeBackground?.();
    },
    handlers: {
      'speech.capability': () => capability(),
      'speech.speak': async ({ text, lang, source }) => {
        interactive++;
        try {
          return await synthesize(text, lang, source, false);
        } finally {
          interactive--;
          if (interactive === 0) {
            const w = wakeBackground;
            wakeBackground = null;
            w?.();
          }
        }
      },
      'speech.spokenText': async ({ text, lang }) => ({ text: lang === 'en' ? normalizeEn(text) : normalizeZh(text) }),
      'speech.warm': ({ lang, texts }) => {
        let n = 0;
        for (const text of texts) {
          const k = `${lang}\u0000${text}`;
          // Only what can be cached is worth warming (mayBePersonal texts never are).
          if (queued.has(k) || stopped || mayBePersonal(text)) continue;
          queued.add(k);
          queue.push({ text, lang });
          n++;
        }
        if (n && !loop && engine) loop = runQueue();
        return { queued: n };
      },
    },
  };
}
