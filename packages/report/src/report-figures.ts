import { queryIndicators, type IndicatorRow, type Warehouse, type WorkforceIndicatorRow } from '@cwb/warehouse';
import { PILLAR_SECTIONS, pillarMetrics } from './pillar-sections';

/** Which reporting entities and years a report covers; nothing given: every entity and year. */
export interface ReportSelection {
  anchors?: string[];
  partnerships?: string[];
  years?: string[];
}

/** A row of metrics.leakage: the categories and sectors with the most spend outside the place. */
export interface LeakageRow {
  entity_type: 'anchor' | 'partnership';
  entity_id: string;
  entity_name: string;
  period: string;
  dimension: 'category' | 'sector';
  rank: number;
  item: string;
  non_local_spend_gbp: number;
  spend_gbp: number;
  non_local_share: number | null;
  local_firms_in_sector: number | null;
}

/** A row of metrics.workforce_indicators (small cells suppressed by the warehouse), its snapshot date as YYYY-MM-DD. */
export type WorkforceRow = Omit<WorkforceIndicatorRow, 'numerator' | 'denominator'>;

/** Files, rows read, loaded, quarantined and skipped per anchor, summed over audit.source_files (one row per source file). */
export interface FileAccountRow {
  anchor_id: string;
  files: number;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  rows_skipped: number;
}

/** Everything a report shows, as read from the snapshot: figures are never computed here. */
export interface ReportFigures {
  indicators: IndicatorRow[];
  leakage: LeakageRow[];
  workforce: WorkforceRow[];
  files: FileAccountRow[];
}

/** Metrics the report's charts and tables read from metrics.indicators (financial-year grain): spend's, then the other pillars' (every fact metric of their catalogue sections). */
export const REPORT_METRICS: readonly string[] = [
  'total_spend',
  'share_within_place',
  'spend_within_place',
  'spend_within_place_change',
  'spend_in_place',
  'spend_by_supplier_lad',
  'spend_most_deprived_10pct',
  'spend_most_deprived_20pct',
  'sme_spend',
  'vcse_spend',
  'locally_owned_spend',
  'coverage_located',
  'coverage_unknown_location',
  'coverage_unmatched',
  'coverage_excluded',
  ...PILLAR_SECTIONS.flatMap(pillarMetrics),
];

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return Number(value);
}

async function relationExists(warehouse: Warehouse, schema: string, name: string): Promise<boolean> {
  const rows = await warehouse.all('select 1 from information_schema.tables where table_schema = $1 and table_name = $2', [schema, name]);
  return rows.length > 0;
}

function entityWhere(selection: ReportSelection, params: Record<string, string>): string {
  const parts: string[] = [];
  const list = (values: string[]) => `[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;
  if (selection.anchors?.length) {
    params.anchors = list(selection.anchors);
    parts.push("(entity_type = 'anchor' and list_contains($anchors::varchar[], entity_id))");
  }
  if (selection.partnerships?.length) {
    params.partnerships = list(selection.partnerships);
    parts.push("(entity_type = 'partnership' and list_contains($partnerships::varchar[], entity_id))");
  }
  const where = parts.length ? [`(${parts.join(' or ')})`] : [];
  if (selection.years?.length) {
    params.years = list(selection.years);
    where.push('list_contains($years::varchar[], financial_year)');
  }
  return where.length ? where.join(' and ') : 'true';
}

/** Reads the report's figures from a published snapshot (or any warehouse with its models built). */
export async function readReportFigures(warehouse: Warehouse, selection: ReportSelection = {}): Promise<ReportFigures> {
  const indicators = await queryIndicators(warehouse, {
    anchors: selection.anchors,
    partnerships: selection.partnerships,
    years: selection.years,
    periodType: 'financial_year',
    metrics: [...REPORT_METRICS],
  });
  const params: Record<string, string> = {};
  const where = entityWhere(selection, params);
  const leakage = (
    await warehouse.all(
      `select entity_type, entity_id, entity_name, period, dimension, rank, item, non_local_spend_gbp, spend_gbp, non_local_share, local_firms_in_sector
       from metrics.leakage where period_type = 'financial_year' and rank <= 10 and ${where}
       order by entity_type desc, entity_id, period, dimension, rank`,
      params,
    )
  ).map((r) => ({
    ...(r as unknown as LeakageRow),
    rank: Number(r.rank),
    non_local_spend_gbp: Number(r.non_local_spend_gbp),
    spend_gbp: Number(r.spend_gbp),
    non_local_share: toNumber(r.non_local_share),
    local_firms_in_sector: toNumber(r.local_firms_in_sector),
  }));
  const workforce = (await relationExists(warehouse, 'metrics', 'workforce_indicators'))
    ? (
        await warehouse.all(
          `select metric, entity_type, entity_id, entity_name, financial_year, snapshot_date::varchar as snapshot_date, place, category, value, unit, is_suppressed, suppression
           from metrics.workforce_indicators where ${where} order by entity_type desc, entity_id, snapshot_date, metric, place, category`,
          params,
        )
      ).map((r) => ({ ...(r as unknown as WorkforceRow), value: toNumber(r.value), is_suppressed: Boolean(r.is_suppressed) }))
    : [];
  const anchorIds = [...new Set(indicators.filter((r) => r.entity_type === 'anchor').map((r) => r.entity_id))];
  const files = anchorIds.length
    ? (
        await warehouse.all(
          `select anchor_id, count(*) as files, sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded,
                  sum(rows_quarantined) as rows_quarantined, sum(rows_skipped) as rows_skipped
           from audit.source_files where list_contains($anchors::varchar[], anchor_id) group by anchor_id order by anchor_id`,
          { anchors: `[${anchorIds.map((a) => `'${a.replace(/'/g, "''")}'`).join(',')}]` },
        )
      ).map((r) => ({
        anchor_id: String(r.anchor_id),
        files: Number(r.files),
        rows_read: Number(r.rows_read),
        rows_loaded: Number(r.rows_loaded),
        rows_quarantined: Number(r.rows_quarantined),
        rows_skipped: Number(r.rows_skipped),
      }))
    : [];
  return { indicators, leakage, workforce, files };
}
