import type { Warehouse } from './warehouse-connection';

export type PeriodType = 'financial_year' | 'financial_quarter' | 'month';

export interface IndicatorFilter {
  anchors?: string[];
  partnerships?: string[];
  /** Financial years ('2016-17'); quarters and months are filtered by the year they fall in. */
  years?: string[];
  periodType?: PeriodType;
  metrics?: string[];
  places?: string[];
}

export interface IndicatorRow {
  metric: string;
  entity_type: 'anchor' | 'partnership';
  entity_id: string;
  entity_name: string;
  period_type: PeriodType;
  period: string;
  financial_year: string;
  place: string;
  place_name: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  unit: string;
  coverage: number | null;
  /** Land and grants metrics: the row's category (a use, tenure, programme …) or 'all'; null for spend metrics. */
  category: string | null;
  baseline_period: string | null;
}

/**
 * Reads metrics.indicators (every scalar metric and every change against the baseline) with
 * the CLI's filters, in a stable order. Anchors and partnerships given together are both
 * reported; neither given means every entity.
 */
export async function queryIndicators(warehouse: Warehouse, filter: IndicatorFilter = {}): Promise<IndicatorRow[]> {
  const where: string[] = [];
  const params: Record<string, string | string[]> = {};
  const entities: string[] = [];
  if (filter.anchors?.length) {
    entities.push("(entity_type = 'anchor' and list_contains($anchors::varchar[], entity_id))");
    params.anchors = filter.anchors;
  }
  if (filter.partnerships?.length) {
    entities.push("(entity_type = 'partnership' and list_contains($partnerships::varchar[], entity_id))");
    params.partnerships = filter.partnerships;
  }
  if (entities.length) where.push(`(${entities.join(' or ')})`);
  if (filter.years?.length) {
    where.push('list_contains($years::varchar[], financial_year)');
    params.years = filter.years;
  }
  where.push('period_type = $period_type');
  params.period_type = filter.periodType ?? 'financial_year';
  if (filter.metrics?.length) {
    where.push('list_contains($metrics::varchar[], metric)');
    params.metrics = filter.metrics;
  }
  if (filter.places?.length) {
    where.push('list_contains($places::varchar[], place)');
    params.places = filter.places;
  }
  const bound: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) bound[key] = Array.isArray(value) ? `[${value.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]` : value;
  const sql = `
    select metric, entity_type, entity_id, entity_name, period_type, period, financial_year, place, place_name,
           value, numerator, denominator, unit, coverage, category, baseline_period
    from metrics.indicators
    where ${where.join(' and ')}
    order by entity_type desc, entity_id, period, metric,
             case place when 'all' then 0 when 'home' then 1 when 'cluster' then 2 when 'region' then 3 when 'nation' then 4
                        when 'rest_of_uk' then 5 when 'uk' then 5 when 'outside_uk' then 6 when 'unknown' then 7 else 8 end,
             category nulls first`;
  return (await warehouse.all(sql, bound)) as unknown as IndicatorRow[];
}
