import { z } from 'zod';

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const scheduledRefreshSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and - only (it appears in Redis keys)'),
    cron: z
      .string()
      .refine((c) => [5, 6].includes(c.trim().split(/\s+/).length), 'a cron expression has 5 fields (minute hour day month weekday) or 6 with seconds first')
      .describe('When to refresh, in the schedule time zone, e.g. "0 2 * * *" for 02:00 every night'),
    anchors: z.array(z.string()).min(1).optional().describe('Refresh only these anchors; all by default'),
  })
  .strict();

/** `schedule:` in cwb.config.yaml: when the scheduler service starts refreshes, and who it tells. */
export const scheduleSchema = z
  .object({
    timezone: z.string().refine(isTimeZone, 'not an IANA time zone, e.g. Europe/London').default('Europe/London'),
    refreshes: z.array(scheduledRefreshSchema).min(1).default([{ name: 'nightly', cron: '0 2 * * *' }]),
    late_after_minutes: z
      .number()
      .int()
      .positive()
      .default(360)
      .describe('A run not finished this long after it was triggered is late: the alert webhook is called'),
    alerts: z
      .object({
        webhook_url: z.url().optional().describe('POSTed a JSON alert for a failed or late run; CWB_ALERT_WEBHOOK_URL overrides it'),
      })
      .strict()
      .default({}),
  })
  .strict();

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type ScheduledRefresh = z.infer<typeof scheduledRefreshSchema>;
