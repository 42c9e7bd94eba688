import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The indicator catalogue: every community wealth building metric, defined once, as data in
 * `catalogue/metrics.yaml` (spend metrics, ranked indicators, workforce metrics), validated
 * here with zod when the package loads. Spend metrics compile to views `metrics.<name>` (see
 * metric-compiler.ts); workforce metrics are computed with small-cell suppression (see
 * workforce-indicators.ts). The README's metric tables are checked against this list.
 */
export const CATALOGUE_PATH = fileURLToPath(new URL('../catalogue/metrics.yaml', import.meta.url));

const sqlExpression = z.string().min(1);
const metricName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _ only');

const partSchema = z
  .object({
    /** A sum over the monthly fact; default spend_pence. */
    measure: sqlExpression.default('spend_pence'),
    /** Rows (within the metric's population) that count; default all. */
    where: sqlExpression.default('true'),
  })
  .strict();

export const metricDefinitionSchema = z
  .object({
    name: metricName,
    label: z.string().min(1),
    description: z.string().min(1),
    unit: z.enum(['gbp', 'share', 'ratio']),
    /** The population: every figure of the metric is within these rows. */
    filter: sqlExpression,
    numerator: partSchema,
    denominator: partSchema.nullable().default(null),
    /** Rows of the population whose attribute the metric needs is known; coverage = their spend / population spend. */
    coverage: sqlExpression.nullable().default(null),
    /**
     * Place dimension: 'bands' gives one row per location band (home … unknown, which add up
     * to the population); 'within' one row per nested place (home, within cluster, region,
     * nation, UK), cumulative; 'supplier_lad' one row per supplier local authority (the GSS
     * code as located, 'unknown' when not located). Null: place is 'all'.
     */
    places: z.enum(['bands', 'within', 'supplier_lad']).nullable().default(null),
    /** Also report the change against the baseline year (pounds, or percentage points for shares). */
    baseline: z.boolean().default(false),
  })
  .strict();
export type MetricDefinition = z.infer<typeof metricDefinitionSchema>;
export type MetricPart = z.infer<typeof partSchema>;
export type MetricUnit = MetricDefinition['unit'];

/** Ranked (table-shaped) indicators: each is a model in models/metrics/, not a scalar metric. */
export const rankedIndicatorSchema = z.object({ name: metricName, label: z.string().min(1), description: z.string().min(1) }).strict();
export type RankedIndicator = z.infer<typeof rankedIndicatorSchema>;

const cellName = z.string().regex(/^[a-z][a-z0-9_]*(:[a-z0-9_]+)?$/, 'a cell name such as h, d1 or band:home');
/** How a workforce metric is computed from the counted cells of people. */
const workforceFormulaSchema = z.union([
  /** A count of people (value and numerator), with an optional denominator cell. */
  z.object({ people: cellName, of: cellName.optional() }).strict(),
  /** A share: cell / of. With `by`, `share` names a cell group, one row per value (place or category). */
  z.object({ share: cellName, of: cellName, by: z.enum(['place', 'category']).optional() }).strict(),
  /** The summed FTE, published when the cell named is. */
  z.object({ fte: cellName }).strict(),
  /** (men's − women's) ÷ men's hourly pay, by mean or median. */
  z.object({ pay_gap: z.enum(['mean', 'median']) }).strict(),
]);
export type WorkforceFormula = z.infer<typeof workforceFormulaSchema>;

export const workforceMetricSchema = z
  .object({
    name: metricName,
    unit: z.enum(['people', 'fte', 'share']),
    label: z.string().min(1),
    description: z.string().min(1),
    formula: workforceFormulaSchema,
    /** cells: suppressed when any cell the formula reads is; pay_groups: when either gender's group with pay is small. */
    suppression: z.enum(['cells', 'pay_groups']).default('cells'),
  })
  .strict();
export type WorkforceMetric = z.infer<typeof workforceMetricSchema>;

const workforceSchema = z
  .object({
    /** Counted groups of people: SQL filters over marts.fct_workforce_snapshots. */
    cells: z.record(cellName, sqlExpression),
    /** Cells <group>:<value> for each value of a column. */
    cell_groups: z.record(z.string().regex(/^[a-z]+$/), z.object({ column: z.string().regex(/^[a-z_]+$/), values: z.array(z.string().regex(/^[a-z_]+$/)).min(1) }).strict()),
    metrics: z.array(workforceMetricSchema).min(1),
  })
  .strict();
export type WorkforceCatalogue = z.infer<typeof workforceSchema>;

const factPartSchema = z
  .object({
    /** A sum over the section's fact; default 1 (a count of rows). */
    measure: sqlExpression.default('1'),
    /** Rows (within the metric's population) that count; default all. */
    where: sqlExpression.default('true'),
  })
  .strict();

/**
 * A metric over one fact of a section (land assets, grants): a sum over the fact's rows per
 * reporting entity and financial year, optionally one row per value of a category column.
 * For a share, the denominator is taken over the whole population of the entity and year
 * (every category), so the categories' shares add up to the population.
 */
