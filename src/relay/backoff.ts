// Retry timing for the relay: exponential backoff with full jitter, and Retry-After.

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay (attempt 1). */
  baseMs: number;
  /** Largest ceiling; delays never exceed this. */
  capMs: number;
  /** Smallest delay returned (keeps a broken link from being hammered when the dice roll 0). */
  minMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 15 * 60_000, minMs: 1_000 };

/** The ceiling for a given attempt number (1-based): min(cap, base * 2^(attempt-1)). */
export function backoffCeiling(attempt: number, p: BackoffPolicy): number {
  const exp = Math.max(0, Math.min(attempt - 1, 40));
  return Math.min(p.capMs, p.baseMs * 2 ** exp);
}

/** "Full jitter": a uniformly random delay in [0, ceiling], then at least minMs. random() is in [0, 1). */
export function fullJitterDelay(attempt: number, p: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, p);
  return Math.max(Math.min(p.minMs, ceiling), Math.floor(random() * ceiling));
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from now; null if absent/bad. Capped at maxMs. */
export function parseRetryAfter(value: string | null, nowMs: number, maxMs = 24 * 3600_000): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, maxMs);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  return Math.min(Math.max(0, t - nowMs), maxMs);
}
