/** Column types of staged workforce NDJSON (the canonical workforce record, as DuckDB types). */
export const stagedWorkforceColumns = {
  load_id: 'VARCHAR',
  anchor_id: 'VARCHAR',
  source_file: 'VARCHAR',
  source_line: 'INTEGER',
  snapshot_date: 'DATE',
  employee_key: 'VARCHAR',
  home_location_status: 'VARCHAR',
  home_lsoa_code: 'VARCHAR',
  home_lad_code: 'VARCHAR',
  home_region_code: 'VARCHAR',
  home_country_code: 'VARCHAR',
  home_imd_decile: 'INTEGER',
  home_imd_nation: 'VARCHAR',
  fte: 'DOUBLE',
  contracted_hours: 'DOUBLE',
  pay_basis: 'VARCHAR',
  pay_pence: 'BIGINT',
  hourly_pay_pence: 'DOUBLE',
  grade: 'VARCHAR',
  contract_type: 'VARCHAR',
  start_date: 'DATE',
  leave_date: 'DATE',
  gender: 'VARCHAR',
} as const;

/**
 * The insert of one staged file of pseudonymised workforce records into raw.workforce_records,
 * set-based from `source` (DuckDB's JSON reader over the staged NDJSON). loadStagedFile runs
 * it inside its transaction, which deletes the file's earlier rows and checks the counts.
 * Parameters: $run_id, $source_file_id.
 */
export function workforceInsertSql(source: string): string {
  return `insert into raw.workforce_records
     select $run_id, load_id, anchor_id, $source_file_id, source_file, source_line, snapshot_date, employee_key,
            home_location_status, home_lsoa_code, home_lad_code, home_region_code, home_country_code,
            home_imd_decile, home_imd_nation, fte, contracted_hours, pay_basis, pay_pence, hourly_pay_pence,
            grade, contract_type, start_date, leave_date, gender
     from ${source}`;
}
