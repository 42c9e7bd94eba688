import type { Logger } from '@cwb/logger';
import { isRunActive, listRuns, redisKeys, withRedis, type Alert, type AlertDelivery, type Topology } from '@cwb/queue';

export interface RunWatcherOptions {
  topology: Topology;
  logger: Logger;
  alert: (alert: Alert) => Promise<AlertDelivery>;
  /** A run still going this long after it was enqueued is late. */
  lateAfterMs: number;
  intervalMs?: number;
  /** How many recent runs each check looks at. */
  window?: number;
}

export interface RunWatcher {
  /** One check now: alerts for newly failed, partial or late runs. Returns the alerts sent. */
  check(): Promise<Alert[]>;
  stop(): Promise<void>;
}

const alertTtlSeconds = 30 * 24 * 3600;

/**
 * Watches recent runs (by polling, so it sees runs that ended while it was down) and calls
 * the alert hook once per run and kind, across every scheduler replica (SET NX on the
 * alert key). A webhook that fails is the hook's business: the watcher carries on.
 */
export function watchRuns(options: RunWatcherOptions): RunWatcher {
  const { topology, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const claim = (kind: string, runId: string) =>
    withRedis(topology, async (redis) => (await redis.set(redisKeys.alertSent(topology, kind, runId), String(Date.now()), 'EX', alertTtlSeconds, 'NX')) === 'OK');

  const check = async (): Promise<Alert[]> => {
    const sent: Alert[] = [];
    const runs = await listRuns(topology, options.window ?? 20);
    for (const run of runs) {
      let alert: Alert | null = null;
      if (run.status === 'failed') {
        alert = { kind: 'run_failed', run_id: run.run_id, message: `refresh ${run.run_id} failed: ${run.reason ?? 'no reason recorded'}`, details: { trigger: run.trigger?.kind, schedule: run.trigger?.schedule } };
      } else if (run.status === 'partial') {
        alert = {
          kind: 'run_partial',
          run_id: run.run_id,
          message: `refresh ${run.run_id} finished with ${run.build?.files_failed ?? '?'} failed file(s): ${run.reason ?? ''}`,
          details: { files_loaded: run.build?.files_loaded, files_failed: run.build?.files_failed },
        };
      } else if (isRunActive(run.status) && run.enqueued_at !== null && Date.now() - run.enqueued_at > options.lateAfterMs) {
        alert = {
          kind: 'run_late',
          run_id: run.run_id,
          message: `refresh ${run.run_id} is late: still ${run.status} ${Math.round((Date.now() - run.enqueued_at) / 60_000)} min after it was triggered`,
          details: { status: run.status, enqueued_at: new Date(run.enqueued_at).toISOString() },
        };
      }
      if (alert && (await claim(alert.kind, alert.run_id))) {
        await options.alert(alert);
        sent.push(alert);
      }
    }
    return sent;
  };

  const tick = () => {
    running = check()
      .catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'run watcher check failed; trying again'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 30_000);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    check,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
