// Back-off for a shell that keeps crashing (issue 12 §3). The service manager restarts the
// kiosk when its main process dies (systemd user unit Restart=always, the Windows scheduled
// task's restart-on-failure); systemd >= 254 also backs off by itself (RestartSteps=), but
// Debian 12's systemd 252 and Task Scheduler restart at a fixed interval. So each start is
// recorded in <userData>/relaunch.json and a start that comes soon after the previous one
// waits 2 s, 4 s, 8 s ... up to a minute before it opens the runtime; a run that lasted
// longer than stableAfterMs starts the count over.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface RelaunchState {
  streak: number;
  lastStartMs: number;
}

export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  stableAfterMs?: number;
}

/** The delay before this start, and the state to record. */
export function nextStart(prev: RelaunchState | null, nowMs: number, o: BackoffOptions = {}): { delayMs: number; state: RelaunchState } {
  const base = o.baseMs ?? 2000;
  const max = o.maxMs ?? 60_000;
  const stable = o.stableAfterMs ?? 120_000;
  const quick = prev !== null && nowMs - prev.lastStartMs >= 0 && nowMs - prev.lastStartMs < stable;
  const streak = quick ? prev.streak + 1 : 0;
  const delayMs = streak === 0 ? 0 : Math.min(max, base * 2 ** (streak - 1));
  return { delayMs, state: { streak, lastStartMs: nowMs + delayMs } };
}

export function readRelaunchState(file: string): RelaunchState | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<RelaunchState>;
    return Number.isInteger(v.streak) && Number.isFinite(v.lastStartMs) ? { streak: v.streak!, lastStartMs: v.lastStartMs! } : null;
  } catch {
    return null;
  }
}

/** Records this start and waits out the back-off (0 ms after a calm run). Never throws. */
export async function waitOutCrashLoop(userDataDir: string, log: (message: string) => void, now: () => number = Date.now, sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<number> {
  const file = path.join(userDataDir, 'relaunch.json');
  const { delayMs, state } = nextStart(readRelaunchState(file), now());
  try {
    writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
  } catch {
    /* a read-only profile: no back-off, the service manager's own interval still applies */
  }
  if (delayMs > 0) {
    log(`the kiosk restarted ${state.streak} time(s) in quick succession; waiting ${Math.round(delayMs / 1000)} s before starting again`);
    await sleep(delayMs);
  }
  return delayMs;
}
