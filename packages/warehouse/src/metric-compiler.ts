import { factMetrics, metricCatalogue, type MetricDefinition } from './metric-catalogue';
import { sqlString } from './warehouse-connection';

/**
 * Compiles the metric catalogue to SQL. Every metric view has the same columns (the long
 * format BI tools and `cwb indicators` read), one row per reporting entity (anchor or
 * partnership), period (financial year, quarter, month) and place:
 */
export const indicatorColumns = {
  metric: 'Metric name (see the catalogue, metrics.metric_definitions)',
  entity_type: "'anchor' or 'partnership'",
  entity_id: 'Anchor id or partnership id from cwb.config.yaml',
  entity_name: 'Anchor or partnership name',
  period_type: "'financial_year', 'financial_quarter' or 'month'",
  period: "The period: '2016-17', '2016-17 Q1' or '2016-04'",
  financial_year: 'The UK financial year the period falls in (April to March)',
  place: "Location band (home, cluster, region, nation, rest_of_uk, outside_uk, unknown), nested place (home, cluster, region, nation, uk) for *_within_place metrics, the supplier's local authority code (or unknown) for *_by_supplier_lad metrics, or 'all'",
  place_name: "The place's name for this entity: 'Preston', 'Lancashire', 'North West', …",
  value: "The metric's value in its unit: pounds for gbp, a fraction for share (0.182 = 18.2%), a ratio for LM3",
  numerator: 'Pounds counted in the value (for a share: the part; for LM3: R1 + R2 + R3)',
  denominator: 'Pounds of the population the value is taken of (for LM3: R1)',
  unit: "'gbp', 'share' or 'ratio'",
  coverage: "Share of the population's spend (or assets, or grant pounds) whose attribute this metric needs is known (located, decile known, size known, use given …); null when the metric needs none",
  category: "Land and grants metrics: the category of the row (a use, tenure, holding type, programme …) or 'all'; null for spend metrics",
} as const;

const withinPlaces = [
  ['home', 1],
  ['cluster', 2],
  ['region', 3],
  ['nation', 4],
  ['uk', 5],
] as const;
const bandPlaces = [
  ['home', 1],
  ['cluster', 2],
  ['region', 3],
  ['nation', 4],
  ['rest_of_uk', 5],
  ['outside_uk', 6],
  ['unknown', 7],
] as const;

/** period_type, period and financial_year of a row of the grouping sets (year; quarter; month), from its columns under `from`. */
function periodColumnsSql(from: string): string {
  return `case
            when ${from}calendar_month is not null then 'month'
            when ${from}financial_quarter is not null then 'financial_quarter'
            else 'financial_year'
        end as period_type,
        coalesce(${from}calendar_month, ${from}financial_quarter, ${from}financial_year) as period,
        ${from}financial_year`;
}

/**
 * The spend metrics' inputs, `monthly` and `entities`, as CTEs: with `anchorsInScope` (a filter
 * on anchor_id, see modelSql) only those anchors' monthly spend and entity memberships, so an
 * entity whose members are all in scope gets the rows a full build gives it.
 */
function spendInputsSql(anchorsInScope: string | undefined): string {
  const where = anchorsInScope ? `\n    where ${anchorsInScope}` : '';
  return `monthly as (
    select * from marts.fct_spend_monthly${where}
),

entities as (
    select * from marts.dim_reporting_entities${where}
)`;
}

