import { suppressSmallCells, type SuppressionCell, type SuppressionEquation } from '@cwb/workforce';
import { workforceCatalogue, type WorkforceMetric } from './metric-catalogue';
import { sqlString, type Warehouse } from './warehouse-connection';

/** Cells of fewer people than this are not published (primary suppression); see @cwb/workforce. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

const { cells: CELLS, cell_groups: CELL_GROUPS } = workforceCatalogue;
/** The values of a cell group of the catalogue (band: home … unknown; contract: permanent … not_given). */
const groupValues = (group: string): readonly string[] => CELL_GROUPS[group]?.values ?? [];
const BANDS = groupValues('band');
const CONTRACTS = groupValues('contract');
/** Every counted cell: the named ones and <group>:<value>. */
const cellKeys = [...Object.keys(CELLS), ...Object.entries(CELL_GROUPS).flatMap(([group, g]) => g.values.map((v) => `${group}:${v}`))];

interface EntityYear {
  entity_type: string;
  entity_id: string;
  entity_name: string;
  financial_year: string;
  snapshot_date: string;
  fte: number;
  counts: Record<string, number>;
  pay: { men: number; women: number; men_mean: number | null; women_mean: number | null; men_median: number | null; women_median: number | null };
  bands: string[];
  members: string[];
}

async function entityYears(warehouse: Warehouse): Promise<EntityYear[]> {
  // One count per cell of the catalogue, each a filter over the snapshot facts.
  const countColumns = [
    ...Object.entries(CELLS).map(([cell, filter]) => `count(*) filter (where ${filter}) as "${cell}"`),
    ...Object.entries(CELL_GROUPS).flatMap(([group, g]) => g.values.map((value) => `count(*) filter (where ${g.column} = ${sqlString(value)}) as "${group}:${value}"`)),
  ];
  const rows = await warehouse.all<Record<string, unknown>>(
    `with people as (
         select entities.entity_type, entities.entity_id, entities.entity_name, facts.*
         from marts.fct_workforce_snapshots as facts
         inner join marts.dim_reporting_entities as entities on facts.anchor_id = entities.anchor_id
     ),
     bands as (
         select entities.entity_type, entities.entity_id, list(distinct geographies.location_band) as bands
         from marts.dim_reporting_entities as entities
         inner join marts.dim_geographies as geographies on entities.anchor_id = geographies.anchor_id
         group by all
     )
     select
         people.entity_type, people.entity_id, people.entity_name, people.financial_year,
         strftime(max(people.snapshot_date), '%Y-%m-%d') as snapshot_date,
         sum(people.fte) as fte,
         list(distinct people.anchor_id order by people.anchor_id) as members,
         any_value(bands.bands) as bands,
         ${countColumns.join(',\n         ')},
         count(*) filter (where gender = 'male' and hourly_pay_pence is not null) as men,
         count(*) filter (where gender = 'female' and hourly_pay_pence is not null) as women,
         avg(hourly_pay_pence) filter (where gender = 'male') as men_mean,
         avg(hourly_pay_pence) filter (where gender = 'female') as women_mean,
         median(hourly_pay_pence) filter (where gender = 'male') as men_median,
         median(hourly_pay_pence) filter (where gender = 'female') as women_median
     from people
     left join bands on people.entity_type = bands.entity_type and people.entity_id = bands.entity_id
     group by people.entity_type, people.entity_id, people.entity_name, people.financial_year
     order by people.financial_year, people.entity_type, people.entity_id`,
  );
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return rows.map((row) => {
    const counts: Record<string, number> = {};
    for (const key of cellKeys) {
      counts[key] = Number(row[key] ?? 0);
    }
    const bands = ((row.bands as string[] | null) ?? []).filter((band) => band !== 'outside_uk');
    return {
      entity_type: String(row.entity_type),
      entity_id: String(row.entity_id),
      entity_name: String(row.entity_name),
      financial_year: String(row.financial_year),
      snapshot_date: String(row.snapshot_date),
      fte: Number(row.fte ?? 0),
      counts,
      pay: {
        men: Number(row.men ?? 0),
        women: Number(row.women ?? 0),
        men_mean: num(row.men_mean),
        women_mean: num(row.women_mean),
        men_median: num(row.men_median),
        women_median: num(row.women_median),
      },
      bands: BANDS.filter((band) => band === 'unknown' || bands.includes(band)),
      members: (row.members as string[]) ?? [],
    };
  });
}

