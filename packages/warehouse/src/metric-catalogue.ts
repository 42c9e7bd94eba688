/**
 * The indicator catalogue: every community wealth building metric, defined once. Each
 * definition compiles to a view `metrics.<name>` (see metric-compiler.ts) documented with
 * COMMENT ON, and the README's metric table is checked against this list.
 *
 * Filters are SQL over the columns of marts.fct_spend_monthly (the additive monthly fact):
 * location_band, location_band_rank, is_influenceable, imd_decile_group, supplier_size_band,
 * is_vcse, is_matched, is_locally_owned, has_respend_rate; measures are its sums
 * (spend_pence, respend_round2_pence, respend_round3_pence).
 */
export type MetricUnit = 'gbp' | 'share' | 'ratio';

export interface MetricPart {
  /** A sum over the monthly fact; default spend_pence. */
  measure?: string;
  /** Rows (within the metric's population) that count; default all. */
  where?: string;
}

export interface MetricDefinition {
  name: string;
  label: string;
  description: string;
  unit: MetricUnit;
  /** The population: every figure of the metric is within these rows. */
  filter: string;
  numerator: Required<MetricPart>;
  denominator: Required<MetricPart> | null;
  /** Rows of the population whose attribute the metric needs is known; coverage = their spend / population spend. */
  coverage: string | null;
  /**
   * Place dimension: 'bands' gives one row per location band (home … unknown, which add up
   * to the population); 'within' one row per nested place (home, within cluster, region,
   * nation, UK), cumulative. Null: place is 'all'.
   */
  places: 'bands' | 'within' | null;
  /** Also report the change against the baseline year (pounds, or percentage points for shares). */
  baseline: boolean;
}

type MetricInput = Omit<MetricDefinition, 'numerator' | 'denominator' | 'coverage' | 'places' | 'baseline'> & {
  numerator: MetricPart;
  denominator?: MetricPart;
  coverage?: string;
  places?: 'bands' | 'within';
  baseline?: boolean;
};

const part = (p: MetricPart): Required<MetricPart> => ({ measure: p.measure ?? 'spend_pence', where: p.where ?? 'true' });

function define(input: MetricInput): MetricDefinition {
  if (!/^[a-z][a-z0-9_]*$/.test(input.name)) throw new Error(`metric name ${input.name}: lower-case letters, digits and _ only`);
  return {
    ...input,
    numerator: part(input.numerator),
    denominator: input.denominator ? part(input.denominator) : null,
    coverage: input.coverage ?? null,
    places: input.places ?? null,
    baseline: input.baseline ?? false,
  };
}

/** Ranked (table-shaped) indicators: each is a model in models/metrics/, not a scalar metric. */
export interface RankedIndicator {
  name: string;
  label: string;
  description: string;
}

const influenceable = 'is_influenceable';

