import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '@cwb/config';
import { createLogger } from '@cwb/logger';
import { createQueue, stageNames, type Topology } from '@cwb/queue';
import { provideRedis } from '@cwb/redis-runtime';
import { demoConfigPath } from '@cwb/sample-data';
import { withDatabase } from '@cwb/warehouse';
import { startWorkers } from '@cwb/worker';
import { formatTable } from '../output/table';
import { enqueueRefresh, ensureReference, waitForRun } from '../refresh-runner';
import { localSpendReport } from './indicator-report';
import { printStageEvent } from './progress-printer';

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
 * The whole refresh on the bundled samples: finds or starts a Redis, builds the postcode
 * reference from the sample NSPL/ONSPD files, runs the workers in this process on a
 * private key prefix, enqueues the refresh, shows progress, prints the indicator table,
 * and stops whatever it started.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const loaded = await loadConfig(demoConfigPath, options.dataDir);
  err(`cwb demo: ${loaded.config.anchors.length} anchors from ${demoConfigPath}`);
  const redis = await provideRedis();
  err(`redis: ${redis.origin === 'REDIS_URL' ? 'using REDIS_URL' : `started ${redis.origin} at ${redis.url}`}`);
  const topology: Topology = { redisUrl: redis.url, prefix: `cwb-demo-${randomBytes(4).toString('hex')}` };
  const pool = startWorkers({ topology, logger: createLogger('cwb-demo', { level: process.env.LOG_LEVEL ?? 'warn' }) });
  try {
    err('building the postcode reference from the bundled NSPL/ONSPD, IoD 2019 and WIMD samples…');
    let lastStep = '';
    const referencePath = await ensureReference(loaded, {
      rebuild: options.rebuildReference,
      onProgress: (p) => {
        if (p.step !== lastStep) err(`  reference: ${p.step}${p.detail ? ` (${p.detail})` : ''}`);
        lastStep = p.step;
      },
    });
    err(`reference: ${referencePath ?? 'none'}`);
    const run = await enqueueRefresh(topology, loaded);
    err(`refresh ${run.run_id}: extract → enrich → load → build-models`);
    const result = await waitForRun(topology, run.run_id, { onEvent: printStageEvent });
    const report = await withDatabase(result.snapshot_path, { mode: 'read_only' }, localSpendReport);
    process.stdout.write('\nLocal spend by anchor and UK financial year (share of net spend by supplier location):\n');
    process.stdout.write(`${formatTable(report.columns, report.rows)}\n\n`);
    for (const failure of result.failures) process.stdout.write(`failed file: ${failure.job}: ${failure.reason}\n`);
    process.stdout.write(`warehouse: ${loaded.paths.warehousePath}\n`);
    process.stdout.write(`published snapshot (open this in a BI tool or duckdb): ${result.snapshot_path}\n`);
    process.stdout.write(`try: pnpm cwb query --db ${result.snapshot_path} "select * from metrics.local_spend_by_financial_year"\n`);
    return {
      runId: run.run_id,
      warehousePath: loaded.paths.warehousePath,
      snapshotPath: result.snapshot_path,
      filesLoaded: result.files_loaded,
      filesFailed: result.files_failed,
    };
  } finally {
    await pool.close();
    for (const stage of stageNames) {
      const queue = createQueue(topology, stage);
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
    await redis.stop();
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline on the bundled samples and print the local-spend indicator')
    .option('--data-dir <dir>', 'where the demo warehouse and reference go', '.cwb/demo')
    .option('--rebuild-reference', 'rebuild the postcode reference even if one exists')
    .action(async (options: DemoOptions) => {
      const result = await runDemo(options);
      if (result.filesFailed > 0) process.exitCode = 1;
    });
}
