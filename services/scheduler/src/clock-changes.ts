/** A clock change: the local hours a time zone skips (clocks forward) or repeats (clocks back). */
export interface ClockChange {
  /** Local date of the change, YYYY-MM-DD. */
  date: string;
  kind: 'skipped' | 'repeated';
  hours: number[];
}

function offsetMinutes(instant: Date, format: Intl.DateTimeFormat): number {
  const name = format
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0; // "GMT" alone
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * Every clock change of a time zone in a year, found by stepping through it hour by hour
 * in UTC: Europe/London skips 01:00–01:59 on the last Sunday of March and repeats it on
 * the last Sunday of October.
 */
export function clockChanges(timeZone: string, year: number): ClockChange[] {
  const changes: ClockChange[] = [];
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' });
  const end = Date.UTC(year + 1, 0, 1);
  let before = offsetMinutes(new Date(Date.UTC(year, 0, 1)), format);
  for (let t = Date.UTC(year, 0, 1) + 3_600_000; t < end; t += 3_600_000) {
    const after = offsetMinutes(new Date(t), format);
    if (after !== before) {
      // Local wall-clock minutes (since midnight UTC of that day) either side of the change.
      const localBefore = new Date(t + before * 60_000);
      const localAfter = new Date(t + after * 60_000);
      const from = Math.min(localBefore.getTime(), localAfter.getTime());
      const to = Math.max(localBefore.getTime(), localAfter.getTime());
      const hours = new Set<number>();
      for (let m = from; m < to; m += 60_000) hours.add(new Date(m).getUTCHours());
      changes.push({
        date: new Date(from).toISOString().slice(0, 10),
        kind: after > before ? 'skipped' : 'repeated',
        hours: [...hours].sort((a, b) => a - b),
      });
      before = after;
    }
  }
  return changes;
}
