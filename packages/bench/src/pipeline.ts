import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadConfig } from '@cwb/config';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { createQueue, describeRun, stageNames, type BuildModelsResult, type StageName, type StageReport, type Topology } from '@cwb/queue';
import { Redis } from 'ioredis';
import { withDatabase } from '@cwb/warehouse';
import type { SpendRow } from './baseline';
import { spawnWatched, startSampler, stop, type Watched } from './processes';

const WORKER_BIN = fileURLToPath(new URL('../../../services/worker/bin/cwb-worker.js', import.meta.url));

export interface PipelineRunOptions {
  configPath: string;
  dataDir: string;
  /** Shared, already built postcode reference (built once, as `cwb reference load` does). */
  referenceDir: string;
  redisUrl: string;
  prefix: string;
  /** Separate extract worker processes (each concurrency 1): the parse stage is CPU-bound and single-threaded per process. */
  extractProcesses: number;
  anchorIds?: string[];
  /** Write V8 CPU profiles of every worker process here (node --cpu-prof). */
  cpuProfDir?: string;
  log?: (line: string) => void;
}

export interface ProcessFigures {
  role: string;
  pid: number;
  peakRssMb: number;
  cpuSeconds: number;
}

export interface FileCounts {
  anchor_id: string;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  rows_skipped: number;
}

export interface PipelineRunResult {
  runId: string;
  /** Enqueue → models built and snapshot published. Excludes worker start-up. */
  seconds: number;
  startupSeconds: number;
  processes: ProcessFigures[];
  result: BuildModelsResult;
  files: FileCounts[];
  spend: (SpendRow & { share_of_spend: number | null })[];
  /** When each stage's last job finished, seconds after enqueue (stage overlap: files flow through independently). */
  stageSpans: Partial<Record<StageName | 'build-models', { first: number; last: number; jobs: number }>>;
  /** Where the time went, per stage: the jobs' summed processing seconds (from run history), and which reader read each file. */
  stageBusy: { stage: StageReport['stage']; jobs: number; busySeconds: number }[];
  readers: StageReport['readers'] | null;
}

async function waitForLine(w: Watched, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(w.stderr.join(''))) {
    if (w.child.exitCode !== null) throw new Error(`${w.role} worker exited (${w.child.exitCode}): ${w.stderr.join('').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`${w.role} worker did not start within ${timeoutMs} ms: ${w.stderr.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * One refresh through the real pipeline: separate `cwb-worker` processes per queue (refresh, N ×
 * extract, enrich, load) against one Redis, the refresh enqueued the way `cwb refresh` does it,
 * timed until build-models has published the snapshot. Peak RSS and CPU of each process are read
 * from /proc while it runs.
 */
export async function runPipeline(options: PipelineRunOptions): Promise<PipelineRunResult> {
  const log = options.log ?? (() => {});
  const loaded = await loadConfig(options.configPath, options.dataDir);
  loaded.paths.referenceDir = options.referenceDir;
  const topology: Topology = { redisUrl: options.redisUrl, prefix: options.prefix };
  const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: options.redisUrl, LOG_LEVEL: 'info' };
  delete env.VITEST;
  // One directory per role and Node's own file names (CPU.<date>.<time>.<pid>.<thread>.<seq>):
  // tsx's module hooks run on a second thread that writes a profile too, and with a fixed
  // --cpu-prof-name it overwrote the main thread's (every process then read as ~97% idle).
  const nodeArgs = (role: string) => (options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', join(options.cpuProfDir, role)] : []);
  const roles: [string, StageName][] = [
    ['refresh', 'refresh'],
    ...Array.from({ length: options.extractProcesses }, (_, i) => [`extract-${i + 1}`, 'extract'] as [string, StageName]),
    ['enrich', 'enrich'],
    ['load', 'load'],
  ];
  const t0 = performance.now();
  const workers = roles.map(([role, queue]) =>
    spawnWatched(role, process.execPath, [...nodeArgs(role), WORKER_BIN, '--queue', queue, '--prefix', options.prefix, '--concurrency', '1'], env),
  );
  const stopSampler = startSampler(workers, 200);
  const spans: PipelineRunResult['stageSpans'] = {};
  try {
    await Promise.all(workers.map((w) => waitForLine(w, /workers started/, 60_000)));
    const startupSeconds = (performance.now() - t0) / 1000;
    const started = performance.now();
    const run = await enqueueRefresh(topology, loaded, options.anchorIds ? { anchorIds: options.anchorIds } : {});
    log(`  refresh ${run.run_id} enqueued (${workers.length} worker processes up in ${startupSeconds.toFixed(1)} s)`);
    const result = await waitForRun(topology, run.run_id, {
      timeoutMs: 4 * 60 * 60_000,
      onEvent: (e) => {
        const at = (performance.now() - started) / 1000;
        const stage = e.jobId.startsWith('build') ? 'build-models' : e.stage;
        const span = (spans[stage] ??= { first: at, last: at, jobs: 0 });
        span.last = at;
        span.jobs += 1;
        if (e.outcome === 'failed') log(`  ${e.stage} ${e.jobId} FAILED: ${e.detail}`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    stopSampler();
    const processes = workers.map((w) => ({ role: w.role, pid: w.child.pid ?? 0, ...w.last }));
    await Promise.all(workers.map((w) => stop(w)));
    const { files, spend } = await withDatabase(result.snapshot_path, { mode: 'read_only', threads: 2 }, async (w) => ({
      files: (
        await w.all<{ anchor_id: string; rows_read: number; rows_loaded: number; rows_quarantined: number; rows_skipped: number }>(
          'select anchor_id, rows_read, rows_loaded, rows_quarantined, rows_skipped from raw.source_files order by anchor_id',
        )
      ).map((r) => ({ ...r, rows_read: Number(r.rows_read), rows_loaded: Number(r.rows_loaded), rows_quarantined: Number(r.rows_quarantined), rows_skipped: Number(r.rows_skipped) })),
      spend: (
        await w.all<{ anchor_id: string; financial_year: string; location_band: string; pence: bigint; payments: bigint; share_of_spend: number | null }>(
          `select anchor_id, financial_year, location_band, cast(spend_gbp * 100 as bigint) as pence, payments, cast(share_of_spend as double) as share_of_spend
             from metrics.local_spend_by_financial_year order by all`,
        )
      ).map((r) => ({ ...r, pence: Number(r.pence), payments: Number(r.payments), share_of_spend: r.share_of_spend === null ? null : Number(r.share_of_spend) })),
    }));
    const history = await describeRun(topology, run.run_id);
    const stageBusy = (history?.stages ?? []).map((stage) => ({ stage: stage.stage, jobs: stage.jobs, busySeconds: stage.busy_ms / 1000 }));
    const readers = history?.stages.find((stage) => stage.stage === 'extract')?.readers ?? null;
    return { runId: run.run_id, seconds, startupSeconds, processes, result, files, spend, stageSpans: spans, stageBusy, readers };
  } finally {
    stopSampler();
    await Promise.all(workers.map((w) => stop(w, 5_000)));
  }
}

/**
 * Removes everything a bench run left under its Redis prefixes (BullMQ queues, run ledger, file
 * cursors). Not done after each run: the incremental refresh needs the previous run's jobs (the
 * one-run-at-a-time check reads them) and its file cursors.
 */
export async function clearPrefixes(redisUrl: string, prefixes: readonly string[]): Promise<void> {
  for (const prefix of prefixes) {
    for (const stage of stageNames) {
      const queue = createQueue({ redisUrl, prefix }, stage);
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