/** Cells and equations of one entity: what is published, what is hidden, what adds up to what. */
function entityCells(entity: EntityYear): { cells: SuppressionCell[]; equations: SuppressionEquation[] } {
  const id = (key: string) => `${entity.entity_type}:${entity.entity_id}|${key}`;
  const c = entity.counts as Record<string, number>;
  const get = (key: string) => c[key] ?? 0;
  const cells: SuppressionCell[] = [
    { id: id('h'), count: get('h') },
    ...entity.bands.map((band) => ({ id: id(`band:${band}`), count: get(`band:${band}`) })),
    ...CONTRACTS.map((contract) => ({ id: id(`contract:${contract}`), count: get(`contract:${contract}`) })),
    { id: id('k'), count: get('k') },
    { id: id('d1'), count: get('d1') },
    { id: id('d12'), count: get('d12') },
    { id: id('l'), count: get('l') },
    { id: id('p'), count: get('p') },
    { id: id('n'), count: get('n') },
    { id: id('s'), count: get('s') },
    { id: id('s_home'), count: get('s_home') },
    { id: id('decile_unknown'), count: get('h') - get('k'), hidden: true },
    { id: id('d2'), count: get('d12') - get('d1'), hidden: true },
    { id: id('d3_10'), count: get('k') - get('d12'), hidden: true },
    { id: id('pay_unknown'), count: get('h') - get('l'), hidden: true },
    { id: id('s_elsewhere'), count: get('s') - get('s_home'), hidden: true },
    { id: id('not_new'), count: get('h') - get('s'), hidden: true },
  ];
  const equations: SuppressionEquation[] = [
    { total: id('h'), parts: entity.bands.map((band) => id(`band:${band}`)) },
    { total: id('h'), parts: CONTRACTS.map((contract) => id(`contract:${contract}`)) },
    { total: id('h'), parts: [id('k'), id('decile_unknown')] },
    { total: id('k'), parts: [id('d12'), id('d3_10')] },
    { total: id('d12'), parts: [id('d1'), id('d2')] },
    { total: id('h'), parts: [id('l'), id('pay_unknown')] },
    { total: id('l'), parts: [id('p'), id('n')] },
    { total: id('s'), parts: [id('s_home'), id('s_elsewhere')] },
    { total: id('h'), parts: [id('s'), id('not_new')] },
  ];
  return { cells, equations };
}

/** A row of metrics.workforce_indicators. */
export interface WorkforceIndicatorRow {
  metric: string;
  entity_type: string;
  entity_id: string;
  entity_name: string;
  financial_year: string;
  snapshot_date: string;
  place: string;
  category: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  unit: string;
  is_suppressed: boolean;
  suppression: string | null;
}

/**
 * Builds metrics.workforce_indicators: every workforce metric per anchor and partnership and
 * financial-year snapshot, with small cells and the cells that would reveal them suppressed
 * (value, numerator and denominator null, `is_suppressed`, `suppression` primary|secondary).
 * A partnership's cells are the sums of its members' cells, so they are equations too.
 */
export async function buildWorkforceIndicators(warehouse: Warehouse, options: { suppression_threshold?: number } = {}): Promise<number> {
  const threshold = options.suppression_threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const entities = await entityYears(warehouse);
  const rows: WorkforceIndicatorRow[] = [];
  for (const year of [...new Set(entities.map((e) => e.financial_year))]) {
    const inYear = entities.filter((e) => e.financial_year === year);
    const cells: SuppressionCell[] = [];
    const equations: SuppressionEquation[] = [];
    for (const entity of inYear) {
      const own = entityCells(entity);
      cells.push(...own.cells);
      equations.push(...own.equations);
    }
    const cellIds = new Set(cells.map((cell) => cell.id));
    for (const partnership of inYear.filter((e) => e.entity_type === 'partnership')) {
      const prefix = `partnership:${partnership.entity_id}|`;
      for (const cell of cells.filter((candidate) => candidate.id.startsWith(prefix))) {
        const key = cell.id.slice(prefix.length);
        const parts = partnership.members.map((member) => `anchor:${member}|${key}`).filter((part) => cellIds.has(part));
        if (parts.length > 0) equations.push({ total: cell.id, parts });
      }
    }
    const { suppressed } = suppressSmallCells(cells, equations, threshold);
    for (const entity of inYear) rows.push(...indicatorRows(entity, suppressed, threshold));
  }
  await warehouse.run('create schema if not exists metrics');
  await warehouse.run(
    `create or replace table metrics.workforce_indicators (
        metric varchar not null, entity_type varchar not null, entity_id varchar not null, entity_name varchar not null,
        financial_year varchar not null, snapshot_date date not null, place varchar not null, category varchar not null,
        value double, numerator double, denominator double, unit varchar not null,
        is_suppressed boolean not null, suppression varchar)`,
  );
  for (const row of rows) {
    await warehouse.run('insert into metrics.workforce_indicators values ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13, $14)', [
      row.metric, row.entity_type, row.entity_id, row.entity_name, row.financial_year, row.snapshot_date, row.place, row.category,
      row.value, row.numerator, row.denominator, row.unit, row.is_suppressed, row.suppression,
    ]);
  }
  await warehouse.run(
    'create or replace table metrics.workforce_metric_definitions (metric varchar primary key, label varchar not null, description varchar not null, unit varchar not null)',
  );
  for (const metric of workforceCatalogue.metrics) {
    await warehouse.run('insert into metrics.workforce_metric_definitions values ($1, $2, $3, $4)', [metric.name, metric.label, metric.description, metric.unit]);
  }
  await warehouse.run(
    "comment on table metrics.workforce_metric_definitions is 'grain: one row per workforce metric in the catalogue (defined once, in the catalogue: packages/warehouse/catalogue/metrics.yaml)'",
  );
  await warehouse.run(
    `comment on table metrics.workforce_indicators is 'grain: one row per workforce metric, reporting entity (anchor or partnership), financial-year snapshot, place and category. Cells of 1 to ${threshold - 1} people, and cells that would reveal them through totals, are suppressed (value, numerator and denominator null).'`,
  );
  return rows.length;
}

