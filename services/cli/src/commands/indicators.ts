import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { queryIndicators, withDatabase, type IndicatorRow, type PeriodType } from '@cwb/warehouse';
import { formatTable } from '../output/table';
import { loadConfigFrom, withConfigOptions, type ConfigOptions } from './common-options';

export interface IndicatorsOptions extends ConfigOptions {
  anchor?: string[];
  partnership?: string[];
  year?: string[];
  period?: 'year' | 'quarter' | 'month';
  metric?: string[];
  place?: string[];
  json?: boolean;
  db?: string;
}

const periodTypes: Record<string, PeriodType> = { year: 'financial_year', quarter: 'financial_quarter', month: 'month' };

/** Where to read: --db, else the config's published snapshot. */
export async function snapshotPathFor(options: ConfigOptions & { db?: string }): Promise<string> {
  const path = options.db ?? (await loadConfigFrom(options)).paths.snapshotPath;
  if (!existsSync(path)) throw new Error(`${path} does not exist yet: run "cwb refresh --wait" (or "cwb demo") first`);
  return path;
}

function formatValue(row: IndicatorRow): string {
  if (row.value === null) return '';
  switch (row.unit) {
    case 'share':
      return `${(row.value * 100).toFixed(1)}%`;
    case 'pp':
      return `${row.value >= 0 ? '+' : ''}${row.value.toFixed(1)} pp`;
    case 'ratio':
      return row.value.toFixed(2);
    case 'assets':
    case 'grants':
    case 'organisations':
      return row.value.toLocaleString('en-GB');
    case 'per_1000_firms':
      return `${row.value.toLocaleString('en-GB', { maximumFractionDigits: 2 })} per 1,000 firms`;
    case 'm2':
    case 'ha':
      return `${row.value.toLocaleString('en-GB', { maximumFractionDigits: 2 })} ${row.unit === 'm2' ? 'm²' : 'ha'}`;
    default:
      return money(row.value);
  }
}

function money(value: number | null): string {
  if (value === null) return '';
  return value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Like money, but a change metric's numerator and denominator are values in the metric's own unit; counts and areas are not money. */
function part(row: IndicatorRow, value: number | null): string {
  if (value === null) return '';
  if (row.unit === 'pp') return `${(value * 100).toFixed(1)}%`;
  if (row.unit === 'gbp' || row.unit === 'share' || row.unit === 'ratio') return money(value);
  return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** The rows `cwb indicators` prints, as table cells. */
export function indicatorTable(rows: readonly IndicatorRow[]): { columns: string[]; rows: Record<string, string>[] } {
  return {
    // the category column only when a land or grants metric is among the rows (spend metrics have none)
    columns: ['metric', 'anchor_or_partnership', 'period', 'place', ...(rows.some((row) => row.category) ? ['category'] : []), 'value', 'numerator', 'denominator', 'unit', 'coverage'],
    rows: rows.map((row) => ({
      metric: row.metric,
      anchor_or_partnership: `${row.entity_type === 'partnership' ? 'partnership ' : ''}${row.entity_id}`,
      period: row.baseline_period ? `${row.period} vs ${row.baseline_period}` : row.period,
      place: row.place === 'all' ? 'all' : `${row.place}${row.place_name ? ` (${row.place_name})` : ''}`,
      category: row.category ?? '',
      value: formatValue(row),
      numerator: part(row, row.numerator),
      denominator: part(row, row.denominator),
      unit: row.unit,
      coverage: row.coverage === null ? '' : `${(row.coverage * 100).toFixed(1)}%`,
    })),
  };
}

/** Reads the indicators from a snapshot and renders them: a table, or JSON rows with raw numbers. */
export async function runIndicators(options: IndicatorsOptions): Promise<string> {
  const path = await snapshotPathFor(options);
  const periodType = periodTypes[options.period ?? 'year'];
  if (!periodType) throw new Error(`--period must be year, quarter or month (got "${options.period}")`);
  const rows = await withDatabase(path, { mode: 'read_only' }, (w) =>
    queryIndicators(w, {
      anchors: options.anchor,
      partnerships: options.partnership,
      years: options.year,
      periodType,
      metrics: options.metric,
      places: options.place,
    }),
  );
  if (options.json) return `${JSON.stringify(rows)}\n`;
  if (rows.length === 0) return 'no indicator rows match (check --anchor, --partnership, --year and --metric; cwb query "select * from metrics.metric_definitions" lists the metrics)\n';
  const table = indicatorTable(rows);
  return `${formatTable(table.columns, table.rows)}\n(${rows.length} rows from ${path})\n`;
}

export function register(program: Command): void {
  withConfigOptions(
    program
      .command('indicators')
      .description('print the CWB indicators per anchor or partnership, period and place, from the published snapshot')
      .option('--anchor <id...>', 'only these anchors')
      .option('--partnership <id...>', 'only these partnerships')
      .option('--year <financial-year...>', 'only these UK financial years, e.g. 2016-17')
      .option('--period <grain>', 'year, quarter or month', 'year')
      .option('--metric <name...>', 'only these metrics (see metrics.metric_definitions), e.g. share_within_place share_within_place_change')
      .option('--place <place...>', 'only these places: home cluster region nation uk rest_of_uk outside_uk unknown all')
      .option('--json', 'print JSON rows (raw numbers: shares as fractions, pounds, percentage points)')
      .option('--db <file>', 'read this DuckDB file instead of the published snapshot'),
  ).action(async (options: IndicatorsOptions) => {
    process.stdout.write(await runIndicators(options));
  });
}
