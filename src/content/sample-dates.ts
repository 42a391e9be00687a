// The sample content ships with fixed dates. Loaded later (a kiosk's first run, the demo
// township's seed), it is moved to "now" the same way everywhere: job postings shift by the
// days since the sample was made, and yearly policy deadlines that have passed roll to the
// same day next year.

export function shiftDay(day: string, days: number): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from the sample's as-of day to today (never negative). */
export function sampleShiftDays(asOf: string, now: Date): number {
  const today = now.toISOString().slice(0, 10);
  return Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${asOf.slice(0, 10)}T00:00:00Z`)) / 86_400_000));
}

export function freshPolicyDeadline(deadline: string | null, now: Date): string | null {
  const today = now.toISOString().slice(0, 10);
  let d = deadline;
  while (d && d < today) d = `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
  return d;
}

export function freshJobDates<T extends { datePosted: string; validThrough: string }>(body: T, shift: number): T {
  return shift ? { ...body, datePosted: shiftDay(body.datePosted, shift), validThrough: shiftDay(body.validThrough, shift) } : body;
}
