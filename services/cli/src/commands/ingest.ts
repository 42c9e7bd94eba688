import type { Command } from 'commander';
import { type TabularApSpec, type TabularApSpecInput } from '@cwb/connector-sdk';
import { dryRunIngest, transparencySpendConnector, type DryRunResult } from '@cwb/connector-transparency-spend';
import { withConfigOptions, type ConfigOptions } from './common-options';
import { dryRunHrIngest, hrExtractSpecSchema, type HrExtractSpec, type HrSummaryResult } from '@cwb/connector-hr-extract';

/** A real (loading) ingest: provided by the pipeline, which owns staging and the warehouse. */
export type IngestRunner = (request: {
  path: string;
  anchor_id: string;
  spec: TabularApSpec | HrExtractSpec;
  /** The connector that reads the file: transparency-spend (AP) or hr-extract (`--kind hr`). */
  connector?: string;
  json: boolean;
  /** --config / --data-dir: the config whose anchor, warehouse and reference are used. */
  config: ConfigOptions;
}) => Promise<void>;

interface IngestOptions extends ConfigOptions {
  anchor?: string;
  mapping?: string;
  dateOrder?: 'dmy' | 'mdy';
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  dryRun?: boolean;
  json?: boolean;
  kind?: string;
  snapshotDate?: string;
  reference?: string;
}

/** The HR dry-run line: counts only, never a value from a row. */
function describeHr(result: HrSummaryResult): string {
  if (result.kind === 'rejected') {
    return `${result.rejected.file}: REJECTED: ${result.rejected.rejected}${result.rejected.expected ? ` (expected ${result.rejected.expected})` : ''}`;
  }
  const s = result.summary;
  const counts = (values: Record<string, number>) => Object.entries(values).map(([key, count]) => `${count} ${key}`).join(', ') || 'none';
  return [
    `${s.file}: ${s.rows_read} rows read: ${s.rows_loaded} would load, ${s.rows_quarantined} quarantined (${counts(s.quarantine_reasons)}), ${s.rows_skipped} skipped (${counts(s.skip_reasons)})`,
    `  ${s.employees} employees, snapshot ${s.date_min} to ${s.date_max}; home locations: ${counts(s.home_locations)}; contracts: ${counts(s.contract_types)}`,
    `  mapping ${s.mapping} (${s.mapping_reason}); ${s.encoding}; dates ${s.date_order}`,
  ].join('\n');
}

function specFrom(file: string, options: IngestOptions): TabularApSpecInput {
  return {
    path: file,
    ...(options.mapping ? { mapping: options.mapping } : {}),
    ...(options.dateOrder ? { date_order: options.dateOrder } : {}),
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter === 'tab' ? '\t' : options.delimiter } : {}),
  };
}

function describe(result: DryRunResult): string {
  if (result.kind === 'rejected') {
    return `${result.rejected.file}: REJECTED: ${result.rejected.rejected}${result.rejected.expected ? ` (expected ${result.rejected.expected})` : ''}`;
  }
  const s = result.summary;
  const reasons = (counts: Record<string, number>) =>
    Object.entries(counts).map(([reason, count]) => `${count} ${reason}`).join(', ') || 'none';
  return [
    `${s.file}: ${s.rows_read} rows read: ${s.rows_loaded} would load, ${s.rows_quarantined} quarantined (${reasons(s.quarantine_reasons)}), ${s.rows_skipped} skipped (${reasons(s.skip_reasons)})`,
    `  £${s.amount_total} from ${s.date_min} to ${s.date_max}; ${s.credits} credits, ${s.redacted} redacted`,
    `  mapping ${s.mapping} (${s.mapping_reason}); ${s.encoding}; dates ${s.date_order}`,
  ].join('\n');
}

/**
 * `cwb ingest <file> --anchor <id> [--mapping <name>] [--dry-run] [--json]`.
 * `--dry-run` reads and summarises without loading (exit 2 when a file is not payments).
 * A real ingest is run by the pipeline's runner, passed in by main.ts.
 */
