import { loaderDuckdbSettings, loaderHold, type LoaderDuckdbSettings } from '@cwb/config';
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
export { loaderDuckdbSettings, loaderHold };

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
