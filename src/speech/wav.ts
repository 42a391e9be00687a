// PCM WAV files: reading the format, duration and loudness, fixing the header espeak-ng
// writes to a pipe, and making test tones (the in-memory engine).
//
// espeak-ng --stdout cannot seek back, so its RIFF and data sizes are 0x7ffff000-ish
// placeholders; Chromium plays such files, but the duration it reports is wrong, so the
// sizes are rewritten from the bytes actually received.

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Byte offset and length of the sample data. */
  dataOffset: number;
  dataBytes: number;
  durationMs: number;
}

export type WavParse = { ok: true; info: WavInfo } | { ok: false; message: string };

export function parseWav(buf: Buffer): WavParse {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') return { ok: false, message: 'not a RIFF/WAVE file' };
  let off = 12;
  let fmt: { channels: number; sampleRate: number; bits: number; format: number } | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length) return { ok: false, message: 'truncated fmt chunk' };
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) return { ok: false, message: 'data chunk before fmt chunk' };
      if (fmt.format !== 1 || fmt.bits !== 16 || fmt.channels < 1 || fmt.sampleRate < 1000) return { ok: false, message: `unsupported WAV format (format ${fmt.format}, ${fmt.bits} bit, ${fmt.channels} ch)` };
      const dataBytes = Math.min(size, buf.length - body);
      const frames = Math.floor(dataBytes / (2 * fmt.channels));
      return { ok: true, info: { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: 16, dataOffset: body, dataBytes, durationMs: (frames / fmt.sampleRate) * 1000 } };
    }
    off = body + size + (size % 2);
  }
  return { ok: false, message: 'no data chunk' };
}

/** Rewrites the RIFF and data sizes to match the buffer (in place) and returns the info. */
export function fixWavSizes(buf: Buffer): WavParse {
  const p = parseWav(buf);
  if (!p.ok) return p;
  const dataBytes = p.info.dataBytes - (p.info.dataBytes % (2 * p.info.channels));
  buf.writeUInt32LE(dataBytes, p.info.dataOffset - 4);
  buf.writeUInt32LE(p.info.dataOffset + dataBytes - 8, 4);
  return { ok: true, info: { ...p.info, dataBytes } };
}

/** Root-mean-square of the samples, 0..1 (full scale). */
export function wavRms(buf: Buffer, info: WavInfo): number {
  const n = Math.floor(info.dataBytes / 2);
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = buf.readInt16LE(info.dataOffset + i * 2) / 32768;
    sum += v * v;
  }
  return Math.sqrt(sum / n);
}

/** A mono 16-bit WAV of a sine tone (the in-memory speech engine's "voice"). */
export function toneWav(durationMs: number, opts: { sampleRate?: number; hz?: number; amplitude?: number } = {}): Buffer {
  const rate = opts.sampleRate ?? 22050;
  const frames = Math.max(1, Math.round((durationMs / 1000) * rate));
  const buf = Buffer.alloc(44 + frames * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + frames * 2, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(frames * 2, 40);
  const amp = (opts.amplitude ?? 0.3) * 32767;
  const hz = opts.hz ?? 440;
  for (let i = 0; i < frames; i++) buf.writeInt16LE(Math.round(amp * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  return buf;
}
