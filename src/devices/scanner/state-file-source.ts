// State-file fake scanner: a JSON file that another process (an e2e test, the dev panel, a
// developer with an editor) flips:
//   { "connected": true, "pendingScans": ["VKR:ABCD-EFGH", {"id": "s1", "hex": "e5bca0"}] }
// Entries are strings or {id?, text? | hex?}. The source polls the file, delivers each new
// entry once (remembering ids; plain strings get an id from their position and text) and
// removes delivered entries by rewriting the file (write + rename, only if unchanged).
// Writers and the source's clean-up hold <file>.lock while they read and rewrite, so a scan
// added between the source's check and its rewrite is never thrown away.
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../log/logger.js';
import { createEmitter, type ScannerSource } from './source.js';

const Entry = z.union([z.string(), z.object({ id: z.string().optional(), text: z.string().optional(), hex: z.string().regex(/^[0-9a-fA-F]*$/).optional() })]);
export const ScannerStateFile = z.object({ connected: z.boolean().default(true), pendingScans: z.array(Entry).default([]) });
export type ScannerStateFile = z.infer<typeof ScannerStateFile>;
type Entry = z.infer<typeof Entry>;

function entryBytes(e: Entry): Uint8Array {
  if (typeof e === 'string') return new TextEncoder().encode(e);
  if (e.hex !== undefined) return Uint8Array.from(Buffer.from(e.hex, 'hex'));
  return new TextEncoder().encode(e.text ?? '');
}

async function readState(file: string): Promise<{ raw: string; state: ScannerStateFile } | null> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = ScannerStateFile.safeParse(JSON.parse(raw));
    return parsed.success ? { raw, state: parsed.data } : { raw, state: { connected: false, pendingScans: [] } };
  } catch {
    return { raw, state: { connected: false, pendingScans: [] } };
  }
}

async function writeAtomic(file: string, state: ScannerStateFile): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomUUID()}.tmp`);
  await writeFile(tmp, JSON.stringify(state, null, 2));
  await rename(tmp, file);
}

const LOCK_STALE_MS = 5000;

/** Runs fn while holding <file>.lock (created exclusively; a lock older than 5 s is stale). */
async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + 2 * LOCK_STALE_MS;
  for (;;) {
    try {
      await (await open(lock, 'wx')).close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = await stat(lock).then((st) => Date.now() - st.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`the scanner state file ${file} stays locked by ${lock}`);
      else await new Promise((r) => setTimeout(r, 3));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

/** For writers (tests, dev panel): append scans / set connected, atomically. */
export async function updateScannerStateFile(file: string, change: { connected?: boolean; add?: Entry[] }): Promise<void> {
  await withFileLock(file, async () => {
    const cur = (await readState(file))?.state ?? { connected: true, pendingScans: [] };
    const add = (change.add ?? []).map((e) => (typeof e === 'string' ? { id: randomUUID(), text: e } : { id: e.id ?? randomUUID(), ...e }));
    await writeAtomic(file, { connected: change.connected ?? cur.connected, pendingScans: [...cur.pendingScans, ...add] });
  });
}

export function createStateFileScannerSource(opts: { file: string; log: Logger; pollMs?: number }): ScannerSource {
  const { emit, on } = createEmitter();
  const pollMs = opts.pollMs ?? 50;
  // Ids of delivered entries (kept, bounded: a writer may write an old entry back) and keys
  // of delivered anonymous strings (forgotten once the file has been emptied).
  const seen = new Set<string>();
  const seenAnon = new Set<string>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let lastRaw: string | null = null;
  let connected: boolean | null = null;
  let busy = false;

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const read = await readState(opts.file);
      if (!read) {
        if (connected !== false) emit({ type: 'status', status: { state: 'disconnected', reason: `no state file at ${opts.file}` } });
        connected = false;
        lastRaw = null;
        return;
      }
      if (read.raw === lastRaw) return;
      lastRaw = read.raw;
      const { state } = read;
      if (state.connected !== connected) {
        connected = state.connected;
        emit({ type: 'status', status: connected ? { state: 'connected', model: 'state-file fake' } : { state: 'disconnected', reason: 'unplugged (state file)' } });
      }
      if (!state.connected) return; // an unplugged scanner cannot scan: entries wait
      const counts = new Map<string, number>();
      const fresh: Entry[] = [];
      for (const e of state.pendingScans) {
        let id: string;
        if (typeof e !== 'string' && e.id) id = e.id;
        else {
          const key = typeof e === 'string' ? e : (e.text ?? e.hex ?? '');
          const n = (counts.get(key) ?? 0) + 1;
          counts.set(key, n);
          id = `anon:${n}:${key}`;
        }
        const set = id.startsWith('anon:') ? seenAnon : seen;
        if (set.has(id)) continue;
        set.add(id);
        fresh.push(e);
      }
      while (seen.size > 5000) seen.delete(seen.values().next().value!);
      for (const e of fresh) emit({ type: 'scan', bytes: entryBytes(e), source: 'state-file' });
      if (state.pendingScans.length) {
        // Remove what was delivered, unless a writer changed the file meanwhile (then the
        // next tick delivers the new entries and tries again).
        await withFileLock(opts.file, async () => {
          const again = await readState(opts.file);
          if (again && again.raw === read.raw) {
            await writeAtomic(opts.file, { connected: state.connected, pendingScans: [] });
            seenAnon.clear();
          }
        }).catch((e: unknown) => opts.log.warn('scanner-state-file-cleanup-failed', { message: (e as Error).message }));
      }
    } catch (e) {
      opts.log.warn('scanner-state-file-failed', { message: (e as Error).message });
    } finally {
      busy = false;
    }
  };

  return {
    kind: 'state-file',
    onEvent: on,
    async start() {
      await tick();
      timer = setInterval(() => void tick(), pollMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    control: {
      async inject(bytes) {
        await updateScannerStateFile(opts.file, { add: [{ hex: Buffer.from(bytes).toString('hex') }] });
      },
      async setConnected(c) {
        await updateScannerStateFile(opts.file, { connected: c });
      },
    },
  };
}
