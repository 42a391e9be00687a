// Beijing time (Asia/Shanghai, UTC+8, no daylight saving) for everything officials read and
// export, and working-day arithmetic for due dates (Monday-Friday; public holidays are not
// known to the server, so a due date may land on one).
const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

const parts = (d: Date) => Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value])) as Record<string, string>;

/** "2026-12-01 21:05" in Beijing time; '' for an unreadable date. */
export function beijing(iso: string | Date | null | undefined): string {
  if (!iso) return '';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-12-01" in Beijing time. */
export function beijingDay(iso: string | Date): string {
  return beijing(iso).slice(0, 10);
}

/** The end (23:59:59.999 Beijing) of the n-th working day after `from` (the day itself not counted). */
export function addWorkingDays(from: Date, n: number): Date {
  const day = beijingDay(from);
  let t = Date.parse(`${day}T12:00:00+08:00`);
  let left = n;
  while (left > 0) {
    t += 86_400_000;
    const wd = new Date(t + 8 * 3600_000).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  const d = new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
  return new Date(Date.parse(`${d}T23:59:59.999+08:00`));
}
