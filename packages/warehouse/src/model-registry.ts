import { changeBetweenPeriodsSql, factMetricViewSql } from './fact-metric-compiler';
import { factMetrics, metricCatalogue } from './metric-catalogue';
import { changeAgainstBaselineSql, factIndicatorValues, indicatorsSql, indicatorValuesSql, metricDefinitionsSql, metricViewSql } from './metric-compiler';
import type { BuildSettings } from './build-settings';

/**
 * The model registry: every model of the warehouse, its layer, how it is materialized and
 * whether an incremental build updates it in place. The one list the build, the build plan and
 * the layer test read.
 */
export type ModelLayer = 'staging' | 'intermediate' | 'marts' | 'metrics' | 'audit';

export interface ModelDefinition {
  /** Layer folder and schema. */
  layer: ModelLayer;
  name: string;
  /** Marts and ranked metrics are tables (fast for BI tools); the other layers are views. */
  materialized: 'view' | 'table';
  /**
   * SQL compiled from the metric catalogue instead of read from models/<layer>/<name>.sql;
   * `anchorsInScope` (incremental builds of an `incremental` model) is a filter on anchor_id
   * that the SQL applies to the payments it reads.
   */
  compiled?: (settings: BuildSettings, anchorsInScope?: string) => string;
  /**
   * Tables that an incremental build updates in place instead of rebuilding (see
   * build-plan.ts): 'anchor' replaces the rows of the changed anchors (the table has an
   * anchor_id column); 'entity' replaces the rows of every reporting entity (anchor or
   * partnership) with a changed anchor (entity_type and entity_id columns). The SQL must give,
   * for those rows, exactly what a full build gives: rows of one anchor or entity may depend
   * only on that anchor's or entity's payments and on the global inputs in the fingerprint.
   * 'supplier' replaces the rows of every supplier the changed anchors paid, before or after
   * (a supplier_key column): the table combines a per-anchor table (`summarises`, one row per
   * supplier and anchor, updated earlier in the same build) and its `anchors` column counts
   * those rows, so a supplier the changed anchors no longer pay is found by its count; its
   * other inputs must be per supplier and change only with the suppliers' paying anchors (a
   * changed classification marks them changed, build-plan.ts) or with the fingerprint.
   */
  incremental?: 'anchor' | 'entity' | 'supplier';
  /** 'supplier' tables only: the per-anchor table they combine (see `incremental`). */
  summarises?: string;
  /**
   * An incremental table whose rows, for every anchor, also depend on the loaded organisation
   * registers (raw.organisations: the ownership forms of matched suppliers): an incremental
   * build rebuilds it whole when a register file changed (BuildPlan.registersChanged).
   */
  readsRegisters?: true;
  /**
   * 'entity' tables only: the rows not computed per entity from its payments (the fact metrics
   * of indicator_values), which the model's scoped SQL leaves out: `rows` selects them in the
   * table, `sql` computes them for every entity. An incremental build replaces them whole;
   * a full build is one statement of the model's SQL (which gives them too), not batches.
   */
  everyEntityRows?: { rows: string; sql: string };
  /**
   * A table built only from the config snapshot, the global inputs and its own SQL (all in
   * the build fingerprint), never from payments, suppliers or postcodes: an incremental build
   * keeps it as the last build made it.
   */
  fromFingerprintOnly?: true;
}