/** The SELECT behind `metrics.<name>`; with `anchorsInScope`, read from those anchors only (spendInputsSql). */
export function metricViewSql(metric: MetricDefinition, anchorsInScope?: string): string {
  if (metric.places === 'supplier_lad') return supplierLadMetricViewSql(metric, anchorsInScope);
  const places = metric.places === 'within' ? withinPlaces : metric.places === 'bands' ? bandPlaces : null;
  const placeMatch = metric.places === 'within' ? 'location_band_rank <= places.place_rank' : 'location_band = places.place';
  const { num, den, covered, population } = metricAggregates(metric, places ? ` and ${placeMatch}` : '');
  const keys = ['entity_type', 'entity_id', 'entity_name', 'financial_year'];
  const placeKey = places ? ['place'] : [];
  const sets = [
    [...keys, ...placeKey],
    [...keys, 'financial_quarter', ...placeKey],
    [...keys, 'financial_quarter', 'calendar_month', ...placeKey],
  ];
  const value =
    metric.unit === 'gbp'
      ? 'round(coalesce(numerator_pence, 0) / 100, 2)'
      : 'round(coalesce(numerator_pence, 0) / nullif(denominator_pence, 0), 6)';
  return `-- grain: one row per reporting entity, period and place. ${metric.label}: ${metric.description}
with ${spendInputsSql(anchorsInScope)},

geographies as (
    select * from marts.dim_geographies
),
${
  places
    ? `
places (place, place_rank) as (
    values ${places.map(([p, r]) => `(${sqlString(p)}, ${r})`).join(', ')}
),
`
    : ''
}
by_entity as (
    select entities.entity_type, entities.entity_id, entities.entity_name, monthly.*
    from monthly
    inner join entities on monthly.anchor_id = entities.anchor_id
),

aggregated as (
    select
        ${[...keys, 'financial_quarter', 'calendar_month', ...(places ? ['place'] : [])].join(', ')},
        ${num} as numerator_pence,
        ${den} as denominator_pence,
        ${covered} as covered_pence,
        ${population} as population_pence
    from by_entity${places ? '\n    cross join places' : ''}
    group by grouping sets (${sets.map((s) => `(${s.join(', ')})`).join(', ')})
),

place_names as (
    select entities.entity_type, entities.entity_id, geographies.location_band,
        string_agg(distinct geographies.place_name, ' / ' order by geographies.place_name) as place_name
    from entities
    inner join geographies on entities.anchor_id = geographies.anchor_id
    group by all
),

final as (
    select
        ${sqlString(metric.name)} as metric,
        aggregated.entity_type,
        aggregated.entity_id,
        aggregated.entity_name,
        ${periodColumnsSql('aggregated.')},
        ${places ? 'aggregated.place' : "'all'"} as place,
        ${places ? "case aggregated.place when 'uk' then 'United Kingdom' else place_names.place_name end" : 'cast(null as varchar)'} as place_name,
        cast(${value} as double) as value,
        cast(round(coalesce(aggregated.numerator_pence, 0) / 100, 2) as double) as numerator,
        cast(round(aggregated.denominator_pence / 100, 2) as double) as denominator,
        ${sqlString(metric.unit)} as unit,
        cast(round(${metric.coverage ? 'coalesce(aggregated.covered_pence, 0)' : 'null'} / nullif(aggregated.population_pence, 0), 6) as double) as coverage
    from aggregated${
      places
        ? `
    left join place_names
        on aggregated.entity_type = place_names.entity_type
        and aggregated.entity_id = place_names.entity_id
        and aggregated.place = place_names.location_band
    where aggregated.place = 'uk' or place_names.place_name is not null`
        : ''
    }
)

select * from final`;
}

/** The parts of a metric as SQL aggregates over the monthly fact (within its population). */
function metricAggregates(metric: MetricDefinition, numeratorPlace = ''): { num: string; den: string; covered: string; population: string } {
  const inPopulation = `(${metric.filter})`;
  return {
    num: `sum(${metric.numerator.measure}) filter (where ${inPopulation} and (${metric.numerator.where})${numeratorPlace})`,
    den: metric.denominator ? `sum(${metric.denominator.measure}) filter (where ${inPopulation} and (${metric.denominator.where}))` : 'null',
    covered: metric.coverage ? `sum(spend_pence) filter (where ${inPopulation} and (${metric.coverage}))` : 'null',
    population: `sum(spend_pence) filter (where ${inPopulation})`,
  };
}

/**
 * A metric by supplier local authority: place is the LAD code the supplier was located in
 * (as the reference gives it; 'unknown' when not located), no place name (the code is the
 * name's key in any boundary or lookup file). The denominator is the metric's population
 * over every LAD, so the rows of one entity and period add up to it.
 */
