// Schemas for read-aloud (speech.*, src/speech/speech-module.ts). The runtime turns a piece
// of screen text into audio the renderer plays through an <audio> element (a data: URL,
// which the CSP's media-src allows). Expected failures are returned with a reason.
import { z } from 'zod';
import { Lang } from './core.js';

/** Longest text one speech.speak call takes; the renderer sends a sentence at a time. */
export const MAX_SPEAK_CHARS = 500;

/** The content item a text comes from, so its custom pinyin for local names applies. */
export const SpeechSource = z.object({ kind: z.enum(['policy', 'job']), id: z.string().min(1).max(200) }).strict();

export const SpeakInput = z
  .object({
    text: z.string().min(1).max(MAX_SPEAK_CHARS),
    lang: Lang.default('zh-CN'),
    source: SpeechSource.nullable().default(null),
  })
  .strict();

export const SpeechFailureReason = z.enum(['not-set-up', 'not-installed', 'voice-missing', 'timeout', 'failed', 'nothing-to-say']);
export type SpeechFailureReason = z.infer<typeof SpeechFailureReason>;

export const SpeakOutput = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** data:audio/wav;base64,... */
    audio: z.string().startsWith('data:audio/wav;base64,'),
    /** sha256 cache key of (engine, voice, rate, text as read). */
    id: z.string(),
    durationMs: z.number().nonnegative(),
    cached: z.boolean(),
    /**
     * The text exactly as handed to the engine, which is what the audio says: tone-numbered
     * pinyin for Chinese (a phone number as single digits, 1 as yao1), words and single digits
     * for English. For checks and the attendant; the renderer does not need it.
     */
    spoken: z.string(),
  }),
  z.object({ ok: z.literal(false), reason: SpeechFailureReason, message: z.string() }),
]);
export type SpeakOutput = z.infer<typeof SpeakOutput>;

/** The words a browser voice (Windows speechSynthesis) should say: numbers already spelled out. */
export const SpokenTextOutput = z.object({ text: z.string() });

export const WarmInput = z
  .object({
    lang: Lang,
    texts: z.array(z.string().min(1).max(MAX_SPEAK_CHARS)).max(200),
  })
  .strict();
export const WarmOutput = z.object({ queued: z.number().int().nonnegative() });

export const SpeechCapability = z.object({
  /** Which engine the runtime synthesises with: none = read-aloud is off in this runtime. */
  engine: z.enum(['espeak-ng', 'memory', 'none']),
  /** The languages the runtime can read aloud now (a voice was found). */
  langs: z.array(Lang),
  /** Why read-aloud is not available, for the log and the attendant (null when it is). */
  problem: z.string().nullable(),
  /** On-screen volume steps (HTMLMediaElement.volume), quietest first, and the hall default (index). */
  volumeSteps: z.array(z.number().min(0).max(1)).min(3),
  defaultVolume: z.number().int().nonnegative(),
});
export type SpeechCapability = z.infer<typeof SpeechCapability>;