export function register(program: Command, deps: { run?: IngestRunner } = {}): void {
  withConfigOptions(program
    .command('ingest'))
    .description('load an AP export for an anchor institution (or --dry-run to check it, loading nothing)')
    .argument('<file>', 'a file, folder, glob or http(s) URL')
    .option('--anchor <id>', 'the anchor institution the payments belong to (optional with --dry-run)')
    .option('--mapping <name|file>', 'pin the layout with this mapping (a shipped name or a .yaml file) instead of inferring it')
    .option('--date-order <order>', 'day/month order of numeric dates when the file does not prove it: dmy or mdy')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first)')
    .option('--encoding <name>', 'force the text encoding, e.g. windows-1252 (default: detected)')
    .option('--delimiter <char>', 'force the delimiter, e.g. ";" or tab (default: detected)')
    .option('--dry-run', 'read and summarise, load nothing')
    .option('--json', 'print one JSON object per file')
    .option('--kind <kind>', 'what the file holds: ap (payments, the default) or hr (an HR extract, pseudonymised as it is read)', 'ap')
    .option('--snapshot-date <date>', 'HR: the date the extract describes, when it has no snapshot-date column (YYYY-MM-DD)')
    .option('--reference <path>', 'HR dry run: a postcode reference database to locate home postcodes against')
    .action(async (file: string, options: IngestOptions) => {
      if (options.kind !== 'ap' && options.kind !== 'hr') throw new Error(`--kind must be ap or hr, not "${options.kind}"`);
      if (options.kind === 'hr') {
        const { date_order, ...common } = specFrom(file, options);
        const input = hrExtractSpecSchema.parse({
          ...common,
          ...(date_order ? { date_order } : {}),
          ...(options.snapshotDate ? { snapshot_date: options.snapshotDate } : {}),
        });
        if (options.dryRun) {
          const results = await dryRunHrIngest(input, { anchor_id: options.anchor ?? 'dry-run', reference_path: options.reference ?? null });
          if (results.length === 0) throw new Error(`${file}: no files found`);
          for (const result of results) {
            process.stdout.write(`${options.json ? JSON.stringify(result.kind === 'read' ? result.summary : result.rejected) : describeHr(result)}\n`);
          }
          if (results.some((result) => result.kind === 'rejected')) process.exitCode = 2;
          return;
        }
        if (!options.anchor) throw new Error('--anchor <id> is required to load (it may be left out only with --dry-run)');
        if (!deps.run) throw new Error('loading needs the pipeline, which is not wired into this build of cwb; use --dry-run to check the file');
        await deps.run({ path: file, anchor_id: options.anchor, spec: input, connector: 'hr-extract', json: Boolean(options.json), config: options });
        return;
      }
      if (options.dateOrder && options.dateOrder !== 'dmy' && options.dateOrder !== 'mdy') {
        throw new Error(`--date-order must be dmy or mdy, not "${options.dateOrder}"`);
      }
      const input = specFrom(file, options);
      if (options.dryRun) {
        const results = await dryRunIngest(input, options.anchor ?? 'dry-run');
        if (results.length === 0) throw new Error(`${file}: no files found`);
        for (const result of results) {
          process.stdout.write(`${options.json ? JSON.stringify(result.kind === 'read' ? result.summary : result.rejected) : describe(result)}\n`);
        }
        if (results.some((result) => result.kind === 'rejected')) process.exitCode = 2;
        return;
      }
      if (!options.anchor) throw new Error('--anchor <id> is required to load (it may be left out only with --dry-run)');
      if (!deps.run) {
        throw new Error('loading needs the pipeline, which is not wired into this build of cwb; use --dry-run to check the file');
      }
      await deps.run({ path: file, anchor_id: options.anchor, spec: transparencySpendConnector.spec.parse(input), json: Boolean(options.json), config: options });
    });
}

