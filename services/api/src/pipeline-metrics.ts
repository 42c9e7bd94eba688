import type { QueueEvents } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Logger } from '@cwb/logger';
import { createQueue, createQueueEvents, jobId, listRuns, queueName, stageNames, type StageName, type Topology } from '@cwb/queue';

const jobStates = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;

export interface PipelineMetrics {
  registry: Registry;
  /** Resolves once the queue event streams are listening. */
  ready: Promise<void>;
  close(): Promise<void>;
}

function rowsOf(stage: StageName, jobName: string, value: unknown): number | null {
  const v = (value ?? {}) as Record<string, unknown>;
  if (stage === 'extract' && typeof v.rows_read === 'number') return v.rows_read;
  if (stage === 'load' && jobName === 'load-file' && typeof v.rows_loaded === 'number') return v.rows_loaded;
  return null;
}

/**
 * Prometheus metrics of the pipeline. Queue depths, the last successful run and recent run
 * states are read from Redis at each scrape; rows, job durations, failures and run durations
 * are counted from BullMQ's event streams while the API runs (use rate() over them).
 */
export function pipelineMetrics(topology: Topology, logger: Logger): PipelineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cwb_api_' });
  const queues = Object.fromEntries(stageNames.map((s) => [s, createQueue(topology, s)])) as Record<StageName, ReturnType<typeof createQueue>>;
  for (const queue of Object.values(queues)) queue.on('error', () => {}); // a scrape reports it

  new Gauge({
    name: 'cwb_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const stage of stageNames) {
        const counts = await queues[stage].getJobCounts(...jobStates);
        for (const state of jobStates) this.set({ queue: queueName(stage), state }, counts[state] ?? 0);
      }
    },
  });
  // Collected in registration order: the run ledger is read by cwb_runs, then the two
  // gauges it sets are serialised after it in the same scrape.
  let lastSuccess: Gauge | undefined;
  let ledgerOk: Gauge | undefined;
  new Gauge({
    name: 'cwb_runs',
    help: 'Recent runs (last 50) by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      try {
        const recent = await listRuns(topology, 50);
        this.reset();
        for (const run of recent) this.inc({ status: run.status });
        const finished = recent.filter((r) => r.status === 'succeeded' && r.finished_at !== null).map((r) => r.finished_at!);
        lastSuccess?.set(finished.length ? Math.max(...finished) / 1000 : 0);
        ledgerOk?.set(1);
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'metrics: could not read the run ledger');
        ledgerOk?.set(0);
      }
    },
  });
  lastSuccess = new Gauge({
    name: 'cwb_last_successful_run_timestamp_seconds',
    help: 'When the last refresh that succeeded finished (Unix seconds); 0 if none is recorded',
    registers: [registry],
  });
  ledgerOk = new Gauge({ name: 'cwb_run_ledger_up', help: '1 when the run ledger could be read at the last scrape', registers: [registry] });

  const rows = new Counter({ name: 'cwb_stage_rows_total', help: 'Rows processed: read by extract, loaded by load', labelNames: ['stage'], registers: [registry] });
  const rowsPerSecond = new Gauge({ name: 'cwb_stage_rows_per_second', help: 'Rows per second of the last finished job of each stage', labelNames: ['stage'], registers: [registry] });
  const jobs = new Counter({ name: 'cwb_stage_jobs_total', help: 'Jobs finished, by stage and outcome', labelNames: ['stage', 'outcome'], registers: [registry] });
  const failures = new Counter({ name: 'cwb_stage_failures_total', help: 'Job attempts that failed (retried or final), by stage', labelNames: ['stage'], registers: [registry] });
  const jobSeconds = new Histogram({
    name: 'cwb_stage_job_duration_seconds',
    help: 'Processing time of a job, by stage',
    labelNames: ['stage'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [registry],
  });
  const runSeconds = new Histogram({
    name: 'cwb_run_duration_seconds',
    help: 'From a refresh being enqueued to its models being published',
    buckets: [10, 60, 300, 900, 1800, 3600, 7200, 14400],
    registers: [registry],
  });

  const streams: QueueEvents[] = stageNames.map((stage) => {
    const events = createQueueEvents(topology, stage);
    events.on('completed', ({ jobId: id }) => {
      void (async () => {
        const job = await queues[stage].getJob(id);
        if (!job) return;
        const seconds = job.processedOn && job.finishedOn ? (job.finishedOn - job.processedOn) / 1000 : null;
        jobs.inc({ stage: job.name === 'build-models' ? 'build-models' : stage, outcome: 'completed' });
        if (seconds !== null) jobSeconds.observe({ stage: job.name === 'build-models' ? 'build-models' : stage }, seconds);
        const count = rowsOf(stage, job.name, job.returnvalue);
        if (count !== null) {
          rows.inc({ stage }, count);
          if (seconds) rowsPerSecond.set({ stage }, count / seconds);
        }
        if (job.name === 'build-models') {
          const runId = String((job.data as { run_id?: string }).run_id ?? '');
          const refresh = await queues.refresh.getJob(jobId('refresh', runId));
          if (refresh && job.finishedOn) runSeconds.observe((job.finishedOn - refresh.timestamp) / 1000);
        }
      })().catch((error: unknown) => logger.warn({ queue: stage, job_id: id, err: String(error) }, 'metrics: could not read a finished job'));
    });
    events.on('failed', ({ jobId: id }) => {
      failures.inc({ stage });
      void queues[stage]
        .getJob(id)
        .then((job: Awaited<ReturnType<(typeof queues)[StageName]['getJob']>>) => {
          if (job && (job.attemptsMade >= (job.opts.attempts ?? 1) || job.finishedOn)) jobs.inc({ stage, outcome: 'failed' });
        })
        .catch(() => {});
    });
    events.on('error', (error) => logger.warn({ queue: stage, err: error.message }, 'metrics: queue event stream error'));
    return events;
  });

  return {
    registry,
    ready: Promise.all(streams.map((s) => s.waitUntilReady())).then(() => undefined),
    async close() {
      await closeWithin(5000, [...streams.map((s) => s.close()), ...Object.values(queues).map((q) => q.close())]);
    },
  };
}

/** Closes connections, but never waits more than `ms` for a Redis that is not there. */
export async function closeWithin(ms: number, closing: Promise<unknown>[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(closing), new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