function supplierLadMetricViewSql(metric: MetricDefinition, anchorsInScope: string | undefined): string {
  const parts = metricAggregates(metric);
  const keys = ['entity_type', 'entity_id', 'entity_name', 'financial_year'];
  const sets = [
    [...keys, 'place'],
    [...keys, 'financial_quarter', 'place'],
    [...keys, 'financial_quarter', 'calendar_month', 'place'],
  ];
  const totals = sets.map((s) => s.filter((k) => k !== 'place'));
  const value = metric.unit === 'gbp' ? 'round(coalesce(numerator_pence, 0) / 100, 2)' : 'round(coalesce(numerator_pence, 0) / nullif(denominator_pence, 0), 6)';
  return `-- grain: one row per reporting entity, period and supplier local authority. ${metric.label}: ${metric.description}
with ${spendInputsSql(anchorsInScope)},

by_entity as (
    select entities.entity_type, entities.entity_id, entities.entity_name,
        coalesce(monthly.supplier_lad_code, 'unknown') as place, monthly.*
    from monthly
    inner join entities on monthly.anchor_id = entities.anchor_id
),

by_place as (
    select
        ${[...keys, 'financial_quarter', 'calendar_month', 'place'].join(', ')},
        ${parts.num} as numerator_pence,
        ${parts.covered} as covered_pence,
        ${parts.population} as population_pence
    from by_entity
    group by grouping sets (${sets.map((s) => `(${s.join(', ')})`).join(', ')})
),

population as (
    select
        ${[...keys, 'financial_quarter', 'calendar_month'].join(', ')},
        ${parts.den} as denominator_pence
    from by_entity
    group by grouping sets (${totals.map((s) => `(${s.join(', ')})`).join(', ')})
),

aggregated as (
    select by_place.*, population.denominator_pence
    from by_place
    inner join population
        on by_place.entity_type = population.entity_type
        and by_place.entity_id = population.entity_id
        and by_place.financial_year = population.financial_year
        and by_place.financial_quarter is not distinct from population.financial_quarter
        and by_place.calendar_month is not distinct from population.calendar_month
    where by_place.numerator_pence is not null
),

final as (
    select
        ${sqlString(metric.name)} as metric,
        entity_type,
        entity_id,
        entity_name,
        ${periodColumnsSql('')},
        place,
        cast(null as varchar) as place_name,
        cast(${value} as double) as value,
        cast(round(coalesce(numerator_pence, 0) / 100, 2) as double) as numerator,
        cast(round(denominator_pence / 100, 2) as double) as denominator,
        ${sqlString(metric.unit)} as unit,
        cast(round(${metric.coverage ? 'coalesce(covered_pence, 0)' : 'null'} / nullif(population_pence, 0), 6) as double) as coverage
    from aggregated
)

select * from final`;
}

/** One row per metric: the catalogue as a table BI tools can show beside the figures (spend, land and grants metrics). */
export function metricDefinitionsSql(): string {
  const row = (values: (string | null)[], change: boolean) => `(${values.map((v) => (v === null ? 'null' : sqlString(v))).join(', ')}, ${change})`;
  const rows = [
    ...metricCatalogue.map((m) =>
      row([m.name, m.label, m.description, m.unit, m.filter, m.numerator.measure, m.numerator.where, m.denominator?.measure ?? null, m.denominator?.where ?? null, m.coverage, m.places], m.baseline),
    ),
    ...factMetrics.map((m) =>
      row([m.name, m.label, m.description, m.unit, m.filter, m.numerator.measure, m.numerator.where, m.denominator?.measure ?? null, m.denominator?.where ?? null, m.coverage, m.by ? `by ${m.by}` : null], m.change),
    ),
  ];
  return `-- grain: one row per metric in the catalogue (defined once, in catalogue/metrics.yaml)
select * from (values
    ${rows.join(',\n    ')}
) as definitions(metric, label, description, unit, population_filter, numerator_measure, numerator_filter,
    denominator_measure, denominator_filter, coverage_filter, places, has_baseline_change)`;
}

