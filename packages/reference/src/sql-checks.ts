import type { DuckDBConnection } from '@duckdb/node-api';
import { ReferenceInputError, type ReferenceInputErrorDetails } from './reference-input-error';

/**
 * Run a query that returns offending rows (at most a few); if any come back, throw a
 * ReferenceInputError built from the first one. Keeps every loader's validation set-based:
 * DuckDB finds the bad rows, JavaScript only formats the message.
 */
export async function failOnRows(
  conn: DuckDBConnection,
  sql: string,
  describe: (row: Record<string, unknown>, count: number) => { problem: string } & ReferenceInputErrorDetails,
): Promise<void> {
  const rows = (await conn.runAndReadAll(`SELECT *, count(*) OVER () AS _bad_count FROM (${sql}) LIMIT 1`)).getRowObjectsJS();
  const first = rows[0];
  if (!first) return;
  const { problem, ...details } = describe(first, Number(first._bad_count));
  throw new ReferenceInputError(problem, details);
}
