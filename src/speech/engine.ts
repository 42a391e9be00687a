// The speech engine: one interface, the real espeak-ng driver (espeak-engine.ts) and an
// in-memory fake (memory-engine.ts), like the devices. Expected failures (not installed,
// voice missing, too slow) are returned values, never thrown.

export type SpeechFailureReason = 'not-set-up' | 'not-installed' | 'voice-missing' | 'timeout' | 'failed' | 'nothing-to-say';

export type EngineProbe =
  | { ok: true; version: string; voices: string[] }
  | { ok: false; reason: 'not-installed' | 'failed'; message: string };

export interface SynthRequest {
  /** espeak-ng voice name, e.g. cmn-latn-pinyin or en-us. */
  voice: string;
  /** Words per minute. */
  rate: number;
  /** Exactly what the voice reads (tone-numbered pinyin for Chinese). */
  text: string;
  timeoutMs: number;
}

export type SynthResult = { ok: true; wav: Buffer } | { ok: false; reason: 'not-installed' | 'voice-missing' | 'timeout' | 'failed'; message: string };

export interface SpeechEngine {
  readonly kind: 'espeak-ng' | 'memory';
  probe(): Promise<EngineProbe>;
  synthesize(req: SynthRequest): Promise<SynthResult>;
}
