import type { DuckDBConnection } from '@duckdb/node-api';
import { RegisterInputError, type RegisterInputErrorDetails } from './register-input-error';

/**
 * Run a query returning offending rows; if any come back, throw a RegisterInputError built
 * from the first. DuckDB finds bad rows set-based; JavaScript only formats the message.
 */
export async function failOnRows(
  conn: DuckDBConnection,
  sql: string,
  describe: (row: Record<string, unknown>, count: number) => { problem: string } & RegisterInputErrorDetails,
): Promise<void> {
  const rows = (await conn.runAndReadAll(`SELECT *, count(*) OVER () AS _bad_count FROM (${sql}) LIMIT 1`)).getRowObjectsJS();
  const first = rows[0];
  if (!first) return;
  const { problem, ...details } = describe(first, Number(first._bad_count));
  throw new RegisterInputError(problem, details);
}
