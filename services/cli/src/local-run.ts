import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { LoadedConfig } from '@cwb/config';
import { enrichResultSchema, type EnrichResult, type FileSource } from '@cwb/contracts';
import { createLogger } from '@cwb/logger';
import { createQueue, releaseActiveRun, stageNames, withRedis, type BuildModelsResult, type Topology } from '@cwb/queue';
import { provideRedis } from '@cwb/redis-runtime';
import type { ReferenceState } from '@cwb/scheduler';
import { startWorkers } from '@cwb/worker';
import { printProgress, referenceBuildProgress, withRefreshProgress } from './commands/progress-printer';
import { withDataDirLock } from './data-dir-lock';
import { enqueueRefresh, waitForRun } from './refresh-runner';

export interface LocalRunOptions {
  anchorIds?: string[];
  sources?: FileSource[];
  rebuildReference?: boolean;
  /**
   * The Redis key prefix (default: a fresh private one per run). Give the same prefix to
   * two runs and the second sees the first's supplier-match cache and file cursors.
   */
  prefix?: string;
  /** Forget the file cursors: every file is read again (as `cwb refresh --full`). */
  full?: boolean;
  /** What holds the data directory meanwhile, as another run refused is told (default `cwb run`). */
  command?: string;
}

export interface LocalRunResult extends BuildModelsResult {
  referencePath: string | null;
  /** How the reference came to be: built now from the config, reused, loaded by hand, or none. */
  referenceState: ReferenceState;
  /** What each file's enrich job returned (supplier matching and location counts). */
  enrich: EnrichResult[];
}

/**
 * Runs one refresh start to finish in this process, through real BullMQ queues: finds or
 * starts a Redis (REDIS_URL, a local redis-server, or testcontainers), runs every stage's
 * worker here on a private key prefix, builds the postcode reference from the config's
 * `reference` files if none is loaded, enqueues, shows progress on stderr, and stops
 * whatever it started. Used by `cwb run`, `cwb demo`, `cwb ingest` and `cwb warehouse rebuild`.
 * It holds the data directory's lock (data-dir-lock.ts) throughout: a second local run on
 * the same data directory is refused with DataDirBusyError instead of colliding with it.
 */
export async function runRefreshLocally(loaded: LoadedConfig, options: LocalRunOptions = {}): Promise<LocalRunResult> {
  // one local run at a time per data directory (its warehouse has one writer), refused before anything starts
  return withDataDirLock(loaded.paths.dataDir, options.command ?? 'cwb run', () => runHoldingDataDir(loaded, options));
}

async function runHoldingDataDir(loaded: LoadedConfig, options: LocalRunOptions): Promise<LocalRunResult> {
  const err = printProgress;
  const redis = await provideRedis();
  err(`redis: ${redis.origin === 'REDIS_URL' ? 'using REDIS_URL' : `started ${redis.origin} at ${redis.url}`}`);
  const topology: Topology = { redisUrl: redis.url, prefix: options.prefix ?? `cwb-local-${randomBytes(4).toString('hex')}` };
  // Errors only unless LOG_LEVEL says otherwise: what a user can act on is in the run's summary.
  const pool = startWorkers({ topology, logger: createLogger('cwb', { level: process.env.LOG_LEVEL ?? 'error' }) });
  try {
    const referenceProgress = referenceBuildProgress(loaded.config.reference.postcodes.map((file) => resolve(loaded.configDir, file)));
    const run = await enqueueRefresh(topology, loaded, {
      anchorIds: options.anchorIds,
      sources: options.sources,
      full: options.full,
      rebuildReference: options.rebuildReference,
      onReferenceProgress: referenceProgress.onProgress,
    }).finally(() => referenceProgress.stop());
    const referencePath = run.reference.path;
    err(`reference: ${referencePath ? `${referencePath} (${run.reference.state})` : 'none loaded (suppliers will be in the unknown-location band)'}`);
    err(`refresh ${run.run_id}: extract → enrich → load → build-models`);
    const result = await withRefreshProgress((progress) =>
      waitForRun(topology, run.run_id, { onEvent: progress.onEvent, onPlan: progress.onPlan }),
    );
    // The run is over and its queues are about to go: give back its claim, so a later local
    // run on the same prefix is not taken for an enqueue in progress.
    await withRedis(topology, (client) => releaseActiveRun(client, topology, run.run_id));
    const enrichQueue = createQueue(topology, 'enrich');
    try {
      const jobs = await enrichQueue.getJobs(['completed']);
      const enrich = jobs.filter((j) => j.id?.includes(run.run_id)).map((j) => enrichResultSchema.parse(j.returnvalue));
      return { ...result, referencePath, referenceState: run.reference.state, enrich };
    } finally {
      await enrichQueue.close();
    }
  } finally {
    await pool.close();
    for (const stage of stageNames) {
      const queue = createQueue(topology, stage);
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
    await redis.stop();
  }
}
