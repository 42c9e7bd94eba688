import type { Command } from 'commander';
import { printProgress } from './progress-printer';
import { runRefreshLocally } from '../local-run';
import { printRunReport } from '../run-outcome';
import { loadConfigFrom, withConfigOptions, type ConfigOptions } from './common-options';

interface RunOptions extends ConfigOptions {
  anchor?: string[];
  rebuildReference?: boolean;
  strict?: boolean;
}

/**
 * `cwb run [--config FILE]`: the main job for any config in one process. Redis from REDIS_URL or
 * started here, the stage workers in this process, the reference built from the config when it is
 * missing or its files changed, progress on stderr, then the local-spend table, the refusals with
 * their next step, and where the warehouse and the published snapshot are.
 */
export function register(program: Command): void {
  withConfigOptions(
    program
      .command('run')
      .description('refresh every configured anchor in this process (Redis and workers included) and print the indicators')
      .option('--anchor <id...>', 'refresh only these anchors')
      .option('--rebuild-reference', "rebuild the postcode reference from the config's reference: files even if they did not change")
      .option('--strict', 'exit 1 when no supplier could be located (every share "unknown location")'),
  ).action(async (options: RunOptions) => {
    const loaded = await loadConfigFrom(options);
    printProgress(`cwb run: ${loaded.config.anchors.length} anchor(s) from ${loaded.configPath}`);
    const result = await runRefreshLocally(loaded, {
      ...(options.anchor ? { anchorIds: options.anchor } : {}),
      ...(options.rebuildReference ? { rebuildReference: true } : {}),
      // Every file is read on each run: a local run keeps no file cursors between runs.
      full: true,
      command: 'cwb run',
    });
    const partnership = loaded.config.partnerships[0]?.id ?? loaded.config.anchors[0]?.id ?? '';
    process.exitCode = await printRunReport(loaded, result, {
      ...(options.strict ? { strict: true } : {}),
      tryNext: [
        `try: cwb indicators --db ${result.snapshot_path}${loaded.config.partnerships[0] ? ` --partnership ${partnership}` : ''}`,
        `     cwb query --db ${result.snapshot_path} "select * from metrics.top_suppliers where rank <= 10"`,
      ],
    });
  });
}
