import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleSchema } from '@cwb/config';
import { clockChanges } from './clock-changes';
import { checkSchedule, nextFireTimes, ScheduleError } from './schedule-plan';
import { scheduledRunId } from './refresh-payload';

afterEach(() => {
  vi.useRealTimers();
});

const schedule = (refreshes: { name: string; cron: string; anchors?: string[] }[]) => scheduleSchema.parse({ refreshes });

/** Wall-clock time in London of an instant, e.g. "2026-03-29 02:00". */
function london(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' }).format(date);
}

describe('clock changes', () => {
  it('finds the hour Europe/London skips in March and repeats in October', () => {
    expect(clockChanges('Europe/London', 2026)).toEqual([
      { date: '2026-03-29', kind: 'skipped', hours: [1] },
      { date: '2026-10-25', kind: 'repeated', hours: [1] },
    ]);
    expect(clockChanges('UTC', 2026)).toEqual([]);
  });
});

describe('checkSchedule', () => {
  it('accepts the default 02:00 and hourly schedules', () => {
    expect(checkSchedule(scheduleSchema.parse({}), ['a'], 2026).map((r) => r.cron)).toEqual(['0 2 * * *']);
    expect(() => checkSchedule(schedule([{ name: 'hourly', cron: '15 * * * *' }]), ['a'], 2026)).not.toThrow();
  });

  it('refuses a nightly time inside the clock-change hour, saying why and what to do', () => {
    expect(() => checkSchedule(schedule([{ name: 'nightly', cron: '30 1 * * *' }]), ['a'], 2026)).toThrowError(
      /"nightly": cron "30 1 \* \* \*" runs at 01:00–01:59, which Europe\/London skips on 2026-03-29 \(clocks go forward\), so that night's refresh would be missed; choose an hour outside/,
    );
  });

  it('refuses an invalid cron expression, a duplicate name and an unknown anchor', () => {
    try {
      checkSchedule(
        schedule([
          { name: 'nightly', cron: '0 25 * * *' },
          { name: 'nightly', cron: '0 3 * * *', anchors: ['nope'] },
        ]),
        ['a'],
        2026,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScheduleError);
      const problems = (error as ScheduleError).problems.join('\n');
      expect(problems).toMatch(/cron "0 25 \* \* \*" is invalid/);
      expect(problems).toMatch(/duplicate name/);
      expect(problems).toMatch(/unknown anchor "nope"; configured anchors: a/);
    }
  });
});

describe('nextFireTimes (node-cron in Europe/London)', () => {
  it('fires 02:00 every night across both clock changes: 01:00 UTC in summer, 02:00 UTC in winter, once each night', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-27T12:00:00Z'));
    const spring = nextFireTimes({ name: 'nightly', cron: '0 2 * * *' }, 'Europe/London', 4);
    expect(spring.map((d) => d.toISOString())).toEqual([
      '2026-03-28T02:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T01:00:00.000Z',
      '2026-03-31T01:00:00.000Z',
    ]);
    expect(spring.map(london)).toEqual(['2026-03-28 02:00', '2026-03-29 02:00', '2026-03-30 02:00', '2026-03-31 02:00']);
    vi.setSystemTime(new Date('2026-10-23T12:00:00Z'));
    const autumn = nextFireTimes({ name: 'nightly', cron: '0 2 * * *' }, 'Europe/London', 4);
    expect(autumn.map((d) => d.toISOString())).toEqual([
      '2026-10-24T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
      '2026-10-26T02:00:00.000Z',
      '2026-10-27T02:00:00.000Z',
    ]);
    expect(autumn.map(london)).toEqual(['2026-10-24 02:00', '2026-10-25 02:00', '2026-10-26 02:00', '2026-10-27 02:00']);
  });

  it('gives every replica the same run id for the same slot', () => {
    expect(scheduledRunId('nightly', new Date('2026-03-29T01:00:00.000Z'))).toBe('run-20260329T010000-nightly');
  });
});
