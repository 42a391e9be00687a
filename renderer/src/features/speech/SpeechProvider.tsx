// Read-aloud for the whole session: which engine reads each language, the volume step, and
// the one player that reads a screen sentence by sentence (the next sentence is fetched
// while the current one plays) and highlights the block being read. It lives inside the
// session (App's keyed .app), so the idle wipe remounts it: volume back to the hall default,
// anything playing stopped.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '#contract/core.js';
import type { SpeakOutput, SpeechCapability } from '#contract/speech.js';
import { useKiosk } from '../../kiosk-context.js';
import { chooseEngine, type ReadEngine } from './choose-engine.js';
import { sentences, type SpeechPart } from './parts.js';
import { setToneVolume } from '../../sound/tone.js';
import { readingFollower, type ReadingFollower } from './follow-reading.js';

export type SpeechSourceRef = { kind: 'policy' | 'job'; id: string };

/** What the read-aloud bar shows: reading, or why it is not. */
export type ReadState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'reading' } | { kind: 'not-set-up' } | { kind: 'failed' };

export interface SpeechContextValue {
  capability: SpeechCapability | null;
  engineFor(lang: Lang): ReadEngine<SpeechSynthesisVoice>;
  volumeSteps: number[];
  volumeStep: number;
  defaultVolumeStep: number;
  setVolumeStep(step: number): void;
  state: ReadState;
  /**
   * Reads these parts in order; stops whatever was reading. `asked`: the villager tapped Read
   * aloud for it, so the page follows the reading from the first block even though the screen
   * was just touched (otherwise a touch pauses following: follow-reading.ts).
   */
  read(parts: SpeechPart[], lang: Lang, source: SpeechSourceRef | null, asked?: boolean): void;
  /** Asks for the first sentence's audio ahead of a tap (a screen opening), so the first sound comes fast. */
  prefetch(parts: SpeechPart[], lang: Lang, source: SpeechSourceRef | null): void;
  stop(): void;
  /** The villager has asked for reading in this session (and not stopped it): new steps are read by themselves. */
  guided: boolean;
  setGuided(on: boolean): void;
}

const FALLBACK_STEPS = [0.125, 0.25, 0.5, 1];
const SpeechContext = createContext<SpeechContextValue | null>(null);

export function useSpeech(): SpeechContextValue | null {
  return useContext(SpeechContext);
}

const HIGHLIGHT = 'speech-reading';

function browserVoices(): SpeechSynthesisVoice[] {
  try {
    return typeof speechSynthesis === 'undefined' ? [] : speechSynthesis.getVoices();
  } catch {
    return [];
  }
}

/** The fixed prompts (home greeting, each request step's question), cut as the screens are. */
function fixedPrompts(i18n: ReturnType<typeof useTranslation>['i18n'], lang: Lang): string[] {
  const t = i18n.getFixedT(lang);
  const questions = Object.values((i18n.getResourceBundle(lang, 'requests') as { questions?: Record<string, string> } | undefined)?.questions ?? {});
  const texts = [t('common:home.title'), ...questions, t('requests:phone.question'), t('requests:confirm.title')];
  return [...new Set(texts.filter((x) => typeof x === 'string' && x).flatMap((x) => sentences(x)))].slice(0, 200);
}

