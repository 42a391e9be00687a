// Scan confirmation sounds, made with WebAudio (no sound files): a short rising two-note
// chirp for a code the kiosk knows, a lower double beep for one it does not.
let ctx: AudioContext | null = null;
/** 0..1: the session's volume step, which starts at the one default volume (ui.defaultVolume); SpeechProvider sets it. */
let level = 0.5;

/** `gain` is the read-aloud volume (HTMLMediaElement.volume, 0..1) of the current step. */
export function setToneVolume(gain: number): void {
  level = Math.min(1, Math.max(0, gain));
}

function audio(): AudioContext | null {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    return ctx;
  } catch {
    return null; // no audio device: the big text still confirms the scan
  }
}

function note(ac: AudioContext, freq: number, start: number, length: number): void {
  const osc = ac.createOscillator();
  const gain = ac.createGain();
  osc.type = 'sine';
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, 0.35 * level), start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
  osc.connect(gain).connect(ac.destination);
  osc.start(start);
  osc.stop(start + length + 0.02);
}

export function playScanTone(kind: 'ok' | 'unknown'): void {
  const ac = audio();
  if (!ac) return;
  try {
    const t = ac.currentTime + 0.01;
    if (kind === 'ok') {
      note(ac, 880, t, 0.09);
      note(ac, 1320, t + 0.1, 0.12);
    } else {
      note(ac, 440, t, 0.14);
      note(ac, 330, t + 0.18, 0.18);
    }
  } catch {
    // never let a sound problem affect the scan
  }
}

/** "Call staff": a louder three-note chime, repeated, that an attendant hears across the hall. */
export function playStaffChime(): void {
  const ac = audio();
  if (!ac) return;
  try {
    const t = ac.currentTime + 0.01;
    for (const offset of [0, 1.2]) {
      note(ac, 660, t + offset, 0.25);
      note(ac, 880, t + offset + 0.3, 0.25);
      note(ac, 1100, t + offset + 0.6, 0.4);
    }
  } catch {
    // sound is a courtesy; the dialog already says staff were called
  }
}
