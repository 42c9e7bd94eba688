import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportWarehouse, type ExportFormat } from '@cwb/warehouse';
import { formatTable } from '../output/table';
import { withConfigOptions, type ConfigOptions } from './common-options';
import { snapshotPathFor } from './indicators';

interface ExportOptions extends ConfigOptions {
  format: string;
  out: string;
  table?: string[];
  db?: string;
}

/** `cwb export`: the marts and metrics of the published snapshot as Parquet (Hive-partitioned) or CSV. */
export function register(program: Command): void {
  withConfigOptions(
    program
      .command('export')
      .description('export the marts and metrics of the published snapshot as Parquet (Hive-partitioned) or CSV (spreadsheet-safe)')
      .option('--format <format>', 'parquet or csv', 'parquet')
      .option('--out <dir>', 'output folder (one sub-folder per schema and table)', 'cwb-export')
      .option('--table <schema.table...>', 'only these tables or views, e.g. metrics.indicators marts.dim_suppliers')
      .option('--db <file>', 'read this DuckDB file instead of the published snapshot'),
  ).action(async (options: ExportOptions) => {
    if (options.format !== 'parquet' && options.format !== 'csv') throw new Error(`--format must be parquet or csv (got "${options.format}")`);
    const path = await snapshotPathFor(options);
    const written = await exportWarehouse(path, resolve(options.out), {
      format: options.format as ExportFormat,
      ...(options.table ? { relations: options.table } : {}),
    });
    process.stdout.write(`${formatTable(['table', 'rows', 'path'], written.map((w) => ({ table: w.table, rows: String(w.rows), path: w.path })))}\n`);
  });
}
