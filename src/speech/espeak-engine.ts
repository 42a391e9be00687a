// The real speech engine: Debian's espeak-ng, run as a child process so no GPL code ships
// in the app. Text goes in on stdin (never on the command line), a WAV comes out on stdout.
// A missing binary, an unknown voice, a crash or a hang (killed after timeoutMs) is a
// returned failure with a message for the hall's technician.
import { spawn } from 'node:child_process';
import type { EngineProbe, SpeechEngine, SynthRequest, SynthResult } from './engine.js';
import { fixWavSizes } from './wav.js';

/** Larger output than this means something is wrong (about 12 minutes of audio). */
const MAX_WAV_BYTES = 32 * 1024 * 1024;

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
  error?: NodeJS.ErrnoException;
  timedOut: boolean;
  tooLarge: boolean;
}

function run(bin: string, args: string[], input: string | null, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let timedOut = false;
    let tooLarge = false;
    let settled = false;
    const finish = (r: Omit<RunResult, 'timedOut' | 'tooLarge' | 'stdout' | 'stderr'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, stdout: Buffer.concat(out), stderr, timedOut, tooLarge });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      outBytes += d.length;
      if (outBytes > MAX_WAV_BYTES) {
        tooLarge = true;
        child.kill('SIGKILL');
      } else out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish({ code: null, error }));
    child.on('close', (code) => finish({ code }));
    child.stdin.on('error', () => {}); // EPIPE when the process died early; reported by 'close'
    if (input !== null) child.stdin.end(input, 'utf8');
    else child.stdin.end();
  });
}

export interface EspeakOptions {
  /** The espeak-ng executable (a name on PATH or a full path). */
  bin: string;
  /** 0-200, espeak-ng's default is 100. */
  amplitude?: number;
}

export function createEspeakEngine(opts: EspeakOptions): SpeechEngine {
  const bin = opts.bin;
  const missing = `espeak-ng was not found ("${bin}"). Install it (Debian: apt-get install espeak-ng; the .deb depends on it) or set speech.espeakPath.`;
  return {
    kind: 'espeak-ng',
    async probe(): Promise<EngineProbe> {
      const v = await run(bin, ['--version'], null, 5000);
      if (v.error?.code === 'ENOENT' || v.error?.code === 'EACCES') return { ok: false, reason: 'not-installed', message: missing };
      if (v.error || v.code !== 0) return { ok: false, reason: 'failed', message: `"${bin} --version" failed: ${v.error?.message ?? v.stderr.trim().slice(0, 300) ?? `exit ${v.code}`}` };
      const version = /eSpeak NG text-to-speech: (\S+)/.exec(v.stdout.toString())?.[1] ?? 'unknown';
      const l = await run(bin, ['--voices'], null, 5000);
      // Lines: "Pty Language Age/Gender VoiceName File Other Languages"; column 2 is the name -v takes.
      const voices = l.stdout
        .toString()
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/)[1])
        .filter((x): x is string => Boolean(x));
      return { ok: true, version, voices };
    },
    async synthesize(req: SynthRequest): Promise<SynthResult> {
      const args = ['-v', req.voice, '-s', String(Math.round(req.rate)), '-a', String(opts.amplitude ?? 100), '-b', '1', '--stdin', '--stdout'];
      const r = await run(bin, args, req.text, req.timeoutMs);
      if (r.error?.code === 'ENOENT' || r.error?.code === 'EACCES') return { ok: false, reason: 'not-installed', message: missing };
      if (r.timedOut) return { ok: false, reason: 'timeout', message: `espeak-ng took longer than ${req.timeoutMs} ms and was stopped (speech.timeoutMs)` };
      if (r.tooLarge) return { ok: false, reason: 'failed', message: `espeak-ng wrote more than ${MAX_WAV_BYTES} bytes and was stopped` };
      if (r.error) return { ok: false, reason: 'failed', message: `espeak-ng could not run: ${r.error.message}` };
      if (/voice does not exist|Failed to read voice/i.test(r.stderr)) return { ok: false, reason: 'voice-missing', message: `espeak-ng has no voice "${req.voice}" (check speech.voices and "espeak-ng --voices")` };
      if (r.code !== 0) return { ok: false, reason: 'failed', message: `espeak-ng exited with code ${r.code}: ${r.stderr.trim().slice(0, 300)}` };
      const wav = r.stdout;
      const fixed = fixWavSizes(wav);
      if (!fixed.ok) return { ok: false, reason: 'failed', message: `espeak-ng's output is not a usable WAV: ${fixed.message}` };
      return { ok: true, wav: wav.subarray(0, fixed.info.dataOffset + fixed.info.dataBytes) };
    },
  };
}
