import type { Command } from 'commander';
import { redisUrlFromEnv } from '@cwb/queue';
import { withDatabase } from '@cwb/warehouse';
import { formatTable } from '../output/table';
import { enqueueRefresh, waitForRun } from '../refresh-runner';
import { loadConfigFrom, withConfigOptions, type ConfigOptions } from './common-options';
import { localSpendReport } from './indicator-report';
import { withRefreshProgress } from './progress-printer';

interface RefreshOptions extends ConfigOptions {
  anchor?: string[];
  wait?: boolean;
  full?: boolean;
  prefix: string;
}

/** `cwb refresh`: enqueue a refresh of the configured anchors for the workers (REDIS_URL). */
export function register(program: Command): void {
  withConfigOptions(
    program
      .command('refresh')
      .description('enqueue a refresh of the configured anchors (workers must be running: cwb worker)')
      .option('--anchor <id...>', 'refresh only these anchors')
      .option('--full', 're-read every file, even those whose content is already loaded')
      .option('--wait', 'wait for the run to finish, showing progress, then print the local-spend table')
      .option('--prefix <prefix>', 'Redis key prefix of the deployment', 'cwb'),
  ).action(async (options: RefreshOptions) => {
    const loaded = await loadConfigFrom(options);
    const topology = { redisUrl: redisUrlFromEnv(), prefix: options.prefix };
    const run = await enqueueRefresh(topology, loaded, { anchorIds: options.anchor, full: options.full });
    process.stderr.write(`enqueued ${run.run_id} for ${run.anchors.length} anchor(s)\n`);
    if (!options.wait) {
      process.stdout.write(`${run.run_id}\n`);
      return;
    }
    const result = await withRefreshProgress((progress) =>
      waitForRun(topology, run.run_id, { onEvent: progress.onEvent, onPlan: progress.onPlan }),
    );
    const report = await withDatabase(result.snapshot_path, { mode: 'read_only' }, localSpendReport);
    process.stdout.write(`${formatTable(report.columns, report.rows)}\n`);
    process.stdout.write(`run ${run.run_id}: ${result.files_loaded} file(s) loaded, ${result.files_failed} failed\n`);
    for (const failure of result.failures) process.stdout.write(`  failed: ${failure.job}: ${failure.reason}\n`);
    if (result.files_failed > 0) process.exitCode = 1;
  });
}