const definitions: MetricInput[] = [
  {
    name: 'total_spend',
    label: 'Total spend',
    description: 'All payments in the ledgers, net of credit notes, before any exclusion.',
    unit: 'gbp',
    filter: 'true',
    numerator: {},
    baseline: true,
  },
  {
    name: 'influenceable_spend',
    label: 'Influenceable spend',
    description:
      'Spend that the anchor can direct: total spend less payments flagged by the exclusion rules (tax, pensions, payroll, other public bodies, grants, procurement cards by default). Denominator: total spend.',
    unit: 'gbp',
    filter: 'true',
    numerator: { where: influenceable },
    denominator: {},
    baseline: true,
  },
  {
    name: 'spend_in_place',
    label: 'Spend by location band',
    description:
      'Influenceable spend with suppliers in each location band, relative to each anchor\'s home: home area, cluster or county, region, nation, rest of UK, outside UK, unknown. Bands are exclusive and add up to influenceable spend.',
    unit: 'gbp',
    filter: influenceable,
    numerator: {},
    denominator: {},
    coverage: "location_band <> 'unknown'",
    places: 'bands',
    baseline: true,
  },
  {
    name: 'share_in_place',
    label: 'Share of spend by location band',
    description: 'spend_in_place as a share of influenceable spend (unknown locations stay in the denominator, as their own band).',
    unit: 'share',
    filter: influenceable,
    numerator: {},
    denominator: {},
    coverage: "location_band <> 'unknown'",
    places: 'bands',
    baseline: true,
  },
  {
    name: 'share_of_all_spend_in_place',
    label: 'Share of all spend by location band',
    description:
      'Spend with suppliers in each location band as a share of all spend, before exclusions (the first indicator: metrics.local_spend_by_financial_year shows it as home area, outside it, unknown).',
    unit: 'share',
    filter: 'true',
    numerator: {},
    denominator: {},
    coverage: "location_band <> 'unknown'",
    places: 'bands',
  },
  {
    name: 'spend_within_place',
    label: 'Spend within place (cumulative)',
    description:
      'Influenceable spend with suppliers within the home area, within the cluster or county (home included), within the region, within the nation, within the UK: the "spent in Preston" and "spent in Lancashire" figures.',
    unit: 'gbp',
    filter: influenceable,
    numerator: {},
    denominator: {},
    coverage: "location_band <> 'unknown'",
    places: 'within',
    baseline: true,
  },
  {
    name: 'share_within_place',
    label: 'Share of spend within place (cumulative)',
    description: 'spend_within_place as a share of influenceable spend: 18.2% in Preston, 79.2% in Lancashire.',
    unit: 'share',
    filter: influenceable,
    numerator: {},
    denominator: {},
    coverage: "location_band <> 'unknown'",
    places: 'within',
    baseline: true,
  },
  {
    name: 'spend_most_deprived_10pct',
    label: 'Spend with suppliers in the most deprived 10% of areas',
    description:
      "Influenceable spend with suppliers whose LSOA is in decile 1 of its own nation's index of multiple deprivation (IoD 2019 for England, WIMD 2019 for Wales; never compared across nations). Share of influenceable spend in the value; coverage: spend whose decile is known.",
    unit: 'share',
    filter: influenceable,
    numerator: { where: 'imd_decile_group = 1' },
    denominator: {},
    coverage: 'imd_decile_group is not null',
    baseline: true,
  },
  {
    name: 'spend_most_deprived_20pct',
    label: 'Spend with suppliers in the most deprived 20% of areas',
    description: "As spend_most_deprived_10pct, for deciles 1 and 2 of the nation's index.",
    unit: 'share',
    filter: influenceable,
    numerator: { where: 'imd_decile_group <= 2' },
    denominator: {},
    coverage: 'imd_decile_group is not null',
    baseline: true,
  },
  {
    name: 'sme_spend',
    label: 'Spend with SMEs',
    description:
      'Influenceable spend with small and medium-sized enterprises (fewer than 250 staff; Companies House accounts category as the proxy: micro, small or medium). Share of influenceable spend; coverage: spend with suppliers whose size is known.',
    unit: 'share',
    filter: influenceable,
    numerator: { where: "supplier_size_band in ('micro', 'small', 'medium')" },
    denominator: {},
    coverage: 'supplier_size_band is not null',
    baseline: true,
  },
  {
    name: 'micro_spend',
    label: 'Spend with micro businesses',
    description: 'Influenceable spend with micro businesses (fewer than 10 staff; micro-entity accounts). Share of influenceable spend.',
    unit: 'share',
    filter: influenceable,
    numerator: { where: "supplier_size_band = 'micro'" },
    denominator: {},
    coverage: 'supplier_size_band is not null',
    baseline: true,
  },
  {
    name: 'vcse_spend',
    label: 'Spend with the VCSE sector',
    description:
      "Influenceable spend with voluntary, community and social enterprise organisations: charities, CICs, co-operatives and registered societies (supplier matching's organisation type, or the publisher's own VCSE flag). Share of influenceable spend.",
    unit: 'share',
    filter: influenceable,
    numerator: { where: 'is_vcse' },
    denominator: {},
    coverage: 'is_vcse is not null',
    baseline: true,
  },
  {
    name: 'locally_owned_spend',
    label: 'Spend with locally owned suppliers',
    description:
      "Influenceable spend with suppliers whose ownership chain (persons with significant control, followed to the ultimate owner) ends in the home area: wealth locked into place rather than a branch of a group controlled elsewhere. Share of influenceable spend; coverage: spend whose ownership is resolved.",
    unit: 'share',
    filter: influenceable,
    numerator: { where: 'is_locally_owned' },
    denominator: {},
    coverage: 'is_locally_owned is not null',
    baseline: true,
  },
  {
    name: 'lm3_estimate',
    label: 'Local Multiplier 3 (LM3) estimate',
    description:
      "NEF's LM3 = (R1 + R2 + R3) / R1 over influenceable spend that has a re-spend rate: R1 the spend, R2 = R1 × round-2 local re-spend share, R3 = R2 × round-3 share (rates by supplier, else category, else default, from raw.respend_rates). Coverage: share of influenceable spend with a rate; no rates, no estimate.",
    unit: 'ratio',
    filter: influenceable,
    numerator: { measure: 'spend_pence + coalesce(respend_round2_pence, 0) + coalesce(respend_round3_pence, 0)', where: 'has_respend_rate' },
    denominator: { where: 'has_respend_rate' },
    coverage: 'has_respend_rate',
  },
  {
    name: 'coverage_matched',
    label: 'Coverage: spend matched',
    description: 'Share of total spend whose supplier was matched to a register (Companies House, charities) by supplier matching.',
    unit: 'share',
    filter: 'true',
    numerator: { where: 'is_matched' },
    denominator: {},
  },
  {
    name: 'coverage_located',
    label: 'Coverage: spend located',
    description: 'Share of total spend whose supplier was located (a postcode found in the reference, or the registered office of the matched company).',
    unit: 'share',
    filter: 'true',
    numerator: { where: "location_band <> 'unknown'" },
    denominator: {},
  },
  {
    name: 'coverage_excluded',
    label: 'Coverage: spend excluded',
    description: 'Share of total spend taken out of influenceable spend by the exclusion rules.',
    unit: 'share',
    filter: 'true',
    numerator: { where: 'not is_influenceable' },
    denominator: {},
  },
  {
    name: 'coverage_unknown_location',
    label: 'Coverage: spend with unknown location',
    description: 'Share of total spend whose supplier could not be located (no postcode, postcode not in the reference, no area).',
    unit: 'share',
    filter: 'true',
    numerator: { where: "location_band = 'unknown'" },
    denominator: {},
  },
];

export const metricCatalogue: readonly MetricDefinition[] = Object.freeze(definitions.map(define));
if (new Set(metricCatalogue.map((m) => m.name)).size !== metricCatalogue.length) throw new Error('metric names must be unique');

export const rankedIndicators: readonly RankedIndicator[] = Object.freeze([
  {
    name: 'top_suppliers',
    label: 'Top suppliers',
    description:
      'The top N suppliers (default 300, indicators.top_suppliers) by influenceable spend per anchor or partnership and period, with location band, place, deprivation decile, organisation type, size, sector and ownership.',
  },
  {
    name: 'leakage',
    label: 'Leakage by category and sector',
    description:
      'The spend categories and SIC sections with the most non-local influenceable spend, with the number of firms registered in the home area in the same sector.',
  },
  {
    name: 'change_against_baseline',
    label: 'Change against the baseline year',
    description:
      'For every metric marked baseline: the change from the baseline financial year (indicators.baseline_year, else the first year) in pounds, or in percentage points for shares ("£74m more spent in Preston than in 2012-13").',
  },
]);

export function metricByName(name: string): MetricDefinition | undefined {
  return metricCatalogue.find((m) => m.name === name);
}