export function SpeechProvider({ children, onVolumeChanged }: { children: ReactNode; onVolumeChanged?: (changed: boolean) => void }): ReactElement {
  const { client, info } = useKiosk();
  const { i18n } = useTranslation();
  const [capability, setCapability] = useState<SpeechCapability | null>(null);
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>(browserVoices);
  const [volumeStep, setVolumeStepState] = useState<number | null>(null);
  const [state, setState] = useState<ReadState>({ kind: 'idle' });
  const [guided, setGuided] = useState(false);
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const run = useRef(0);
  const endClip = useRef<(() => void) | null>(null);
  const highlighted = useRef<HTMLElement | null>(null);
  const follower = useRef<ReadingFollower | null>(null);
  /** Audio asked for ahead of a tap, by lang + text (a few entries: the screens just opened). */
  const ahead = useRef(new Map<string, Promise<SpeakOutput>>());

  useEffect(() => {
    let alive = true;
    client.call('speech.capability', {}).then(
      (c) => {
        if (!alive) return;
        setCapability(c);
        // Fixed prompts are synthesised once, in the background, so their first sound is fast.
        for (const lang of c.langs) void client.call('speech.warm', { lang, texts: fixedPrompts(i18n, lang) }).catch(() => {});
      },
      () => alive && setCapability({ engine: 'none', langs: [], problem: 'unreachable', volumeSteps: FALLBACK_STEPS, defaultVolume: 2 }),
    );
    return () => {
      alive = false;
    };
  }, [client, i18n]);

  useEffect(() => {
    if (typeof speechSynthesis === 'undefined') return;
    const onChange = () => setVoices(browserVoices());
    speechSynthesis.addEventListener('voiceschanged', onChange);
    return () => speechSynthesis.removeEventListener('voiceschanged', onChange);
  }, []);

  const volumeSteps = capability?.volumeSteps ?? FALLBACK_STEPS;
  // The one default volume (settings screen / ui.defaultVolume, step 1-4), live: a villager who
  // has not touched the volume control follows it at once, and the idle wipe goes back to it.
  const defaultVolumeStep = Math.max(0, Math.min((info.defaults?.volume ?? 3) - 1, volumeSteps.length - 1));
  const step = volumeStep ?? defaultVolumeStep;
  const volume = volumeSteps[step] ?? 1;
  const volumeRef = useRef(volume);
  volumeRef.current = volume;
  useEffect(() => {
    if (audioRef.current) audioRef.current.volume = volume;
    // The scan tones play at the same level as read-aloud.
    setToneVolume(volume);
  }, [volume]);

  const setVolumeStep = useCallback(
    (s: number) => {
      setVolumeStepState(s);
      onVolumeChanged?.(s !== defaultVolumeStep);
    },
    [onVolumeChanged, defaultVolumeStep],
  );

  const engineFor = useCallback((lang: Lang) => chooseEngine(lang, capability?.langs ?? [], voices), [capability, voices]);

  useEffect(() => {
    const f = readingFollower();
    follower.current = f;
    return () => {
      follower.current = null;
      f.dispose();
    };
  }, []);

  const mark = (el: HTMLElement | null) => {
    highlighted.current?.classList.remove(HIGHLIGHT);
    highlighted.current?.removeAttribute('data-speech-reading');
    highlighted.current = el;
    if (el) {
      el.classList.add(HIGHLIGHT);
      el.setAttribute('data-speech-reading', '');
    }
    follower.current?.follow(el);
  };

  const stop = useCallback(() => {
    run.current++;
    const a = audioRef.current;
    if (a) {
      a.pause();
      a.removeAttribute('src');
    }
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
    endClip.current?.();
    endClip.current = null;
    mark(null);
    setState((s) => (s.kind === 'reading' || s.kind === 'loading' ? { kind: 'idle' } : s));
  }, []);

  useEffect(() => stop, [stop]);

  /** Plays one clip; resolves when it ends, fails or is stopped. */
  const playClip = (src: string): Promise<boolean> =>
    new Promise((resolve) => {
      const a = audioRef.current;
      if (!a) return resolve(false);
      const done = (ok: boolean) => {
        a.onended = a.onerror = null;
        endClip.current = null;
        resolve(ok);
      };
      endClip.current = () => done(false);
      a.onended = () => done(true);
      a.onerror = () => done(false);
      a.src = src;
      a.volume = volumeRef.current;
      a.play().catch(() => done(false));
    });

  const readRuntime = async (id: number, items: Array<{ el: HTMLElement; text: string }>, lang: Lang, source: SpeechSourceRef | null) => {
    const fetchAudio = (i: number): Promise<SpeakOutput> => {
      const key = `${lang}\u0000${items[i]!.text}`;
      const early = ahead.current.get(key);
      if (early) {
        ahead.current.delete(key);
        return early;
      }
      return speak(items[i]!.text, lang, source);
    };
    let next = fetchAudio(0);
    let played = 0;
    for (let i = 0; i < items.length; i++) {
      const r = await next;
      if (run.current !== id) return;
      if (i + 1 < items.length) next = fetchAudio(i + 1);
      if (!r.ok) {
        if (r.reason === 'nothing-to-say') continue;
        mark(null);
        setState({ kind: r.reason === 'not-set-up' || r.reason === 'not-installed' || r.reason === 'voice-missing' ? 'not-set-up' : 'failed' });
        void client.call('app.clientLog', { level: 'warn', event: 'speech-failed', detail: `${r.reason}: ${r.message}`.slice(0, 2000) }).catch(() => {});
        return;
      }
      mark(items[i]!.el);
      setState({ kind: 'reading' });
      const ok = await playClip(r.audio);
      if (run.current !== id) return;
      if (ok) played++;
    }
    mark(null);
    setState(played || items.length === 0 ? { kind: 'idle' } : { kind: 'failed' });
  };

  const readBrowser = async (id: number, items: Array<{ el: HTMLElement; text: string }>, lang: Lang, voice: SpeechSynthesisVoice) => {
    for (const item of items) {
      const spoken = await client.call('speech.spokenText', { text: item.text, lang, source: null }).then((r) => r.text, () => item.text);
      if (run.current !== id) return;
      mark(item.el);
      setState({ kind: 'reading' });
      const ok = await new Promise<boolean>((resolve) => {
        const u = new SpeechSynthesisUtterance(spoken);
        u.voice = voice;
        u.lang = voice.lang;
        u.rate = 0.85;
        u.volume = volumeRef.current;
        u.onend = () => resolve(true);
        u.onerror = () => resolve(false);
        endClip.current = () => resolve(false);
        speechSynthesis.speak(u);
      });
      if (run.current !== id) return;
      if (!ok) {
        mark(null);
        setState({ kind: 'failed' });
        return;
      }
    }
    mark(null);
    setState({ kind: 'idle' });
  };

  const speak = useCallback(
    (text: string, lang: Lang, source: SpeechSourceRef | null): Promise<SpeakOutput> =>
      client.call('speech.speak', { text, lang, source }).catch(() => ({ ok: false as const, reason: 'failed' as const, message: 'unreachable' })),
    [client],
  );

  const prefetch = useCallback(
    (parts: SpeechPart[], lang: Lang, source: SpeechSourceRef | null) => {
      if (engineFor(lang).kind !== 'runtime') return;
      const first = parts.length ? sentences(parts[0]!.text)[0] : undefined;
      if (!first) return;
      const key = `${lang}\u0000${first}`;
      if (ahead.current.has(key)) return;
      const p = speak(first, lang, source);
      ahead.current.set(key, p);
      // Keep only the last few screens' first sentences; a failed early fetch is simply asked again.
      for (const k of [...ahead.current.keys()].slice(0, -4)) ahead.current.delete(k);
      void p.then((r) => {
        if (!r.ok && ahead.current.get(key) === p) ahead.current.delete(key);
      });
    },
    [engineFor, speak],
  );

  const read = useCallback(
    (parts: SpeechPart[], lang: Lang, source: SpeechSourceRef | null, asked = false) => {
      stop();
      if (asked) follower.current?.resume();
      const id = run.current;
      const engine = engineFor(lang);
      if (engine.kind === 'none') {
        setState({ kind: 'not-set-up' });
        return;
      }
      const items = parts.flatMap((p) => sentences(p.text).map((text) => ({ el: p.el, text })));
      setState({ kind: 'loading' });
      const go = engine.kind === 'browser' ? readBrowser(id, items, lang, engine.voice) : readRuntime(id, items, lang, source);
      go.catch(() => {
        if (run.current === id) setState({ kind: 'failed' });
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [engineFor, stop, client, speak],
  );

  const value = useMemo<SpeechContextValue>(
    () => ({ capability, engineFor, volumeSteps, volumeStep: step, defaultVolumeStep, setVolumeStep, state, read, prefetch, stop, guided, setGuided }),
    [capability, engineFor, volumeSteps, step, defaultVolumeStep, setVolumeStep, state, read, prefetch, stop, guided],
  );
  return (
    <SpeechContext.Provider value={value}>
      {children}
      <audio ref={audioRef} data-testid="speech-audio" preload="auto" />
    </SpeechContext.Provider>
  );
}
