import type { Warehouse } from './warehouse-connection';

export interface RunRecord {
  run_id: string;
  started_at: Date | null;
  status: 'succeeded' | 'partial' | 'failed';
  files_loaded: number;
  files_failed: number;
  failures: { job: string; source_file: string | null; stage: string | null; reason: string }[];
}

export async function recordRun(warehouse: Warehouse, run: RunRecord): Promise<void> {
  await warehouse.run(
    `insert or replace into raw.runs values ($1, $2, current_timestamp, $3, $4, $5, $6::json)`,
    [
      run.run_id,
      run.started_at ? run.started_at.toISOString() : null,
      run.status,
      run.files_loaded,
      run.files_failed,
      JSON.stringify(run.failures),
    ],
  );
}
