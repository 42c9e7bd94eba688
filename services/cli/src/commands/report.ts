import { resolve } from 'node:path';
import type { Command } from 'commander';
import { buildReport, writeReport } from '@cwb/report';
import { withDatabase } from '@cwb/warehouse';
import { withConfigOptions, type ConfigOptions } from './common-options';
import { snapshotPathFor } from './indicators';

export interface ReportOptions extends ConfigOptions {
  anchor?: string[];
  partnership?: string[];
  year?: string[];
  out: string;
  db?: string;
}

/** `cwb report`: the indicator report of the published snapshot: report.html and each chart as SVG and PNG. */
export async function runReport(options: ReportOptions): Promise<{ files: string[]; text: string }> {
  const path = await snapshotPathFor(options);
  const selection = { anchors: options.anchor, partnerships: options.partnership, years: options.year };
  const report = await withDatabase(path, { mode: 'read_only' }, (w) => buildReport(w, selection, { source: path }));
  if (report.figures.indicators.length === 0) throw new Error('no indicator rows match the selection (check --anchor, --partnership and --year against cwb indicators)');
  const out = resolve(options.out);
  const files = await writeReport(report, out);
  const text = [
    `report: ${files[0]} (${Math.round(report.html.length / 1024)} KB, self-contained: open it in any browser, offline)`,
    `charts: ${report.charts.map((c) => c.name).join(', ')} as SVG and PNG in ${out}`,
    `figures from ${path}`,
  ].join('\n');
  return { files, text: `${text}\n` };
}

export function register(program: Command): void {
  withConfigOptions(
    program
      .command('report')
      .description('write the indicator report of the published snapshot: one self-contained HTML page with charts and a map, and each chart as SVG and PNG')
      .option('--anchor <id...>', 'only these anchors')
      .option('--partnership <id...>', 'only these partnerships')
      .option('--year <financial-year...>', 'only these UK financial years, e.g. 2022-23')
      .requiredOption('--out <dir>', 'folder to write report.html and the charts into')
      .option('--db <file>', 'read this DuckDB file instead of the published snapshot'),
  ).action(async (options: ReportOptions) => {
    process.stdout.write((await runReport(options)).text);
  });
}
