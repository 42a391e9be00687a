// Config keys that older kiosks used, mapped onto today's keys so an old config file (or a
// setting an attendant saved before an upgrade) still loads. Each mapping leaves one plain
// line saying what was read and what to write instead; the runtime logs those lines as
// `config-deprecated` warnings (src/runtime.ts).
//
// The default volume used to be two settings: `speech.defaultVolume` (the read-aloud step,
// 1-4) and `ui.defaultVolume` (a percentage 0-100 that only scaled the scan tones). It is
// one now: `ui.defaultVolume`, the volume step 1-4 that every villager starts on, for the
// read-aloud and the tones alike (docs/volume.md).

type Json = Record<string, unknown>;

/** The read-aloud volume steps as HTMLMediaElement.volume (src/speech/speech-module.ts VOLUME_STEPS). */
const STEP_GAINS = [0.125, 0.25, 0.5, 1];

/** An old percentage (0 or 5-100) as the nearest volume step (1-4) by loudness; null if `value` is not one. */
export function percentToStep(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value > 100 || value < 0 || (value >= 1 && value <= 4)) return null;
  if (value === 0) return 1;
  const db = (g: number) => Math.log2(g);
  let best = 0;
  for (let i = 1; i < STEP_GAINS.length; i++) if (Math.abs(db(value / 100) - db(STEP_GAINS[i]!)) < Math.abs(db(value / 100) - db(STEP_GAINS[best]!))) best = i;
  return best + 1;
}

const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);

/**
 * Rewrites the old keys in a raw (not yet validated) config object in place and returns one
 * line per change. `from(key)` names where a key came from ("KIOSK_SPEECH_VOLUME").
 */
export function upgradeLegacyKeys(raw: Json, from: (key: string) => string | undefined = () => undefined): string[] {
  const notes: string[] = [];
  const where = (key: string) => (from(key) ? ` (from ${from(key)})` : '');
  const speech = obj(raw.speech);
  const ui = obj(raw.ui);
  const uiVolume = ui?.defaultVolume;
  if (speech && 'defaultVolume' in speech) {
    const old = speech.defaultVolume;
    delete speech.defaultVolume;
    if (uiVolume === undefined || percentToStep(uiVolume) !== null) {
      // The read-aloud step wins over an old tone percentage: it is what villagers heard.
      const target: Json = ui ?? {};
      raw.ui = target;
      target.defaultVolume = old;
      notes.push(`config: speech.defaultVolume${where('speech.defaultVolume')} is deprecated and was read as ui.defaultVolume = ${JSON.stringify(old)} (the one default volume, step 1-4, for read-aloud and tones); set ui.defaultVolume (KIOSK_DEFAULT_VOLUME) instead`);
      return notes;
    }
    notes.push(`config: speech.defaultVolume${where('speech.defaultVolume')} is deprecated and ignored, because ui.defaultVolume = ${JSON.stringify(uiVolume)} is set; remove speech.defaultVolume`);
  }
  const step = percentToStep(uiVolume);
  if (ui && step !== null) {
    ui.defaultVolume = step;
    notes.push(`config: ui.defaultVolume${where('ui.defaultVolume')} = ${JSON.stringify(uiVolume)} is an old percentage and was read as volume step ${step}; ui.defaultVolume is now the step 1-4 every villager starts on`);
  }
  return notes;
}
