import type { Command } from 'commander';
import { checkSchedule, nextFireTimes } from '@cwb/scheduler';
import { main as schedulerMain } from '@cwb/scheduler/main';
import { formatTable } from '../output/table';
import { loadConfigFrom, withConfigOptions, type ConfigOptions } from './common-options';

/** `cwb schedule` (check and show the next fire times) and `cwb schedule run` (the scheduler service). */
export function register(program: Command): void {
  const schedule = withConfigOptions(
    program.command('schedule').description('check the configured schedules and show when they next fire (run: start the scheduler)'),
  )
    .option('--next <n>', 'how many fire times to show per schedule', '3')
    .action(async (options: ConfigOptions & { next: string }) => {
      const loaded = await loadConfigFrom(options);
      const { timezone } = loaded.config.schedule;
      const refreshes = checkSchedule(loaded.config.schedule, loaded.config.anchors.map((a) => a.id));
      const count = Math.min(Math.max(Number.parseInt(options.next, 10) || 3, 1), 50);
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
      const rows = refreshes.flatMap((r) =>
        nextFireTimes(r, timezone, count).map((at) => ({ schedule: r.name, cron: r.cron, anchors: r.anchors?.join(' ') ?? 'all', local: local.format(at), utc: at.toISOString() })),
      );
      process.stdout.write(`${formatTable(['schedule', 'cron', 'anchors', 'local', 'utc'], rows)}\n`);
      process.stdout.write(`time zone ${timezone}; a run still going after ${loaded.config.schedule.late_after_minutes} min is late; alerts ${loaded.config.schedule.alerts.webhook_url || process.env.CWB_ALERT_WEBHOOK_URL ? 'go to the webhook' : 'are logged only (no webhook configured)'}\n`);
    });

  withConfigOptions(schedule.command('run').description('run the scheduler service until SIGTERM (same as the cwb-scheduler bin)'))
    .option('--prefix <prefix>', 'Redis key prefix', 'cwb')
    .action(async (options: ConfigOptions & { prefix: string }) => {
      const args = ['--prefix', options.prefix];
      if (options.config) args.push('--config', options.config);
      if (options.dataDir) args.push('--data-dir', options.dataDir);
      await schedulerMain(args);
      await new Promise(() => {}); // runs until a signal stops the scheduler
    });
}
