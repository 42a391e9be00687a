// One JSON line per figure: {"bench": name, "unit": ..., "p50": ..., "p95": ..., "n": ...}
// plus "ratio" where a baseline or physical limit is measured in the same run.

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export interface Figure {
  bench: string;
  unit: string;
  p50?: number;
  p95?: number;
  value?: number;
  n: number;
  ratio?: number;
  [extra: string]: unknown;
}

export function summarise(bench: string, unit: string, samples: number[], extra: Record<string, unknown> = {}): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  return { bench, unit, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), n: samples.length, ...extra };
}

export function report(figure: Figure): void {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(figure)) out[k] = typeof v === 'number' ? round(v) : v;
  process.stdout.write(JSON.stringify(out) + '\n');
}