/**
 * Every metric view (spend, land, grants), unioned by name and materialized: fast reads for BI
 * tools and `cwb indicators`. With `anchorsInScope` (an incremental build) only the spend
 * metrics, compiled for those anchors' payments; the fact metrics are then rebuilt whole
 * (factIndicatorValues).
 */
export function indicatorValuesSql(anchorsInScope?: string): string {
  if (!anchorsInScope) return unionByName([...metricCatalogue, ...factMetrics].map((m) => `select * from metrics.${m.name}`));
  return unionByName(metricCatalogue.map((m) => `select * from (\n${metricViewSql(m, anchorsInScope)}\n)`));
}

/**
 * The fact metrics' rows of indicator_values (land, grants, plural ownership) and their SQL:
 * an incremental build recomputes them for every entity (their fact tables are rebuilt whole
 * whenever an anchor changed, and they are few), in a statement of their own. One filter
 * for "the changed entities' rows or a fact metric's" over the whole union needed more than
 * the loader's 384MB on three sample ledgers.
 */
export function factIndicatorValues(): { rows: string; sql: string } {
  if (factMetrics.length === 0) return { rows: 'false', sql: 'select * from metrics.indicator_values where false' };
  return {
    rows: `metric in (${factMetrics.map((m) => sqlString(m.name)).join(', ')})`,
    sql: unionByName(factMetrics.map((m) => `select * from metrics.${m.name}`)),
  };
}

function unionByName(selects: string[]): string {
  return selects.join('\nunion all by name\n');
}

/**
 * Change against the baseline year, at financial-year grain, for metrics marked baseline:
 * value = this year's value − the baseline's (pounds for gbp, percentage points for shares),
 * numerator = this year's value, denominator = the baseline year's value.
 */
export function changeAgainstBaselineSql(baselineYear: string | undefined): string {
  const metrics = metricCatalogue.filter((m) => m.baseline).map((m) => sqlString(m.name));
  return `-- grain: one row per metric, reporting entity, later financial year and place: the change
-- against the baseline year (${baselineYear ? `configured: ${baselineYear}` : "each entity's first year with spend"}).
-- value: pounds for gbp metrics, percentage points (pp) for shares; numerator: the year's
-- value; denominator: the baseline year's value.
with yearly as (
    select * from metrics.indicator_values
    where period_type = 'financial_year' and metric in (${metrics.join(', ')})
),

baselines as (
    select entity_type, entity_id, ${baselineYear ? sqlString(baselineYear) : 'min(financial_year)'} as baseline_period
    from yearly
    group by entity_type, entity_id
),

final as (
    select
        yearly.metric || '_change' as metric,
        yearly.entity_type,
        yearly.entity_id,
        yearly.entity_name,
        'financial_year' as period_type,
        yearly.period,
        yearly.financial_year,
        yearly.place,
        yearly.place_name,
        case when yearly.unit = 'share'
            then round((yearly.value - base.value) * 100, 4)
            else round(yearly.value - base.value, 2)
        end as value,
        yearly.value as numerator,
        base.value as denominator,
        case when yearly.unit = 'share' then 'pp' else yearly.unit end as unit,
        yearly.coverage,
        baselines.baseline_period
    from yearly
    inner join baselines
        on yearly.entity_type = baselines.entity_type and yearly.entity_id = baselines.entity_id
    inner join yearly as base
        on base.metric = yearly.metric
        and base.entity_type = yearly.entity_type
        and base.entity_id = yearly.entity_id
        and base.place = yearly.place
        and base.period = baselines.baseline_period
    where yearly.period > baselines.baseline_period
)

select * from final`;
}

/** Every scalar figure and every change, in one long table: what `cwb indicators` prints. */
export function indicatorsSql(): string {
  return `-- grain: one row per metric (and change metric), reporting entity, period and place
select *, cast(null as varchar) as baseline_period from metrics.indicator_values
union all by name
select * from metrics.change_against_baseline
union all by name
select * from metrics.change_between_periods`;
}