function indicatorRows(entity: EntityYear, suppressed: Map<string, 'primary' | 'secondary'>, threshold: number): WorkforceIndicatorRow[] {
  const id = (key: string) => `${entity.entity_type}:${entity.entity_id}|${key}`;
  const count = (key: string) => entity.counts[key] ?? 0;
  const base = {
    entity_type: entity.entity_type,
    entity_id: entity.entity_id,
    entity_name: entity.entity_name,
    financial_year: entity.financial_year,
    snapshot_date: entity.snapshot_date,
  };
  const row = (
    metric: string,
    unit: string,
    keys: string[],
    figures: { value: number | null; numerator: number | null; denominator: number | null },
    dims: { place?: string; category?: string } = {},
    smallGroup = false,
  ): WorkforceIndicatorRow => {
    const reasons = keys.map((key) => suppressed.get(id(key))).filter((reason) => reason !== undefined);
    const hidden = reasons.length > 0 || smallGroup;
    return {
      metric,
      ...base,
      place: dims.place ?? 'all',
      category: dims.category ?? 'all',
      unit,
      ...(hidden ? { value: null, numerator: null, denominator: null } : figures),
      is_suppressed: hidden,
      suppression: smallGroup || reasons.includes('primary') ? 'primary' : reasons.length > 0 ? 'secondary' : null,
    };
  };
  const share = (numerator: string, denominator: string) => ({
    value: count(denominator) > 0 ? Math.round((count(numerator) / count(denominator)) * 1e6) / 1e6 : null,
    numerator: count(numerator),
    denominator: count(denominator),
  });
  const people = (key: string, denominator: string | null = null) => ({
    value: count(key),
    numerator: count(key),
    denominator: denominator ? count(denominator) : null,
  });
  const pounds = (pence: number | null) => (pence === null ? null : Math.round(pence) / 100);
  const gap = (men: number | null, women: number | null) => ({
    value: men && women !== null ? Math.round(((men - women) / men) * 1e6) / 1e6 : null,
    numerator: pounds(men),
    denominator: pounds(women),
  });
  const smallPayGroup = (entity.pay.men > 0 && entity.pay.men < threshold) || (entity.pay.women > 0 && entity.pay.women < threshold) || entity.pay.men === 0 || entity.pay.women === 0;
  const rowsOf = (metric: WorkforceMetric): WorkforceIndicatorRow[] => {
    const f = metric.formula;
    const small = metric.suppression === 'pay_groups' && smallPayGroup;
    if ('pay_gap' in f) {
      const gapOf = f.pay_gap === 'mean' ? gap(entity.pay.men_mean, entity.pay.women_mean) : gap(entity.pay.men_median, entity.pay.women_median);
      return [row(metric.name, metric.unit, [], gapOf, {}, small)];
    }
    if ('fte' in f) {
      const fte = Math.round(entity.fte * 1e4) / 1e4;
      return [row(metric.name, metric.unit, [f.fte], { value: fte, numerator: fte, denominator: null }, {}, small)];
    }
    if ('people' in f) return [row(metric.name, metric.unit, [f.people, ...(f.of ? [f.of] : [])], people(f.people, f.of ?? null), {}, small)];
    if (f.by) {
      // one row per value of the group: the entity's own bands for places, every value for categories
      const values = f.share === 'band' ? entity.bands : groupValues(f.share);
      return values.map((value) => row(metric.name, metric.unit, [`${f.share}:${value}`, f.of], share(`${f.share}:${value}`, f.of), { [f.by!]: value }, small));
    }
    return [row(metric.name, metric.unit, [f.share, f.of], share(f.share, f.of), {}, small)];
  };
  return workforceCatalogue.metrics.flatMap(rowsOf);
}
