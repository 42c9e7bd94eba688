import type { Job } from 'bullmq';
import { createQueue } from './factories';
import { withRedis } from './redis-client';
import { redisKeys } from './redis-keys';
import { recentRunIds, runEntry, type RunEntry } from './run-ledger';
import { runState, type RunState } from './run-state';
import { jobId, stageNames, type StageName, type Topology } from './topology';

export interface StageReport {
  stage: StageName | 'build-models';
  jobs: number;
  completed: number;
  failed: number;
  pending: number;
  /** Rows read (extract) or loaded (load); null for stages that do not count rows. */
  rows: number | null;
  /** Sum of the jobs' processing times, and first start to last finish. */
  busy_ms: number;
  started_at: number | null;
  finished_at: number | null;
  /** Extract: how many files each reader read (`duckdb`, `node`), and why each read row by row was. */
  readers?: { duckdb: number; node: number; row_by_row: { source_file: string | null; reason: string }[] };
}

export interface RunReport extends RunState {
  trigger: RunEntry | null;
  files_discovered: number | null;
  files_skipped: number | null;
  stages: StageReport[];
  failures: DeadLetter[];
}

export interface DeadLetter {
  queue: StageName;
  job_id: string;
  name: string;
  run_id: string | null;
  anchor_id: string | null;
  source_file: string | null;
  reason: string;
  attempts_made: number;
  /** Failed at once (bad input, UnrecoverableError or a failed child) rather than after every retry. */
  gave_up_early: boolean;
  failed_at: number | null;
}

function deadLetter(queue: StageName, job: Job): DeadLetter {
  const data = (job.data ?? {}) as Record<string, unknown>;
  const attempts = job.opts.attempts ?? 1;
  return {
    queue,
    job_id: job.id ?? '',
    name: job.name,
    run_id: typeof data.run_id === 'string' ? data.run_id : null,
    anchor_id: typeof data.anchor_id === 'string' ? data.anchor_id : null,
    source_file:
      typeof data.source_file_display === 'string' ? data.source_file_display : typeof data.source_file === 'string' ? data.source_file : null,
    reason: job.failedReason ?? '',
    attempts_made: job.attemptsMade,
    gave_up_early: job.attemptsMade < attempts,
    failed_at: job.finishedOn ?? null,
  };
}

function rowsOf(stage: StageName, value: unknown): number {
  const v = (value ?? {}) as Record<string, unknown>;
  if (stage === 'extract' && typeof v.rows_read === 'number') return v.rows_read;
  if (stage === 'load' && typeof v.rows_loaded === 'number') return v.rows_loaded;
  return 0;
}

/** Which reader read an extracted file (its result's `reader`, `reader_reason`): older results, without them, count as node. */
function countReader(report: StageReport, job: Job): void {
  const value = (job.returnvalue ?? {}) as Record<string, unknown>;
  const data = (job.data ?? {}) as Record<string, unknown>;
  report.readers ??= { duckdb: 0, node: 0, row_by_row: [] };
  if (value.reader === 'duckdb') {
    report.readers.duckdb += 1;
    return;
  }
  report.readers.node += 1;
  if (typeof value.reader_reason === 'string') {
    report.readers.row_by_row.push({ source_file: typeof data.source_file_display === 'string' ? data.source_file_display : null, reason: value.reader_reason });
  }
}

async function stageReport(stage: StageReport['stage'], jobs: (Job | undefined)[]): Promise<StageReport> {
  const report: StageReport = {
    stage,
    jobs: 0,
    completed: 0,
    failed: 0,
    pending: 0,
    rows: stage === 'extract' || stage === 'load' ? 0 : null,
    busy_ms: 0,
    started_at: null,
    finished_at: null,
  };
  for (const job of jobs) {
    if (!job) continue;
    report.jobs += 1;
    const state = await job.getState();
    if (state === 'completed') {
      report.completed += 1;
      if (report.rows !== null && stage !== 'build-models') report.rows += rowsOf(stage, job.returnvalue);
      if (stage === 'extract') countReader(report, job);
    } else if (state === 'failed') report.failed += 1;
    else report.pending += 1;
    if (job.processedOn) {
      report.started_at = Math.min(report.started_at ?? job.processedOn, job.processedOn);
      if (job.finishedOn) report.busy_ms += job.finishedOn - job.processedOn;
    }
    if (job.finishedOn) report.finished_at = Math.max(report.finished_at ?? job.finishedOn, job.finishedOn);
  }
  return report;
}

