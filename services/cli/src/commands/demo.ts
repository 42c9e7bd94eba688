import type { Command } from 'commander';
import { loadConfig } from '@cwb/config';
import { demoConfigPath } from '@cwb/sample-data';
import { withDatabase } from '@cwb/warehouse';
import { runRefreshLocally } from '../local-run';
import { formatTable } from '../output/table';
import { localSpendReport } from './indicator-report';

export interface DemoOptions {
  dataDir: string;
  rebuildReference?: boolean;
}

export interface DemoResult {
  runId: string;
  warehousePath: string;
  snapshotPath: string;
  filesLoaded: number;
  filesFailed: number;
}

/**
 * The whole refresh on the bundled samples (four anchors, one of them the generated
 * Sunderland ledger), then the local-spend indicator table and where the warehouse is.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const loaded = await loadConfig(demoConfigPath, options.dataDir);
  process.stderr.write(`cwb demo: ${loaded.config.anchors.length} anchors from ${demoConfigPath}\n`);
  const result = await runRefreshLocally(loaded, { rebuildReference: options.rebuildReference });
  const report = await withDatabase(result.snapshot_path, { mode: 'read_only' }, localSpendReport);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out('\nLocal spend by anchor and UK financial year (share of net spend, by where the supplier is located):');
  out(formatTable(report.columns, report.rows));
  out();
  for (const failure of result.failures) out(`failed file: ${failure.job}: ${failure.reason}`);
  out(`warehouse: ${loaded.paths.warehousePath}`);
  out(`published snapshot (open it in a BI tool or the duckdb CLI): ${result.snapshot_path}`);
  out(`try: pnpm cwb indicators --db ${result.snapshot_path} --partnership demo-partnership`);
  out(`     pnpm cwb query --db ${result.snapshot_path} "select * from metrics.top_suppliers where entity_id = 'demo-partnership' and period_type = 'financial_year' and rank <= 10"`);
  return {
    runId: result.run_id,
    warehousePath: loaded.paths.warehousePath,
    snapshotPath: result.snapshot_path,
    filesLoaded: result.files_loaded,
    filesFailed: result.files_failed,
  };
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline on the bundled samples and print the local-spend indicator')
    .option('--data-dir <dir>', 'where the demo warehouse, snapshot and reference go', '.cwb/demo')
    .option('--rebuild-reference', 'rebuild the postcode reference even if one exists')
    .action(async (options: DemoOptions) => {
      const result = await runDemo(options);
      if (result.filesFailed > 0) process.exitCode = 1;
    });
}