export const factMetricSchema = z
  .object({
    name: metricName,
    label: z.string().min(1),
    description: z.string().min(1),
    /** per_1000_firms: 1,000 × numerator ÷ denominator (organisations per 1,000 registered firms). */
    unit: z.enum(['assets', 'm2', 'ha', 'grants', 'gbp', 'share', 'organisations', 'per_1000_firms']),
    /** The measures are in pence: numerator and denominator (and a gbp value) are reported in pounds. A gbp metric must say so. */
    pence: z.boolean().default(false),
    /** The population: every figure of the metric is within these rows. */
    filter: sqlExpression.default('true'),
    numerator: factPartSchema,
    denominator: factPartSchema.nullable().default(null),
    /** Rows of the population whose attribute the metric needs is known; coverage = their measure / the population's (measure: `coverage_measure`). */
    coverage: sqlExpression.nullable().default(null),
    /** The measure coverage is weighed by; default the numerator's. */
    coverage_measure: sqlExpression.nullable().default(null),
    /** One row per value of this category column of the fact (the indicators' `category`); null: 'all'. */
    by: z.string().regex(/^[a-z_]+$/).nullable().default(null),
    /** Also report the change against the entity's previous period with figures (a register against the one before). */
    change: z.boolean().default(false),
    /** Another mart of the section's pillar this metric sums over (NHS estates in the land section); default the section's fact. */
    fact: z.string().regex(/^marts\.[a-z_0-9]+$/, 'a mart, e.g. marts.fct_nhs_estates').optional(),
  })
  .strict()
  .refine((metric) => metric.unit !== 'gbp' || metric.pence, { message: 'a gbp metric sums pence: set pence: true', path: ['pence'] });
export type FactMetric = z.infer<typeof factMetricSchema>;

const factSectionSchema = z
  .object({
    /** The mart every metric of the section sums over; it has anchor_id and financial_year columns. */
    fact: z.string().regex(/^marts\.[a-z_0-9]+$/, 'a mart, e.g. marts.fct_land_assets'),
    /** The fact's columns a metric may break down by (`by`). */
    categories: z.array(z.string().regex(/^[a-z_]+$/)).default([]),
    /** The place every figure of the section is for: 'all', or 'home' (the anchor's home area; a partnership's, its members' together). */
    place: z.enum(['all', 'home']).default('all'),
    metrics: z.array(factMetricSchema).min(1),
  })
  .strict()
  .superRefine((section, ctx) => {
    for (const metric of section.metrics) {
      if (metric.by && !metric.fact && !section.categories.includes(metric.by)) ctx.addIssue({ code: 'custom', path: [metric.name, 'by'], message: `by ${metric.by}: not one of the section's categories (${section.categories.join(', ')})` });
    }
  });
export type FactSection = z.infer<typeof factSectionSchema>;

export const catalogueSchema = z
  .object({
    spend: z.array(metricDefinitionSchema).min(1),
    ranked: z.array(rankedIndicatorSchema),
    workforce: workforceSchema,
    /** Land and property: metrics over the anchors' land and assets registers. */
    land: factSectionSchema,
    /** Financial power: metrics over the anchors' grants (360Giving). */
    grants: factSectionSchema,
    /** Plural ownership: organisations by ownership form in each anchor's home area (registers of organisations). */
    plural_ownership: factSectionSchema,
    /** Plural ownership: each anchor's spend by its suppliers' ownership form. */
    plural_spend: factSectionSchema,
  })
  .strict()
  .superRefine((catalogue, ctx) => {
    const names = [...catalogue.spend, ...catalogue.ranked, ...catalogue.workforce.metrics, ...catalogue.land.metrics, ...catalogue.grants.metrics, ...catalogue.plural_ownership.metrics, ...catalogue.plural_spend.metrics].map((m) => m.name);
    for (const [i, name] of names.entries()) {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', message: `metric ${name} is defined twice: each metric once` });
    }
    const w = catalogue.workforce;
    const known = new Set([...Object.keys(w.cells), ...Object.entries(w.cell_groups).flatMap(([group, g]) => g.values.map((v) => `${group}:${v}`))]);
    for (const metric of w.metrics) {
      const f = metric.formula;
      const reads = 'people' in f ? [f.people, f.of] : 'share' in f ? [f.by ? undefined : f.share, f.of] : 'fte' in f ? [f.fte] : [];
      for (const cell of reads) if (cell !== undefined && !known.has(cell)) ctx.addIssue({ code: 'custom', path: ['workforce', metric.name], message: `reads cell ${cell}, which is not in cells or cell_groups` });
      if ('share' in f && f.by && !(f.share in w.cell_groups)) ctx.addIssue({ code: 'custom', path: ['workforce', metric.name], message: `share by ${f.by} names ${f.share}, which is not a cell group` });
    }
  });
export type Catalogue = z.infer<typeof catalogueSchema>;

/** Parses and validates a catalogue file's text; errors name the file and the entry. */
export function parseCatalogue(text: string, source = CATALOGUE_PATH): Catalogue {
  const parsed = catalogueSchema.safeParse(parse(text));
  if (!parsed.success) {
    throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

const catalogue = parseCatalogue(readFileSync(CATALOGUE_PATH, 'utf8'));

export const metricCatalogue: readonly MetricDefinition[] = Object.freeze(catalogue.spend);
export const rankedIndicators: readonly RankedIndicator[] = Object.freeze(catalogue.ranked);
export const workforceCatalogue: WorkforceCatalogue = catalogue.workforce;
/** The sections of fact metrics (land, grants, plural ownership), each over its own mart. */
export const factSections: Readonly<Record<'land' | 'grants' | 'plural_ownership' | 'plural_spend', FactSection>> = Object.freeze({
  land: catalogue.land,
  grants: catalogue.grants,
  plural_ownership: catalogue.plural_ownership,
  plural_spend: catalogue.plural_spend,
});
/** Every fact metric with the fact it sums over and the place its figures are for. */
export const factMetrics: readonly (FactMetric & { fact: string; place: FactSection['place'] })[] = Object.freeze(
  Object.values(factSections).flatMap((section) => section.metrics.map((metric) => ({ ...metric, fact: metric.fact ?? section.fact, place: section.place }))),
);

export function metricByName(name: string): MetricDefinition | undefined {
  return metricCatalogue.find((m) => m.name === name);
}
