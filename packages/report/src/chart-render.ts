import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from './chart-spec';

/** One chart drawn: the SVG (as Vega writes it) and, unless asked not to, a PNG of it at twice its size. */
export interface RenderedChart {
  svg: string;
  png: Buffer | null;
}

/** Named data sets of a spec (`data: {name}`), filled with rows. */
export type ChartData = Record<string, readonly object[]>;

const config = {
  font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
  background: '#ffffff',
  view: { stroke: null },
  title: { fontSize: 16, subtitleFontSize: 13 },
  axis: { labelFontSize: 12, titleFontSize: 13 },
  legend: { labelFontSize: 12, titleFontSize: 13 },
};

/**
 * Renders a Vega-Lite spec in Node: vega-lite compiles it to Vega, a headless Vega view
 * (renderer 'none') fills the named data sets and writes SVG; resvg (prebuilt, from npm)
 * rasterises that SVG to PNG with the system fonts. No browser, no network.
 */
export async function renderChart(spec: ChartSpec, data: ChartData, options: { png?: boolean } = {}): Promise<RenderedChart> {
  const { $schema: _schema, ...rest } = spec;
  const vegaSpec = compile({ ...rest, config } as unknown as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', logLevel: vega.Error });
  try {
    for (const [name, rows] of Object.entries(data)) view.data(name, rows as object[]);
    await view.runAsync();
    const svg = await view.toSVG();
    if (options.png === false) return { svg, png: null };
    const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
    return { svg, png };
  } finally {
    view.finalize();
  }
}
