import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Run `work` in one DuckDB transaction: committed when it returns, rolled back when it throws
 * (a failed check included), so a bulk load replaces the old rows or leaves them whole.
 */
export async function inTransaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => {});
    throw error;
  }
  await conn.run('COMMIT');
  return result;
}
