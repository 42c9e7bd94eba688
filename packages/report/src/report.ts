import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger, type Logger } from '@cwb/logger';
import type { Warehouse } from '@cwb/warehouse';
import { loadChartSpec, type ChartName } from './chart-spec';
import { renderChart, type RenderedChart } from './chart-render';
import { DistrictGeography } from './district-map';
import { reportPage } from './report-page';
import { readReportFigures, type ReportFigures, type ReportSelection } from './report-figures';
import { entitiesOf, reportSections, yearsOf } from './report-sections';

export interface ReportChart extends RenderedChart {
  name: ChartName;
  title: string;
}

export interface Report {
  html: string;
  charts: ReportChart[];
  figures: ReportFigures;
}

export interface ReportContext {
  /** Where the figures were read from, shown on the page. */
  source: string;
  generatedAt?: Date;
  /** Also rasterise each chart to PNG (default true; a page served over HTTP needs only the SVG). */
  png?: boolean;
  /** Where the build is logged (charts, sizes, time); default: a logger quiet below warn unless LOG_LEVEL is set. */
  logger?: Logger;
}

let geography: DistrictGeography | undefined;
/** The boundaries and code lookups, read once per process. */
function districtGeography(): DistrictGeography {
  geography ??= new DistrictGeography();
  return geography;
}

/** Reads the selection's figures from the warehouse and renders every chart and the page. */
export async function buildReport(warehouse: Warehouse, selection: ReportSelection, context: ReportContext): Promise<Report> {
  const started = Date.now();
  const figures = await readReportFigures(warehouse, selection);
  const sections = reportSections(figures, districtGeography());
  const charts: ReportChart[] = [];
  const rendered = new Map<string, { svg: string; title: string; description: string }>();
  for (const section of sections) {
    if (!section.chart) continue;
    const spec = loadChartSpec(section.chart.name);
    const title = { ...spec.title, ...(section.chart.subtitle.length ? { subtitle: section.chart.subtitle } : {}) };
    const chart = await renderChart({ ...spec, title }, section.chart.data, { png: context.png ?? true });
    charts.push({ name: section.chart.name, title: spec.title.text, ...chart });
    rendered.set(section.id, { svg: chart.svg, title: spec.title.text, description: spec.description });
  }
  const html = reportPage({
    sections,
    charts: rendered,
    entities: entitiesOf(figures),
    years: yearsOf(figures),
    source: context.source,
    generatedAt: context.generatedAt ?? new Date(),
  });
  const log = context.logger ?? createLogger('report', { level: 'warn' });
  log.info({ charts: charts.length, entities: entitiesOf(figures).length, html_bytes: html.length, ms: Date.now() - started }, 'report built');
  return { html, charts, figures };
}

/** Writes report.html and each chart as <name>.svg and <name>.png into a directory; returns the paths. */
export async function writeReport(report: Report, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written = [join(dir, 'report.html')];
  await writeFile(written[0]!, report.html);
  for (const chart of report.charts) {
    const svg = join(dir, `${chart.name}.svg`);
    await writeFile(svg, chart.svg);
    written.push(svg);
    if (chart.png) {
      const png = join(dir, `${chart.name}.png`);
      await writeFile(png, chart.png);
      written.push(png);
    }
  }
  return written;
}
