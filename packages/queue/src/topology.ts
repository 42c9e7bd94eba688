import type {
  BuildModelsJob,
  EnrichJob,
  EnrichResult,
  ExtractJob,
  ExtractResult,
  LoadJob,
  LoadResult,
  RefreshJob,
} from '@cwb/contracts';

/**
 * The pipeline's queues. `load` has exactly one consumer (concurrency 1): it is the only
 * stage that opens the warehouse read-write, and it also runs `build-models` once a
 * refresh's files are loaded.
 */
export const stageNames = ['refresh', 'extract', 'enrich', 'load'] as const;
export type StageName = (typeof stageNames)[number];

/** Job names per queue, with their payload and return types. */
export interface StageJobs {
  refresh: { 'refresh-run': { data: RefreshJob; result: RefreshResult } };
  extract: { 'extract-file': { data: ExtractJob; result: ExtractResult } };
  enrich: { 'enrich-file': { data: EnrichJob; result: EnrichResult } };
  load: {
    'load-file': { data: LoadJob; result: LoadResult };
    'build-models': { data: BuildModelsJob; result: BuildModelsResult };
  };
}

export interface RefreshResult {
  run_id: string;
  /** Files in this run's flow (new or changed). */
  files: number;
  /** Files whose content was already loaded: not read again. */
  files_skipped: number;
  /** Files whose bytes were hashed (size or modified time differed from their cursor). */
  files_hashed: number;
  build_job_id: string;
}

export interface BuildModelsResult {
  run_id: string;
  files_loaded: number;
  files_failed: number;
  failures: { job: string; source_file: string | null; stage: string | null; reason: string; refused?: boolean }[];
  snapshot_path: string;
}

export type JobName<S extends StageName> = keyof StageJobs[S] & string;
export type JobData<S extends StageName> = { [N in JobName<S>]: StageJobs[S][N] extends { data: infer D } ? D : never }[JobName<S>];
export type JobResult<S extends StageName> = {
  [N in JobName<S>]: StageJobs[S][N] extends { result: infer R } ? R : never;
}[JobName<S>];

/**
 * Where a deployment's queues live. `prefix` namespaces every Redis key, so tests each use
 * their own prefix and never see another test's jobs.
 */
export interface Topology {
  redisUrl: string;
  prefix: string;
}

export function queueName(stage: StageName): string {
  return `cwb-${stage}`;
}

/**
 * BullMQ job ids must not contain ':' (it separates Redis key parts). Ids are built from
 * run ids, anchors and file ids, joined with '-', anything else replaced by '_'.
 */
export function jobId(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_.-]/g, '_')).join('-');
}
