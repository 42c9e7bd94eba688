import { factMetrics, type FactMetric } from './metric-catalogue';
import { sqlString } from './warehouse-connection';

/**
 * Compiles the catalogue's fact metrics (land, grants, plural ownership) to SQL: the same long
 * columns as the spend metrics (metric-compiler.ts, `indicatorColumns`), plus `category`, one
 * row per reporting entity, financial year and category. Place is the section's ('all', or
 * 'home': the entity's home area, named as in its anchors' config).
 */
export function factMetricViewSql(metric: FactMetric & { fact: string; place: 'all' | 'home' }): string {
  const inPopulation = `(${metric.filter})`;
  const partition = 'partition by entity_type, entity_id, financial_year';
  const num = `sum(${metric.numerator.measure}) filter (where ${inPopulation} and (${metric.numerator.where}))`;
  // population-wide parts are summed per category, then over the entity-year (window), so every category shares them
  const overPopulation = (sql: string) => `sum(${sql}) over (${partition})`;
  // a denominator with an unknown part (a null measure: a place whose firm count is unknown) is unknown, never the sum of the known parts
  const den = metric.denominator
    ? `case when ${overPopulation(`count(*) filter (where ${inPopulation} and (${metric.denominator.where}) and (${metric.denominator.measure}) is null)`)} = 0 then ${overPopulation(`sum(${metric.denominator.measure}) filter (where ${inPopulation} and (${metric.denominator.where}))`)} end`
    : 'null';
  const coverageMeasure = metric.coverage_measure ?? metric.numerator.measure;
  const covered = metric.coverage ? overPopulation(`sum(${coverageMeasure}) filter (where ${inPopulation} and (${metric.coverage}))`) : 'null';
  const population = overPopulation(`sum(${coverageMeasure}) filter (where ${inPopulation})`);
  const scale = metric.pence ? ' / 100' : '';
  const value =
    metric.unit === 'share'
      ? 'round(coalesce(numerator_raw, 0) / nullif(denominator_raw, 0), 6)'
      : metric.unit === 'per_1000_firms'
        ? 'round(1000 * coalesce(numerator_raw, 0) / nullif(denominator_raw, 0), 4)'
        : `round(coalesce(numerator_raw, 0)${metric.unit === 'gbp' ? scale : ''}, 2)`;
  return `-- grain: one row per reporting entity, financial year and category. ${metric.label}: ${metric.description}
with facts as (
    select * from ${metric.fact}
),

entities as (
    select * from marts.dim_reporting_entities
),
${metric.place === 'home' ? `
home_names as (
    select entity_type, entity_id, string_agg(distinct home_area_name, ' + ' order by home_area_name) as place_name
    from entities
    inner join marts.dim_anchors using (anchor_id)
    group by entity_type, entity_id
),
` : ''}
by_entity as (
    select entities.entity_type, entities.entity_id, entities.entity_name, facts.*
    from facts
    inner join entities on facts.anchor_id = entities.anchor_id
),

aggregated as (
    select
        entity_type, entity_id, entity_name, financial_year,
        ${metric.by ? `cast(${metric.by} as varchar)` : "'all'"} as category,
        ${num} as numerator_raw,
        ${den} as denominator_raw,
        ${covered} as covered_raw,
        ${population} as population_raw
    from by_entity
    where ${inPopulation}
    group by entity_type, entity_id, entity_name, financial_year, ${metric.by ? metric.by : "'all'"}
),

final as (
    select
        ${sqlString(metric.name)} as metric,
        entity_type,
        entity_id,
        entity_name,
        'financial_year' as period_type,
        financial_year as period,
        financial_year,
        ${sqlString(metric.place)} as place,
        ${metric.place === 'home' ? 'place_name' : 'cast(null as varchar)'} as place_name,
        cast(${value} as double) as value,
        cast(round(coalesce(numerator_raw, 0)${scale}, 2) as double) as numerator,
        cast(round(denominator_raw${scale}, 2) as double) as denominator,
        ${sqlString(metric.unit)} as unit,
        cast(round(${metric.coverage ? 'coalesce(covered_raw, 0)' : 'null'} / nullif(population_raw, 0), 6) as double) as coverage,
        category
    from aggregated${metric.place === 'home' ? '\n    left join home_names using (entity_type, entity_id)' : ''}
)

select * from final`;
}

/**
 * For fact metrics marked `change`: each financial year's value against the entity's previous
 * year with a figure (a land register against the one before it), per category. value: the
 * difference (pounds, assets or m² in the metric's unit; percentage points for shares);
 * numerator: this period's value; denominator: the previous one; baseline_period: its period.
 */
export function changeBetweenPeriodsSql(): string {
  const metrics = factMetrics.filter((m) => m.change).map((m) => sqlString(m.name));
  return `-- grain: one row per fact metric marked change, reporting entity, financial year after the
-- entity's first with a figure, and category: the change against the previous year with one (for
-- land: a register against the one before it). value: the metric's unit, percentage points (pp)
-- for shares; numerator: this period's value; denominator: the previous period's.
with yearly as (
    select * from metrics.indicator_values
    where period_type = 'financial_year' and metric in (${metrics.length ? metrics.join(', ') : "''"})
),

paired as (
    select
        *,
        lag(value) over (partition by metric, entity_type, entity_id, category order by period) as previous_value,
        lag(period) over (partition by metric, entity_type, entity_id, category order by period) as previous_period
    from yearly
),

final as (
    select
        metric || '_change' as metric,
        entity_type,
        entity_id,
        entity_name,
        'financial_year' as period_type,
        period,
        financial_year,
        place,
        place_name,
        case when unit = 'share' then round((value - previous_value) * 100, 4) else round(value - previous_value, 2) end as value,
        value as numerator,
        previous_value as denominator,
        case when unit = 'share' then 'pp' else unit end as unit,
        coverage,
        category,
        previous_period as baseline_period
    from paired
    where previous_period is not null
)

select * from final`;
}
