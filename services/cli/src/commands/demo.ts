import type { Command } from 'commander';
import { printProgress } from './progress-printer';
import { loadConfig } from '@cwb/config';
import { demoConfigPath } from '@cwb/sample-data';
import { runRefreshLocally } from '../local-run';
import { printRunReport } from '../run-outcome';

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
  exitCode: number;
}

/**
 * The whole refresh on the bundled samples (six anchors: four ledgers, one of them the
 * generated Sunderland ledger, with the Co-operatives UK register, an NHS trust's ERIC returns,
 * and Trafford's land register and grants), then the local-spend indicator table and where the
 * warehouse is.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const loaded = await loadConfig(demoConfigPath, options.dataDir);
  printProgress(`cwb demo: ${loaded.config.anchors.length} anchors from ${demoConfigPath}`);
  const result = await runRefreshLocally(loaded, { rebuildReference: options.rebuildReference, command: 'cwb demo' });
  const exitCode = await printRunReport(loaded, result, {
    tryNext: [
      `try: pnpm cwb indicators --db ${result.snapshot_path} --partnership demo-partnership`,
      `     pnpm cwb query --db ${result.snapshot_path} "select * from metrics.top_suppliers where entity_id = 'demo-partnership' and period_type = 'financial_year' and rank <= 10"`,
    ],
  });
  return {
    runId: result.run_id,
    warehousePath: loaded.paths.warehousePath,
    snapshotPath: result.snapshot_path,
    filesLoaded: result.files_loaded,
    filesFailed: result.files_failed,
    exitCode,
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
      process.exitCode = result.exitCode;
    });
}