/**
 * A run with per-stage counts and timings and the failed jobs with their reasons: the
 * refresh's own job, then each changed file's extract, enrich and load jobs (their ids are
 * deterministic from the run's planned files), then build-models.
 */
export async function describeRun(topology: Topology, runId: string): Promise<RunReport | null> {
  const [state, entry, fileIds] = await Promise.all([
    runState(topology, runId),
    withRedis(topology, (r) => runEntry(r, topology, runId)),
    withRedis(topology, (r) => r.hkeys(redisKeys.plannedFiles(topology, runId))),
  ]);
  if (state.status === 'unknown' && !entry) return null;
  const queues = Object.fromEntries(stageNames.map((s) => [s, createQueue(topology, s)])) as Record<StageName, ReturnType<typeof createQueue>>;
  try {
    const stages: StageReport[] = [];
    const failures: DeadLetter[] = [];
    const byStage = async (stage: StageName, prefix: string) => {
      const jobs = await Promise.all(fileIds.map((id) => queues[stage].getJob(jobId(prefix, runId, id))));
      for (const job of jobs) if (job && (await job.isFailed())) failures.push(deadLetter(stage, job));
      return jobs;
    };
    const refresh = await queues.refresh.getJob(jobId('refresh', runId));
    if (refresh && (await refresh.isFailed())) failures.push(deadLetter('refresh', refresh));
    stages.push(await stageReport('refresh', [refresh]));
    stages.push(await stageReport('extract', await byStage('extract', 'extract')));
    stages.push(await stageReport('enrich', await byStage('enrich', 'enrich')));
    stages.push(await stageReport('load', await byStage('load', 'load')));
    const build = await queues.load.getJob(jobId('build', runId));
    if (build && (await build.isFailed())) failures.push(deadLetter('load', build));
    stages.push(await stageReport('build-models', [build]));
    const refreshResult = state.refresh;
    return {
      ...state,
      trigger: entry,
      files_discovered: refreshResult ? refreshResult.files + (refreshResult.files_skipped ?? 0) : null,
      files_skipped: refreshResult?.files_skipped ?? null,
      stages,
      failures,
    };
  } finally {
    await Promise.all(Object.values(queues).map((q) => q.close()));
  }
}

/** Recent runs, newest first, with their state (from the run ledger and BullMQ). */
export async function listRuns(topology: Topology, limit = 20): Promise<(RunState & { trigger: RunEntry | null })[]> {
  const ids = await withRedis(topology, (r) => recentRunIds(r, topology, limit));
  const entries = await withRedis(topology, (r) => Promise.all(ids.map((id) => runEntry(r, topology, id))));
  return Promise.all(ids.map(async (id, i) => ({ ...(await runState(topology, id)), trigger: entries[i] ?? null })));
}

/**
 * The dead-letter view: every job that failed for good, newest first, with why and how
 * many attempts it had. BullMQ keeps failed jobs (30 days by default), so this is what a
 * person reads the morning after.
 */
export async function deadLetters(topology: Topology, options: { limit?: number; stage?: StageName } = {}): Promise<DeadLetter[]> {
  const limit = options.limit ?? 50;
  const stages = options.stage ? [options.stage] : [...stageNames];
  const letters: DeadLetter[] = [];
  for (const stage of stages) {
    const queue = createQueue(topology, stage);
    try {
      for (const job of await queue.getFailed(0, limit - 1)) letters.push(deadLetter(stage, job));
    } finally {
      await queue.close();
    }
  }
  return letters.sort((a, b) => (b.failed_at ?? 0) - (a.failed_at ?? 0)).slice(0, limit);
}
