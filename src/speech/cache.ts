// Synthesised audio on disk, keyed by sha256 of (engine, voice, rate, text as read): the same
// sentence is synthesised once, also across restarts. The directory is 0700 and every file
// 0600 (a spoken text may name a person). Files are written to a temporary name and renamed,
// so a crash never leaves half a WAV under a real key. When the directory grows past
// maxBytes the least recently used files go. A full disk only means no caching.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log/logger.js';

export interface SpeechCache {
  readonly dir: string;
  key(parts: readonly string[]): string;
  get(key: string): Buffer | null;
  put(key: string, wav: Buffer): boolean;
  /** Total bytes of cached audio. */
  size(): number;
}

export function createSpeechCache(opts: { dir: string; maxBytes: number; log: Logger }): SpeechCache {
  const { dir, maxBytes, log } = opts;
  let ready = false;
  const ensureDir = () => {
    if (ready) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    ready = true;
  };
  const file = (key: string) => path.join(dir, `${key}.wav`);
  const list = () => {
    try {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.wav'))
        .map((f) => {
          const st = statSync(path.join(dir, f));
          return { f, size: st.size, used: st.mtimeMs };
        });
    } catch {
      return [];
    }
  };
  let approxBytes = -1;
  const evict = () => {
    const files = list().sort((a, b) => a.used - b.used);
    let total = files.reduce((n, x) => n + x.size, 0);
    for (const x of files) {
      if (total <= maxBytes * 0.8) break;
      try {
        unlinkSync(path.join(dir, x.f));
        total -= x.size;
      } catch {
        /* removed meanwhile */
      }
    }
    approxBytes = total;
  };
  return {
    dir,
    key: (parts) => createHash('sha256').update(JSON.stringify(parts)).digest('hex'),
    get(key) {
      try {
        const buf = readFileSync(file(key));
        const now = new Date();
        utimesSync(file(key), now, now); // least recently used goes first
        return buf;
      } catch {
        return null;
      }
    },
    put(key, wav) {
      const tmp = `${file(key)}.${process.pid}.tmp`;
      try {
        ensureDir();
        writeFileSync(tmp, wav, { mode: 0o600 });
        renameSync(tmp, file(key));
        if (approxBytes < 0) approxBytes = list().reduce((n, x) => n + x.size, 0);
        else approxBytes += wav.length;
        if (approxBytes > maxBytes) evict();
        return true;
      } catch (e) {
        try {
          unlinkSync(tmp);
        } catch {
          /* never written */
        }
        log.warn('speech-cache-write-failed', { message: 'speech audio could not be cached (it is still played)', error: e });
        return false;
      }
    },
    size: () => list().reduce((n, x) => n + x.size, 0),
  };
}
