import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { Command } from 'commander';
import { printProgress } from './progress-printer';
import { withDataDirLock } from '../data-dir-lock';
import { runRefreshLocally } from '../local-run';
import { printRunReport } from '../run-outcome';
import { loadConfigFrom, withConfigOptions, type ConfigOptions } from './common-options';

/**
 * `cwb warehouse rebuild [--config FILE]`: the way back from a corrupt (or lost) warehouse.
 * Every row in the warehouse came from the configured source files and the reference, so the
 * damaged file (and its write-ahead log) is moved aside, never deleted, and every configured
 * source is read again into a new warehouse, as `cwb run` does; the published snapshot is
 * replaced only when that build completes.
 */
export function register(program: Command): void {
  const warehouse = program.command('warehouse').description('the warehouse file itself: rebuild it from the source files');
  withConfigOptions(
    warehouse
      .command('rebuild')
      .description('move the warehouse file aside (kept, not deleted) and rebuild it from every configured source file and the reference'),
  ).action(async (options: ConfigOptions) => {
    const loaded = await loadConfigFrom(options);
    const command = 'cwb warehouse rebuild';
    // the file is moved aside under the data directory's lock: never under a run that is loading it
    const result = await withDataDirLock(loaded.paths.dataDir, command, async () => {
      const path = loaded.paths.warehousePath;
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      for (const file of [path, `${path}.wal`]) {
        if (!existsSync(file)) continue;
        const aside = file.replace(/warehouse\.duckdb/, `warehouse.set-aside-${stamp}.duckdb`);
        await rename(file, aside);
        printProgress(`warehouse: ${file} moved aside to ${aside}`);
      }
      printProgress(`cwb warehouse rebuild: ${loaded.config.anchors.length} anchor(s) from ${loaded.configPath}, every source file read again`);
      return runRefreshLocally(loaded, { full: true, command });
    });
    process.exitCode = await printRunReport(loaded, result, { tryNext: [`try: cwb indicators --db ${result.snapshot_path}`] });
  });
}
