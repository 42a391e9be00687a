// The in-memory speech engine for tests and machines without espeak-ng (speech.engine
// "memory"): a sine tone 160 ms per token of the text, so duration still follows the text.
// It records every request, so tests can see exactly what a real voice would have read.
import type { EngineProbe, SpeechEngine, SynthRequest, SynthResult } from './engine.js';
import { toneWav } from './wav.js';

export interface MemoryEngine extends SpeechEngine {
  readonly requests: SynthRequest[];
  /** Makes the next syntheses fail (null = work again). */
  failWith(failure: Exclude<SynthResult, { ok: true }> | null): void;
  /** Delays each synthesis (to test ordering and time-outs). */
  delayMs: number;
}

export const MS_PER_TOKEN = 160;

export function createMemoryEngine(): MemoryEngine {
  let failure: Exclude<SynthResult, { ok: true }> | null = null;
  const engine: MemoryEngine = {
    kind: 'memory',
    requests: [],
    delayMs: 0,
    failWith(f) {
      failure = f;
    },
    async probe(): Promise<EngineProbe> {
      return { ok: true, version: 'memory', voices: ['cmn-latn-pinyin', 'en-us', 'en'] };
    },
    async synthesize(req: SynthRequest): Promise<SynthResult> {
      engine.requests.push(req);
      if (engine.delayMs) await new Promise((r) => setTimeout(r, engine.delayMs));
      if (failure) return failure;
      const tokens = req.text.split(/\s+/).filter(Boolean).length;
      return { ok: true, wav: toneWav(Math.max(1, tokens) * MS_PER_TOKEN) };
    },
  };
  return engine;
}