/** Models in dependency order. */
export const models: readonly ModelDefinition[] = [
  { layer: 'staging', name: 'stg_ledger__ap_payments', materialized: 'view' },
  { layer: 'staging', name: 'stg_reference__postcode_locations', materialized: 'view' },
  { layer: 'staging', name: 'stg_reference__respend_rates', materialized: 'view' },
  { layer: 'staging', name: 'stg_config__anchors', materialized: 'view' },
  { layer: 'staging', name: 'stg_config__partnership_members', materialized: 'view' },
  { layer: 'staging', name: 'stg_config__anchor_geographies', materialized: 'view' },
  { layer: 'staging', name: 'stg_matching__supplier_classifications', materialized: 'view' },
  { layer: 'staging', name: 'stg_reference__registered_firms', materialized: 'view' },
  { layer: 'marts', name: 'dim_anchors', materialized: 'table', fromFingerprintOnly: true },
  { layer: 'marts', name: 'dim_dates', materialized: 'table' },
  { layer: 'marts', name: 'dim_sic_sections', materialized: 'table', fromFingerprintOnly: true },
  { layer: 'marts', name: 'dim_geographies', materialized: 'table', fromFingerprintOnly: true },
  { layer: 'marts', name: 'dim_reporting_entities', materialized: 'table', fromFingerprintOnly: true },
  { layer: 'intermediate', name: 'int_supplier_names_keyed', materialized: 'table', incremental: 'anchor' },
  { layer: 'intermediate', name: 'int_payments_located', materialized: 'view' },
  { layer: 'intermediate', name: 'int_payments_banded', materialized: 'view' },
  { layer: 'intermediate', name: 'int_payments_flagged', materialized: 'view' },
  { layer: 'marts', name: 'fct_ap_payments', materialized: 'table', incremental: 'anchor' },
  { layer: 'marts', name: 'fct_supplier_spend_by_anchor', materialized: 'table', incremental: 'anchor' },
  { layer: 'marts', name: 'dim_suppliers', materialized: 'table', incremental: 'supplier', summarises: 'marts.fct_supplier_spend_by_anchor' },
  { layer: 'marts', name: 'fct_spend_monthly', materialized: 'table', incremental: 'anchor' },
  { layer: 'staging', name: 'stg_hr__workforce_records', materialized: 'view' },
  { layer: 'staging', name: 'stg_reference__living_wage_rates', materialized: 'view' },
  { layer: 'intermediate', name: 'int_workforce_posts_in_post', materialized: 'view' },
  { layer: 'marts', name: 'fct_workforce_snapshots', materialized: 'table' },
  { layer: 'staging', name: 'stg_land__assets', materialized: 'view' },
  { layer: 'intermediate', name: 'int_land_registers_dated', materialized: 'view' },
  { layer: 'marts', name: 'fct_land_assets', materialized: 'table' },
  { layer: 'staging', name: 'stg_land__nhs_estate_returns', materialized: 'view' },
  { layer: 'marts', name: 'fct_nhs_estates', materialized: 'table' },
  { layer: 'staging', name: 'stg_grants__awards', materialized: 'view' },
  { layer: 'intermediate', name: 'int_grants_recipients_located', materialized: 'view' },
  { layer: 'marts', name: 'fct_grants', materialized: 'table' },
  { layer: 'staging', name: 'stg_registers__organisations', materialized: 'view' },
  { layer: 'staging', name: 'stg_reference__ownership_form_rules', materialized: 'view' },
  { layer: 'intermediate', name: 'int_organisations_ownership_formed', materialized: 'view' },
  { layer: 'intermediate', name: 'int_suppliers_ownership_formed', materialized: 'view' },
  { layer: 'intermediate', name: 'int_supplier_names_ownership_formed', materialized: 'view' },
  { layer: 'marts', name: 'fct_place_organisations', materialized: 'table' },
  { layer: 'marts', name: 'fct_supplier_ownership_spend', materialized: 'table', incremental: 'anchor', readsRegisters: true },
  { layer: 'metrics', name: 'metric_definitions', materialized: 'table', compiled: () => metricDefinitionsSql(), fromFingerprintOnly: true },
  ...metricCatalogue.map((m): ModelDefinition => ({ layer: 'metrics', name: m.name, materialized: 'view', compiled: () => metricViewSql(m) })),
  ...factMetrics.map((m): ModelDefinition => ({ layer: 'metrics', name: m.name, materialized: 'view', compiled: () => factMetricViewSql(m) })),
  { layer: 'metrics', name: 'indicator_values', materialized: 'table', compiled: (_, anchorsInScope) => indicatorValuesSql(anchorsInScope), incremental: 'entity', everyEntityRows: factIndicatorValues() },
  { layer: 'metrics', name: 'change_against_baseline', materialized: 'view', compiled: (s) => changeAgainstBaselineSql(s.baselineYear) },
  { layer: 'metrics', name: 'change_between_periods', materialized: 'view', compiled: () => changeBetweenPeriodsSql() },
  { layer: 'metrics', name: 'indicators', materialized: 'view', compiled: () => indicatorsSql() },
  { layer: 'metrics', name: 'local_spend_by_financial_year', materialized: 'view' },
  { layer: 'marts', name: 'fct_registered_firms', materialized: 'table', fromFingerprintOnly: true },
  { layer: 'marts', name: 'fct_top_suppliers_ranked', materialized: 'table', incremental: 'entity' },
  { layer: 'metrics', name: 'top_suppliers', materialized: 'view' },
  { layer: 'metrics', name: 'leakage', materialized: 'table', incremental: 'entity' },
  { layer: 'audit', name: 'runs', materialized: 'view' },
  { layer: 'audit', name: 'source_files', materialized: 'view' },
  { layer: 'audit', name: 'load_batches', materialized: 'view' },
  { layer: 'audit', name: 'quarantine', materialized: 'view' },
];

/** The models an incremental build updates in place (the build plan checks they exist). */
export function incrementalModels(): readonly ModelDefinition[] {
  return models.filter((m) => m.incremental !== undefined);
}
