/**
 * The DuckDB limits of every bulk writer (the loader's warehouse opens, the reference build,
 * the Companies House and PSC loads), from the environment. Without them DuckDB takes 80% of
 * RAM and every core. The measurements behind the default are in the warehouse README
 * ("Design measurements") and the reference and companies-house benches.
 *
 * CWB_DUCKDB_MEMORY_LIMIT  DuckDB memory_limit, e.g. 384MB, 1.5GB, 2GiB (default 384MB)
 * CWB_DUCKDB_THREADS       DuckDB threads, a positive integer (default 2)
 * CWB_LOADER_HOLD_MS       ms a load job keeps the warehouse open for the next (default 3000; see loaderHold)
 * CWB_DUCKDB_CHECKPOINT_THRESHOLD  WAL size at which a held load checkpoints (default 128MB)
 */
export const DEFAULT_LOADER_MEMORY_LIMIT = '384MB';
export const DEFAULT_LOADER_THREADS = 2;

export interface LoaderDuckdbSettings {
  memoryLimit: string;
  threads: number;
}

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Reads and validates the env settings; throws an Error naming the variable on a bad value. */
export function loaderDuckdbSettings(env: NodeJS.ProcessEnv = process.env): LoaderDuckdbSettings {
  const rawLimit = env.CWB_DUCKDB_MEMORY_LIMIT?.trim() || DEFAULT_LOADER_MEMORY_LIMIT;
  if (!MEMORY_LIMIT.test(rawLimit) || Number.parseFloat(rawLimit) <= 0) {
    throw new Error(
      `CWB_DUCKDB_MEMORY_LIMIT="${env.CWB_DUCKDB_MEMORY_LIMIT}" is not a DuckDB memory limit: use a positive size with a unit, e.g. 384MB, 1.5GB or 2GiB`,
    );
  }
  const rawThreads = env.CWB_DUCKDB_THREADS?.trim() || String(DEFAULT_LOADER_THREADS);
  if (!/^\d+$/.test(rawThreads) || Number(rawThreads) < 1 || Number(rawThreads) > 1024) {
    throw new Error(`CWB_DUCKDB_THREADS="${env.CWB_DUCKDB_THREADS}" is not a thread count: use a whole number from 1 to 1024`);
  }
  return { memoryLimit: rawLimit.replace(/\s+/g, ''), threads: Number(rawThreads) };
}

/** How long the load process keeps the warehouse open after a load job for the next one (ms). */
export const DEFAULT_LOADER_HOLD_MS = 3000;
/** The WAL size at which a load's commit checkpoints while the warehouse is held open. */
export const DEFAULT_LOADER_CHECKPOINT_THRESHOLD = '128MB';

export interface LoaderHold {
  /** How long a load job leaves the warehouse open for the next; 0 closes it after every job. */
  holdMs: number;
  /** DuckDB checkpoint_threshold while held: the WAL size at which a load's commit checkpoints. */
  checkpointThreshold: string;
}

/**
 * How the load-file jobs share an open warehouse (the warehouse's withHeldWriter): held for
 * CWB_LOADER_HOLD_MS after each job (default 3000; 0 closes it after every job), checkpointing
 * once the WAL passes CWB_DUCKDB_CHECKPOINT_THRESHOLD (default 128MB, about a dozen 40,000-row
 * files) rather than DuckDB's 16MB, so that held loads do not checkpoint every other file. Only
 * the loads: build-models keeps DuckDB's threshold, because uncheckpointed changes stay in the
 * loader's memory. While the warehouse is held, other processes cannot open the live file
 * (readers use the published snapshot, which is never held). Throws an Error naming the
 * variable on a bad value.
 */
export function loaderHold(env: NodeJS.ProcessEnv = process.env): LoaderHold {
  const rawHold = env.CWB_LOADER_HOLD_MS?.trim() || String(DEFAULT_LOADER_HOLD_MS);
  if (!/^\d+$/.test(rawHold)) throw new Error(`CWB_LOADER_HOLD_MS="${rawHold}" is not a number of milliseconds: use a whole number, 0 to close after every load`);
  const threshold = env.CWB_DUCKDB_CHECKPOINT_THRESHOLD?.trim() || DEFAULT_LOADER_CHECKPOINT_THRESHOLD;
  if (!MEMORY_LIMIT.test(threshold)) {
    throw new Error(`CWB_DUCKDB_CHECKPOINT_THRESHOLD="${threshold}" is not a DuckDB size: use a size with a unit, e.g. 128MB or 1GB`);
  }
  return { holdMs: Number(rawHold), checkpointThreshold: threshold.replace(/\s+/g, '') };
}
