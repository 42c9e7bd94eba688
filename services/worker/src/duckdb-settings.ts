import { setProcessDuckdbLimits, type OpenOptions } from '@cwb/warehouse';

/**
 * DuckDB settings of the loader's read-write opens (load-file and build-models, the single
 * writer), and through applyLoaderDuckdbLimits of every other DuckDB open in the load process
 * (the snapshot and the Parquet export). Without them DuckDB takes 80% of RAM and every core.
 * A spill directory beside the warehouse lets a query that would pass the limit write to disk
 * instead of failing.
 *
 * The load process's peak RSS is about the limit plus 200-400 MB (Node, BullMQ, and DuckDB
 * memory outside its buffer pool); the measurements behind the default are in the warehouse
 * README ("Design measurements"). Raise it for a faster build on a machine with memory to spare.
 *
 * CWB_DUCKDB_MEMORY_LIMIT  DuckDB memory_limit, e.g. 384MB, 1.5GB, 2GiB (default 384MB)
 * CWB_DUCKDB_THREADS       DuckDB threads, a positive integer (default 2)
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

/** Open options for the loader's read-write warehouse: limits from the env, spill to `<warehouse>.tmp`. */
export function loaderDuckdbOptions(warehousePath: string, env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return { mode: 'read_write', ...loaderDuckdbSettings(env), tempDirectory: `${warehousePath}.tmp` };
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
