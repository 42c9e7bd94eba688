import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { withDatabase } from '@cwb/warehouse';
import { formatTable } from '../output/table';
import { loadConfigFrom, withConfigOptions, type ConfigOptions } from './common-options';

interface QueryOptions extends ConfigOptions {
  json?: boolean;
  live?: boolean;
  db?: string;
}

/** `cwb query "<sql>"`: read-only SQL over the published snapshot (or the live warehouse with --live). */
export function register(program: Command): void {
  withConfigOptions(
    program
      .command('query')
      .description('run read-only SQL over the published warehouse snapshot and print a table')
      .argument('<sql>', 'the SQL to run, e.g. "select * from metrics.local_spend_by_financial_year"')
      .option('--json', 'print JSON (one object with columns and rows)')
      .option('--live', 'read the live warehouse file instead of the published snapshot (fails while the loader writes)')
      .option('--db <file>', 'read this DuckDB file instead'),
  ).action(async (sql: string, options: QueryOptions) => {
    let path: string;
    if (options.db) {
      path = options.db;
    } else {
      const { paths } = await loadConfigFrom(options);
      path = options.live ? paths.warehousePath : paths.snapshotPath;
    }
    if (!existsSync(path)) {
      throw new Error(`${path} does not exist yet: run "cwb refresh --wait" (or "cwb demo") first`);
    }
    const result = await withDatabase(path, { mode: 'read_only' }, (w) => w.json(sql));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      process.stdout.write(`${formatTable(result.columns, result.rows)}\n(${result.rows.length} rows)\n`);
    }
  });
}
