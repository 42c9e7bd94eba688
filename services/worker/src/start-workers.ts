import type { Worker } from 'bullmq';
import type { Logger } from '@cwb/logger';
import { createWorker, stageNames, type StageJob, type StageName, type Topology } from '@cwb/queue';
import { buildModelsProcessor } from './processors/build-models';
import { enrichFileProcessor } from './processors/enrich-file';
import { extractFileProcessor } from './processors/extract-file';
import { loadFileProcessor } from './processors/load-file';
import { refreshRunProcessor } from './processors/refresh-run';

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
  /** Finishes (or hands back) current jobs and disconnects. */
  close(): Promise<void>;
}

export function startWorkers(options: WorkerPoolOptions): WorkerPool {
  const { topology, logger } = options;
  const stages = options.stages ?? stageNames;
  const timing = { lockDuration: options.lockDuration, stalledInterval: options.stalledInterval };
  const workers: Worker[] = [];
  for (const stage of stages) {
    let worker: Worker;
    switch (stage) {
      case 'refresh':
        worker = createWorker(topology, 'refresh', refreshRunProcessor(topology, logger), { ...timing, concurrency: 1 });
        break;
      case 'extract':
        worker = createWorker(topology, 'extract', extractFileProcessor(logger), { ...timing, concurrency: options.concurrency ?? 2 });
        break;
      case 'enrich':
        worker = createWorker(topology, 'enrich', enrichFileProcessor(logger), { ...timing, concurrency: options.concurrency ?? 2 });
        break;
      case 'load': {
        const loadFile = loadFileProcessor(logger);
        const build = buildModelsProcessor(topology, logger);
        worker = createWorker(
          topology,
          'load',
          async (job: StageJob<'load'>) => (job.name === 'build-models' ? build(job) : loadFile(job)),
          { ...timing, concurrency: 1 },
        );
        break;
      }
    }
    worker.on('failed', (job, error) => {
      logger.warn({ queue: stage, job_id: job?.id, attempts: job?.attemptsMade, err: error.message }, 'job failed');
    });
    worker.on('error', (error) => logger.error({ queue: stage, err: error.message }, 'worker error'));
    workers.push(worker);
  }
  logger.info({ stages, prefix: topology.prefix }, 'workers started');
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
