import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The report's charts as data: Vega-Lite specs in charts/<name>.vl.json, without their data
 * (the report fills the named data sets from the snapshot's metric rows). Validated with zod
 * when read: each must carry what a reader needs without seeing the picture: a title, a
 * description (the chart's text alternative) and a title on every positional axis, with its unit.
 */
export const CHART_NAMES = ['local-share', 'location-bands', 'district-map', 'deprived-areas', 'supplier-types', 'leakage', 'workforce'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

const axisTitle = z.string().min(3);
const positional = z.object({ field: z.string().min(1), type: z.string(), title: axisTitle }).passthrough();
const encodingSchema = z.object({ x: positional.optional(), y: positional.optional() }).passthrough();
const viewSchema = z.object({ mark: z.union([z.string(), z.object({ type: z.string() }).passthrough()]), encoding: encodingSchema.optional() }).passthrough();

export const chartSpecSchema = z
  .object({
    $schema: z.string().regex(/vega-lite\/v6\.json$/),
    title: z.object({ text: z.string().min(10) }).passthrough(),
    description: z.string().min(40),
  })
  .passthrough()
  .and(z.union([viewSchema, z.object({ layer: z.array(viewSchema).min(1) }).passthrough()]))
  .superRefine((spec, ctx) => {
    const views = 'layer' in spec && Array.isArray(spec.layer) ? spec.layer : [spec];
    for (const view of views as { encoding?: Record<string, { type?: string; title?: string; field?: string }> }[]) {
      for (const [channel, def] of Object.entries(view.encoding ?? {})) {
        // a quantitative axis names its unit: (£), (%) or the like
        if ((channel === 'x' || channel === 'y') && def.type === 'quantitative' && !/\((£|%)[^)]*\)/.test(def.title ?? '')) {
          ctx.addIssue({ code: 'custom', path: ['encoding', channel], message: `axis ${def.field} needs its unit in the title, e.g. "(£)" or "(%)"` });
        }
      }
    }
  });
export type ChartSpec = z.infer<typeof chartSpecSchema> & Record<string, unknown>;

export function chartSpecPath(name: ChartName): string {
  return fileURLToPath(new URL(`../charts/${name}.vl.json`, import.meta.url));
}

/** Reads and validates one chart's spec; errors name the file and the field. */
export function loadChartSpec(name: ChartName): ChartSpec {
  const path = chartSpecPath(name);
  const parsed = chartSpecSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as ChartSpec;
}
