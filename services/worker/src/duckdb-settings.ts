import { loaderDuckdbSettings, type LoaderDuckdbSettings } from '@cwb/config';
import { setProcessDuckdbLimits, type OpenOptions } from '@cwb/warehouse';

/**
 * DuckDB settings of the loader's read-write opens (load-file and build-models, the single
 * writer), and through applyLoaderDuckdbLimits of every other DuckDB open in the load process
 * (the snapshot and the Parquet export). The limits themselves (CWB_DUCKDB_MEMORY_LIMIT,
 * CWB_DUCKDB_THREADS) are read by @cwb/config's loaderDuckdbSettings, shared with the
 * reference and register loads. A spill directory beside the warehouse lets a query that
 * would pass the limit write to disk instead of failing.
 *
 * The load process's peak RSS is about the limit plus 200-400 MB (Node, BullMQ, and DuckDB
 * memory outside its buffer pool); the measurements behind the default are in the warehouse
 * README ("Design measurements"). Raise it for a faster build on a machine with memory to spare.
 */
export { loaderDuckdbSettings };

/** How long the load process keeps the warehouse open after a load job for the next one (ms). */
export const DEFAULT_LOADER_HOLD_MS = 3000;
/** The WAL size at which a load's commit checkpoints while the warehouse is held open. */
export const DEFAULT_LOADER_CHECKPOINT_THRESHOLD = '128MB';

/** Open options for the loader's read-write warehouse: limits from the env, spill to `<warehouse>.tmp`. */
export function loaderDuckdbOptions(warehousePath: string, env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return { mode: 'read_write', ...loaderDuckdbSettings(env), tempDirectory: `${warehousePath}.tmp` };
}

export interface LoaderHold {
  /** How long a load job leaves the warehouse open for the next; 0 closes it after every job. */
  holdMs: number;
  /** DuckDB checkpoint_threshold while held: the WAL size at which a load's commit checkpoints. */
  checkpointThreshold: string;
}

/**
 * How the load-file jobs share an open warehouse (withHeldWriter): held for CWB_LOADER_HOLD_MS
 * after each job (default 3000; 0 closes it after every job, as before), checkpointing once the
 * WAL passes CWB_DUCKDB_CHECKPOINT_THRESHOLD (default 128MB, about a dozen 40,000-row files)
 * rather than DuckDB's 16MB, so that held loads do not checkpoint every other file. Only the
 * loads: build-models keeps DuckDB's threshold, because uncheckpointed changes stay in the
 * loader's 384MB of memory. While the warehouse is held, other processes cannot open the live
 * file (readers use the published snapshot, which is never held).
 */
export function loaderHold(env: NodeJS.ProcessEnv = process.env): LoaderHold {
  const rawHold = env.CWB_LOADER_HOLD_MS?.trim() || String(DEFAULT_LOADER_HOLD_MS);
  if (!/^\d+$/.test(rawHold)) throw new Error(`CWB_LOADER_HOLD_MS="${rawHold}" is not a number of milliseconds: use a whole number, 0 to close after every load`);
  const threshold = env.CWB_DUCKDB_CHECKPOINT_THRESHOLD?.trim() || DEFAULT_LOADER_CHECKPOINT_THRESHOLD;
  if (!/^\d+(\.\d+)?(B|KB|MB|GB|KiB|MiB|GiB)$/i.test(threshold)) {
    throw new Error(`CWB_DUCKDB_CHECKPOINT_THRESHOLD="${threshold}" is not a DuckDB size: use a size with a unit, e.g. 128MB or 1GB`);
  }
  return { holdMs: Number(rawHold), checkpointThreshold: threshold };
}
/**
 * Makes the loader's limits the default of every DuckDB open in this process that sets none of
 * its own: publishing the snapshot and writing the Parquet export (part of the build-models
 * job) open DuckDB without options, and the export's partitioned COPY of the payments fact
 * then held the whole table in memory (load process peak RSS ~1.9 GB at bench medium, with
 * the loader's own opens limited to 384MB). Throws like loaderDuckdbSettings on a bad value,
 * before changing anything.
 */
export function applyLoaderDuckdbLimits(env: NodeJS.ProcessEnv = process.env): LoaderDuckdbSettings {
  const settings = loaderDuckdbSettings(env);
  setProcessDuckdbLimits(settings);
  return settings;
}
