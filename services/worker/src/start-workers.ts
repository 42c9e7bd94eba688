import type { Worker } from 'bullmq';
import { loadJobSchema } from '@cwb/contracts';
import type { Logger } from '@cwb/logger';
import { confirmFileLoaded, createWorker, openRedis, redisKeyedCache, stageNames, type StageJob, type StageName, type Topology } from '@cwb/queue';
import { buildModelsProcessor } from './processors/build-models';
import { enrichFileProcessor } from './processors/enrich-file';
import { extractFileProcessor } from './processors/extract-file';
import { loadFileProcessor } from './processors/load-file';
import { refreshRunProcessor } from './processors/refresh-run';
import { applyLoaderDuckdbLimits } from './duckdb-settings';
import { releaseHeldWriters } from '@cwb/warehouse';
import { SUPPLIER_MATCH_CACHE_NAME, SUPPLIER_MATCH_CACHE_VERSION, cachedMatchSchema } from './supplier-matching';

export interface WorkerPoolOptions {
  topology: Topology;
  logger: Logger;
  /** Which stages this process consumes; all of them by default. */
  stages?: readonly StageName[];
  /** Concurrency for extract and enrich (load is always 1: the single writer). */
  concurrency?: number;
  lockDuration?: number;
  stalledInterval?: number;
}

export interface WorkerPool {
  workers: Worker[];
  /**
   * Graceful shutdown: stops taking jobs and waits for the current ones to finish. After
   * `timeoutMs` it returns `handedBack: true` without waiting: the caller exits, the jobs'
   * locks lapse and another worker picks them up (stalled-job recovery). A load is one
   * DuckDB transaction, so a handed-back load leaves nothing half-loaded.
   */
  close(options?: { timeoutMs?: number }): Promise<{ handedBack: boolean }>;
}

export function startWorkers(options: WorkerPoolOptions): WorkerPool {
  const { topology, logger } = options;
  const stages = options.stages ?? stageNames;
  const timing = { lockDuration: options.lockDuration, stalledInterval: options.stalledInterval };
  const workers: Worker[] = [];
  const closers: (() => Promise<void>)[] = [];
  for (const stage of stages) {
    let worker: Worker;
    switch (stage) {
      case 'refresh':
        worker = createWorker(topology, 'refresh', refreshRunProcessor(topology, logger), { ...timing, concurrency: 1 });
        break;
      case 'extract':
        worker = createWorker(topology, 'extract', extractFileProcessor(logger), { ...timing, concurrency: options.concurrency ?? 2 });
        break;
      case 'enrich': {
        // Supplier matches are cached in Redis across runs (and shared by every worker).
        const redis = openRedis(topology);
        closers.push(async () => redis.disconnect());
        const cache = redisKeyedCache(redis, topology, { name: SUPPLIER_MATCH_CACHE_NAME, version: SUPPLIER_MATCH_CACHE_VERSION, schema: cachedMatchSchema });
        worker = createWorker(topology, 'enrich', enrichFileProcessor(logger, { cache }), { ...timing, concurrency: options.concurrency ?? 2 });
        break;
      }
      case 'load': {
        // Every DuckDB open of the load stage, also those that set no limits (snapshot, Parquet).
        applyLoaderDuckdbLimits();
        const loadFile = loadFileProcessor(logger);
        const build = buildModelsProcessor(topology, logger);
        const cursors = openRedis(topology);
        closers.push(async () => cursors.disconnect());
        worker = createWorker(
          topology,
          'load',
          async (job: StageJob<'load'>) => {
            if (job.name === 'build-models') return build(job);
            const result = await loadFile(job);
            // The rows are committed: the file's cursor now says its content is loaded, so
            // the next refresh skips the file while it is unchanged.
            await confirmFileLoaded(cursors, topology, loadJobSchema.parse(job.data));
            return result;
          },
          { ...timing, concurrency: 1 },
        );
        break;
      }
    }
    worker.on('failed', (job, error) => {
      const data = (job?.data ?? {}) as { run_id?: string; anchor_id?: string; source_file?: string };
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || error.name === 'UnrecoverableError';
      logger[final ? 'error' : 'warn'](
        { queue: stage, run_id: data.run_id, anchor_id: data.anchor_id, source_file: data.source_file, job_id: job?.id, attempts: job?.attemptsMade, err: error.message },
        final ? 'job failed for good' : 'job failed; it will be retried with backoff',
      );
    });
    worker.on('error', (error) => logger.error({ queue: stage, err: error.message }, 'worker error'));
    workers.push(worker);
  }
  logger.info({ stages, prefix: topology.prefix }, 'workers started');
  return {
    workers,
    async close(closeOptions = {}) {
      const timeoutMs = closeOptions.timeoutMs ?? Number(process.env.CWB_SHUTDOWN_TIMEOUT_MS ?? 30_000);
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => false);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      });
      const handedBack = await Promise.race([graceful, timedOut]);
      clearTimeout(timer);
      if (handedBack) {
        // BullMQ has begun a graceful close, which waits for the jobs; we stop waiting. The
        // caller exits, the jobs' locks stop being renewed and lapse, and the stalled-job
        // check gives them to another worker. A load not committed is rolled back by DuckDB.
        logger.warn({ timeout_ms: timeoutMs }, 'jobs still running at the shutdown deadline: handing them back');
        return { handedBack };
      }
      // A warehouse the load worker holds open between jobs is checkpointed and closed (after a
      // hand-back a job may still be using it: DuckDB keeps its committed rows in the WAL).
      if (!handedBack) await releaseHeldWriters().catch((error) => logger.warn({ err: String(error) }, 'could not checkpoint the held warehouse at shutdown'));
      for (const close of closers) await close();
      return { handedBack };
    },
  };
}
