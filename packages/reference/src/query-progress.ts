import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Polls DuckDB's progress of the query running on `conn` while `work` runs, reporting each
 * whole-percent change (for progress bars on long bulk loads). It turns on DuckDB's progress
 * tracking for the connection (without DuckDB's own printing).
 */
export async function withQueryProgress<T>(conn: DuckDBConnection, report: (percent: number) => void, work: () => Promise<T>): Promise<T> {
  // DuckDB tracks a query's progress only with its progress bar on; its own printing stays off.
  await conn.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
  let last = -1;
  const timer = setInterval(() => {
    const p = conn.progress.percentage;
    if (p >= 0 && Math.floor(p) !== last) {
      last = Math.floor(p);
      report(last);
    }
  }, 250);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
