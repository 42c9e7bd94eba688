import { stagedWorkforceRecordSchema } from '@cwb/contracts';
import { duckdbColumns } from './contract-columns';

/** Column types of staged workforce NDJSON: the canonical workforce record, as DuckDB types. */
export const stagedWorkforceColumns = duckdbColumns(stagedWorkforceRecordSchema);

/**
 * The insert of one staged file of pseudonymised workforce records into raw.workforce_records,
 * set-based from `source` (DuckDB's JSON reader over the staged NDJSON). loadStagedFile runs
 * it inside its transaction, which deletes the file's earlier rows and checks the counts.
 * Parameters: $run_id, $source_file_id.
 */
export function workforceInsertSql(source: string): string {
  return `insert into raw.workforce_records by name
     select $run_id as run_id, $source_file_id as source_file_id, *
     from ${source}`;
}
