/**
 * The DuckDB limits of every bulk writer (the loader's warehouse opens, the reference build,
 * the Companies House and PSC loads), from the environment. Without them DuckDB takes 80% of
 * RAM and every core. The measurements behind the default are in the warehouse README
 * ("Design measurements") and the reference and companies-house benches.
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
