import cron from 'node-cron';
import type { ScheduleConfig, ScheduledRefresh } from '@cwb/config';
import { clockChanges } from './clock-changes';

/** A schedule that cannot run as configured; the message names the refresh and the fix. */
export class ScheduleError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid schedule in cwb.config.yaml:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ScheduleError';
  }
}

function hh(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00–${String(hour).padStart(2, '0')}:59`;
}

/**
 * Checks each scheduled refresh: the cron expression parses, its anchors exist, and a
 * refresh that runs at set hours does not fall in an hour the time zone skips or repeats
 * when the clocks change (in Europe/London a 01:30 refresh would not run on the last
 * Sunday of March). Hourly schedules may cross a change: they only lose or repeat one
 * of many runs.
 */
export function checkSchedule(schedule: ScheduleConfig, anchorIds: readonly string[], year = new Date().getUTCFullYear()): ScheduledRefresh[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const changes = [...clockChanges(schedule.timezone, year), ...clockChanges(schedule.timezone, year + 1)];
  for (const refresh of schedule.refreshes) {
    const where = `schedule.refreshes "${refresh.name}"`;
    if (names.has(refresh.name)) problems.push(`${where}: duplicate name`);
    names.add(refresh.name);
    let hours: number[];
    try {
      hours = cron.parse(refresh.cron).hour;
    } catch (error) {
      problems.push(`${where}: cron "${refresh.cron}" is invalid: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    for (const anchor of refresh.anchors ?? []) {
      if (!anchorIds.includes(anchor)) problems.push(`${where}: unknown anchor "${anchor}"; configured anchors: ${anchorIds.join(', ')}`);
    }
    if (hours.length === 24) continue;
    for (const change of changes) {
      const clash = hours.filter((h) => change.hours.includes(h));
      if (clash.length === 0) continue;
      const what = change.kind === 'skipped' ? 'skips' : 'repeats';
      problems.push(
        `${where}: cron "${refresh.cron}" runs at ${clash.map(hh).join(', ')}, which ${schedule.timezone} ${what} on ${change.date} ` +
          `(clocks go ${change.kind === 'skipped' ? 'forward' : 'back'}), so that night's refresh would be ${change.kind === 'skipped' ? 'missed' : 'ambiguous'}; ` +
          'choose an hour outside the clock change (the default 02:00 is safe)',
      );
      break;
    }
  }
  if (problems.length > 0) throw new ScheduleError(problems);
  return schedule.refreshes;
}

/** The next `count` fire times of a refresh, as instants (node-cron's own matcher, in the schedule's zone). */
export function nextFireTimes(refresh: ScheduledRefresh, timezone: string, count: number): Date[] {
  const task = cron.createTask(refresh.cron, () => {}, { timezone, name: refresh.name });
  try {
    return task.getNextRuns(count);
  } finally {
    void task.destroy();
  }
}
