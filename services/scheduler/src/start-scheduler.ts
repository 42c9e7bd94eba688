import cron, { type ScheduledTask } from 'node-cron';
import type { LoadedConfig, ScheduledRefresh } from '@cwb/config';
import type { Logger } from '@cwb/logger';
import { createAlertHook, triggerRefresh, type Topology, type TriggerOutcome } from '@cwb/queue';
import { ensureConfiguredReference } from './configured-reference';
import { refreshPayload, scheduledRunId } from './refresh-payload';
import { watchRuns, type RunWatcher } from './run-watcher';
import { checkSchedule } from './schedule-plan';

export interface SchedulerOptions {
  topology: Topology;
  /** The config at start-up: schedules are fixed for the process's life. */
  loaded: LoadedConfig;
  /** Re-reads the config at each fire, so edits to anchors and sources apply without a restart. */
  reloadConfig?: () => Promise<LoadedConfig>;
  logger: Logger;
  /** Overrides `schedule.alerts.webhook_url` (CWB_ALERT_WEBHOOK_URL). */
  webhookUrl?: string;
  watchIntervalMs?: number;
  alertBackoffMs?: number;
}

export interface Scheduler {
  refreshes: ScheduledRefresh[];
  /** Fires a scheduled refresh for the slot `at`, exactly as its cron tick does. */
  fire(name: string, at: Date): Promise<TriggerOutcome | null>;
  watcher: RunWatcher;
  stop(): Promise<void>;
}

/**
 * The scheduler service: one node-cron task per configured refresh (in the schedule's time
 * zone, Europe/London by default), each tick triggering one refresh flow. Any number of
 * replicas may run: a slot fires once (its run id and Redis slot key are derived from the
 * fire time), and a tick while the previous run is still going is skipped and logged.
 * A run watcher alerts on failed, partial and late runs.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { topology, loaded, logger } = options;
  const { schedule } = loaded.config;
  const refreshes = checkSchedule(schedule, loaded.config.anchors.map((a) => a.id));

  const fire = async (name: string, at: Date): Promise<TriggerOutcome | null> => {
    const refresh = refreshes.find((r) => r.name === name);
    if (!refresh) throw new Error(`no scheduled refresh named "${name}"; configured: ${refreshes.map((r) => r.name).join(', ')}`);
    const slot = new Date(Math.floor(at.getTime() / 1000) * 1000);
    const runId = scheduledRunId(refresh.name, slot);
    const log = logger.child({ run_id: runId, schedule: refresh.name, slot: slot.toISOString() });
    try {
      const config = options.reloadConfig ? await options.reloadConfig() : loaded;
      // As `cwb run` does: the configured reference is built (or rebuilt when its files changed) first.
      const reference = await ensureConfiguredReference(config, { onProgress: (p) => log.debug({ step: p.step, detail: p.detail }, 'building the reference') });
      if (reference.state === 'built') log.info({ reference: reference.path }, 'reference built from the config');
      if (reference.state === 'none') log.warn('no reference configured or loaded: supplier locations come only from register matches (add reference.postcodes to the config)');
      const payload = refreshPayload(config, { anchorIds: refresh.anchors, runId });
      const outcome = await triggerRefresh(topology, payload, { kind: 'schedule', schedule: refresh.name, slot: `${refresh.name}@${slot.toISOString()}` });
      if (outcome.outcome === 'enqueued') log.info('scheduled refresh enqueued');
      else if (outcome.outcome === 'duplicate') log.info({ fired_as: outcome.run_id }, 'slot already fired by another scheduler replica');
      else log.warn({ active_run_id: outcome.active_run_id }, 'previous run still going: scheduled refresh skipped');
      return outcome;
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'could not trigger the scheduled refresh');
      return null;
    }
  };

  const tasks: ScheduledTask[] = refreshes.map((refresh) => {
    const task = cron.schedule(refresh.cron, (context) => fire(refresh.name, context.date), {
      timezone: schedule.timezone,
      name: refresh.name,
    });
    task.on('execution:missed', (context) => {
      logger.warn({ schedule: refresh.name, slot: context.date.toISOString() }, 'scheduler missed a slot (process busy or suspended)');
    });
    logger.info({ schedule: refresh.name, cron: refresh.cron, timezone: schedule.timezone, next: task.getNextRun()?.toISOString() }, 'refresh scheduled');
    return task;
  });

  const alert = createAlertHook({
    webhookUrl: options.webhookUrl ?? schedule.alerts.webhook_url,
    logger,
    ...(options.alertBackoffMs !== undefined ? { backoffMs: options.alertBackoffMs } : {}),
  });
  const watcher = watchRuns({
    topology,
    logger,
    alert,
    lateAfterMs: schedule.late_after_minutes * 60_000,
    ...(options.watchIntervalMs !== undefined ? { intervalMs: options.watchIntervalMs } : {}),
  });

  return {
    refreshes,
    fire,
    watcher,
    async stop() {
      for (const task of tasks) await task.destroy();
      await watcher.stop();
    },
  };
}
