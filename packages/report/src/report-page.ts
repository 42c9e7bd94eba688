import { escapeHtml } from './figure-format';
import type { Entity, ReportSection } from './report-sections';

export interface PageContent {
  sections: ReportSection[];
  /** Each section's chart as SVG, with its title and text alternative (the spec's description), by section id. */
  charts: Map<string, { svg: string; title: string; description: string }>;
  entities: Entity[];
  years: string[];
  source: string;
  generatedAt: Date;
}

const STYLE = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1b1b; margin: 0; background: #f6f6f4; line-height: 1.45; }
header, main, footer { max-width: 980px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 0 0 8px; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 16px 20px; margin: 18px 0; }
.chart svg { max-width: 100%; height: auto; }
.alt { color: #444; font-size: 0.9rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 8px 0; }
caption { text-align: left; font-size: 0.85rem; color: #444; padding-bottom: 4px; }
th, td { border-bottom: 1px solid #e2e2e2; padding: 3px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
details summary { cursor: pointer; color: #0b4f8a; margin-top: 6px; }
.empty { color: #666; font-style: italic; }
footer { font-size: 0.8rem; color: #555; padding-bottom: 32px; }
`;

/** Vega's SVG, inlined: the XML namespaces are not needed in HTML (and are the page's only URLs otherwise). */
function inlineSvg(svg: string, label: string): string {
  return svg
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(label)}" `);
}

function table(section: ReportSection): string {
  if (!section.table) return '';
  const { columns, rows, open } = section.table;
  const body = `<table><thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table>`;
  if (open) return body;
  return `<details><summary>Table of the figures (${rows.length} rows)</summary>${body}</details>`;
}

function sectionHtml(section: ReportSection, chart: { svg: string; title: string; description: string } | undefined): string {
  const figure = chart
    ? `<figure><div class="chart">${inlineSvg(chart.svg, `${chart.title}. ${chart.description}`)}</div><figcaption class="alt">${escapeHtml(chart.description)}</figcaption></figure>`
    : '';
  return `<section id="${section.id}" aria-labelledby="${section.id}-heading"><h2 id="${section.id}-heading">${escapeHtml(section.heading)}</h2>${section.lead}${section.empty ? `<p class="empty">${escapeHtml(section.empty)}</p>` : ''}${figure}${table(section)}</section>`;
}

/** The self-contained page: inline CSS and SVG, no script, no external URL. */
export function reportPage(content: PageContent): string {
  const anchors = content.entities.filter((e) => e.entity_type === 'anchor').map((e) => e.entity_name);
  const partnerships = content.entities.filter((e) => e.entity_type === 'partnership').map((e) => e.entity_name);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Community wealth building indicators</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Community wealth building indicators</h1>
<p>${escapeHtml(`${anchors.length} anchor${anchors.length === 1 ? '' : 's'}${anchors.length ? `: ${anchors.join(', ')}` : ''}${partnerships.length ? `; partnership: ${partnerships.join(', ')}` : ''}. Financial years (April to March): ${content.years.join(', ') || 'none'}.`)}</p>
</header>
<main>
${content.sections.map((s) => sectionHtml(s, content.charts.get(s.id))).join('\n')}
</main>
<footer>
<p>${escapeHtml(`Figures from ${content.source} (metrics.indicators, metrics.leakage, metrics.workforce_indicators and audit.source_files of the published snapshot), as of ${content.generatedAt.toISOString()}. Each metric is defined once, in the metric catalogue (metrics.metric_definitions).`)}</p>
<p>Map boundaries: Martin Chorley, UK-GeoJSON, CC BY 4.0. Contains OS data © Crown copyright and database right 2014. Postcode and area lookups: ONS, Open Government Licence.</p>
</footer>
</body>
</html>
`;
}
