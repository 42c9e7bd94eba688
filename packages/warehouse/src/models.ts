import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  indicatorSettingsSchema,
  type Anchor,
  type IndicatorSettingsInput,
  type Partnership,
} from '@cwb/contracts';
import { compileExclusionFlags, resolveExclusions, type CompiledExclusionFlags } from './exclusions';
import { metricCatalogue } from './metric-catalogue';
import {
  changeAgainstBaselineSql,
  indicatorColumns,
  indicatorsSql,
  indicatorValuesSql,
  metricDefinitionsSql,
  metricViewSql,
} from './metric-compiler';
import { buildFingerprint, planBuild, recordBuildState, type BuildPlan } from './build-plan';
import { sharedMacrosSql } from './migrations';
import { sqlString, type Warehouse } from './warehouse-connection';
import { buildWorkforceIndicators, writeLivingWageRates } from './workforce-indicators';

const modelsDir = fileURLToPath(new URL('../models', import.meta.url));

export type ModelLayer = 'staging' | 'intermediate' | 'marts' | 'metrics' | 'audit';

export interface ModelDefinition {
  /** Layer folder and schema. */
  layer: ModelLayer;
  name: string;
  /** Marts and ranked metrics are tables (fast for BI tools); the other layers are views. */
  materialized: 'view' | 'table';
  /** SQL compiled from the metric catalogue instead of read from models/<layer>/<name>.sql. */
  compiled?: (settings: BuildSettings) => string;
  /**
   * Tables that an incremental build updates in place instead of rebuilding (see
   * build-plan.ts): 'anchor' replaces the rows of the changed anchors (the table has an
   * anchor_id column); 'entity' replaces the rows of every reporting entity (anchor or
   * partnership) with a changed anchor (entity_type and entity_id columns). The SQL must give,
   * for those rows, exactly what a full build gives: rows of one anchor or entity may depend
   * only on that anchor's or entity's payments and on the global inputs in the fingerprint.
   */
  incremental?: 'anchor' | 'entity';
}

/** The location bands a geography row can fill (outside_uk and unknown need no list). */
export type GeographyBand = 'home' | 'cluster' | 'region' | 'nation' | 'rest_of_uk';

/** One local-authority code in one of an anchor's location bands (raw.anchor_geographies). */
export interface AnchorGeography {
  anchor_id: string;
  band: GeographyBand;
  place_name: string;
  place_code: string | null;
  lad_code: string | null;
}

interface BuildSettings {
  baselineYear: string | undefined;
  topN: number;
  minMatchConfidence: number;
  flags: CompiledExclusionFlags;
  excludedFlags: string[];
}

/** Models in dependency order. */
export const models: readonly ModelDefinition[] = [
  { layer: 'staging', name: 'stg_ledger__ap_payments', materialized: 'view' },
  { layer: 'staging', name: 'stg_ledger__supplier_names', materialized: 'table', incremental: 'anchor' },
  { layer: 'staging', name: 'stg_reference__postcode_locations', materialized: 'view' },
  { layer: 'staging', name: 'stg_reference__respend_rates', materialized: 'view' },
  { layer: 'staging', name: 'stg_config__anchors', materialized: 'view' },
  { layer: 'staging', name: 'stg_config__partnership_members', materialized: 'view' },
  { layer: 'staging', name: 'stg_config__anchor_geographies', materialized: 'view' },
  { layer: 'staging', name: 'stg_matching__supplier_classifications', materialized: 'view' },
  { layer: 'marts', name: 'dim_anchors', materialized: 'table' },
  { layer: 'marts', name: 'dim_dates', materialized: 'table' },
  { layer: 'marts', name: 'dim_sic_sections', materialized: 'table' },
  { layer: 'marts', name: 'dim_geographies', materialized: 'table' },
  { layer: 'marts', name: 'dim_reporting_entities', materialized: 'table' },
  { layer: 'intermediate', name: 'int_payments_located', materialized: 'view' },
  { layer: 'intermediate', name: 'int_payments_banded', materialized: 'view' },
  { layer: 'intermediate', name: 'int_payments_flagged', materialized: 'view' },
  { layer: 'marts', name: 'fct_ap_payments', materialized: 'table', incremental: 'anchor' },
  { layer: 'intermediate', name: 'int_suppliers_summarised', materialized: 'table', incremental: 'anchor' },
  { layer: 'marts', name: 'dim_suppliers', materialized: 'table' },
  { layer: 'marts', name: 'fct_spend_monthly', materialized: 'table' },
  { layer: 'staging', name: 'stg_hr__workforce_records', materialized: 'view' },
  { layer: 'staging', name: 'stg_reference__living_wage_rates', materialized: 'view' },
  { layer: 'intermediate', name: 'int_workforce_posts_in_post', materialized: 'view' },
  { layer: 'marts', name: 'fct_workforce_snapshots', materialized: 'table' },
  { layer: 'metrics', name: 'local_spend_by_financial_year', materialized: 'view' },
  { layer: 'metrics', name: 'metric_definitions', materialized: 'table', compiled: () => metricDefinitionsSql() },
  ...metricCatalogue.map((m): ModelDefinition => ({ layer: 'metrics', name: m.name, materialized: 'view', compiled: () => metricViewSql(m) })),
  { layer: 'metrics', name: 'indicator_values', materialized: 'table', compiled: () => indicatorValuesSql() },
  { layer: 'metrics', name: 'change_against_baseline', materialized: 'view', compiled: (s) => changeAgainstBaselineSql(s.baselineYear) },
  { layer: 'metrics', name: 'indicators', materialized: 'view', compiled: () => indicatorsSql() },
  { layer: 'intermediate', name: 'int_top_suppliers_ranked', materialized: 'table', incremental: 'entity' },
  { layer: 'metrics', name: 'top_suppliers', materialized: 'view' },
  { layer: 'metrics', name: 'leakage', materialized: 'table', incremental: 'entity' },
  { layer: 'audit', name: 'runs', materialized: 'view' },
  { layer: 'audit', name: 'source_files', materialized: 'view' },
  { layer: 'audit', name: 'load_batches', materialized: 'view' },
  { layer: 'audit', name: 'quarantine', materialized: 'view' },
];

/** The model's SQL with its `{{placeholders}}` filled from the build settings. */
export async function modelSql(
  model: ModelDefinition,
  settings: BuildSettings = defaultBuildSettings(),
  /** The anchors whose payments a per-entity model reads (incremental and batched builds); default all. */
  anchorsInScope?: readonly string[],
): Promise<string> {
  if (model.compiled) return model.compiled(settings);
  const text = await readFile(join(modelsDir, model.layer, `${model.name}.sql`), 'utf8');
  const flagSql: Record<string, string> = settings.flags.flags;
  const flags = Object.keys(flagSql);
  const context: Record<string, string> = {
    top_n: String(settings.topN),
    min_match_confidence: String(settings.minMatchConfidence),
    anchors_in_scope: anchorsInScope ? `anchor_id in (${anchorsInScope.length ? anchorsInScope.map(sqlString).join(', ') : 'null'})` : 'true',
    exclusion_field_lookups: settings.flags.lookups,
    exclusion_field_joins: settings.flags.joins,
    exclusion_flag_columns: flags.map((f) => `        ${flagSql[f]} as is_${f}_payment`).join(',\n'),
    exclusion_flag_list: flags.map((f) => `        payments.is_${f}_payment,`).join('\n'),
    influenceable_expression: settings.excludedFlags.length
      ? `not (${settings.excludedFlags.map((f) => `is_${f}_payment`).join(' or ')})`
      : 'true',
    exclusion_reason_expression: settings.excludedFlags.length
      ? `case ${settings.excludedFlags.map((f) => `when is_${f}_payment then '${f}'`).join(' ')} end`
      : 'cast(null as varchar)',
  };
  const fill = (sql: string) =>
    sql.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => {
      const value = context[key];
      if (value === undefined) throw new Error(`models/${model.layer}/${model.name}.sql: unknown placeholder ${match}`);
      return value;
    });
  // Twice: the compiled exclusion lookups carry {{anchors_in_scope}} themselves.
  const sql = fill(fill(text));
  return anchorsInScope ? inlineIntermediateViews(sql, settings, anchorsInScope) : sql;
}

/**
 * For a build scoped to some anchors: every intermediate view the SQL reads becomes a subquery
 * of that view's SQL compiled for the same anchors (dbt's "ephemeral" models), recursively. A
 * filter on the outer query does not reach the lookups inside the views (DuckDB does not push
 * an anchor filter across a left join to its right side), so without this a one-anchor update
 * of fct_ap_payments read every anchor's supplier names and exclusion values.
 */
async function inlineIntermediateViews(sql: string, settings: BuildSettings, anchorsInScope: readonly string[]): Promise<string> {
  let out = sql;
  for (const view of models.filter((m) => m.layer === 'intermediate' && m.materialized === 'view')) {
    const reference = new RegExp(`\\b(from|join)\\s+intermediate\\.${view.name}\\b`, 'g');
    if (!reference.test(out)) continue;
    const inlined = (await modelSql(view, settings, anchorsInScope)).replace(/;\s*$/, '');
    out = out.replace(reference, (_, keyword: string) => `${keyword} (\n${inlined}\n) as ${view.name}`);
  }
  return out;
}

function buildSettings(input: IndicatorSettingsInput = {}): BuildSettings {
  const settings = indicatorSettingsSchema.parse(input);
  const exclusions = resolveExclusions(settings.exclusions);
  return {
    baselineYear: settings.baseline_year,
    topN: settings.top_suppliers,
    minMatchConfidence: settings.min_match_confidence,
    flags: compileExclusionFlags(exclusions.rules),
    excludedFlags: exclusions.excludedFlags,
  };
}

function defaultBuildSettings(): BuildSettings {
  return buildSettings({});
}

/** Replaces the configured anchors (a snapshot of the config, no personal data). */
export async function writeAnchors(warehouse: Warehouse, anchors: readonly Anchor[]): Promise<void> {
  await warehouse.run('delete from raw.anchors');
  for (const anchor of anchors) {
    await warehouse.run('insert into raw.anchors values ($1, $2, $3, $4, $5::varchar[])', [
      anchor.id,
      anchor.name,
      anchor.type,
      anchor.home.name,
      `[${anchor.home.lad_codes.join(',')}]`,
    ]);
  }
}

const nations: Record<string, { code: string; name: string }> = {
  E: { code: 'E92000001', name: 'England' },
  W: { code: 'W92000004', name: 'Wales' },
  S: { code: 'S92000003', name: 'Scotland' },
  N: { code: 'N92000002', name: 'Northern Ireland' },
};

/**
 * The geography rows the config alone gives: the home area's LADs, and its nation (from the
 * GSS code's first letter) when every home LAD is in one nation. The worker adds the cluster,
 * region and rest-of-UK bands from the postcode reference where one is loaded.
 */
export function geographiesFromConfig(anchors: readonly Anchor[]): AnchorGeography[] {
  return anchors.flatMap((anchor) => {
    const rows: AnchorGeography[] = anchor.home.lad_codes.map((lad_code) => ({
      anchor_id: anchor.id,
      band: 'home',
      place_name: anchor.home.name,
      place_code: null,
      lad_code,
    }));
    const letters = new Set(anchor.home.lad_codes.map((c) => c[0] ?? ''));
    const nation = letters.size === 1 ? nations[[...letters][0] ?? ''] : undefined;
    if (nation) rows.push({ anchor_id: anchor.id, band: 'nation', place_name: nation.name, place_code: nation.code, lad_code: null });
    return rows;
  });
}

async function insertRows(
  warehouse: Warehouse,
  table: string,
  columns: string[],
  rows: unknown[][],
  listColumns: ReadonlySet<string> = new Set(),
): Promise<void> {
  await warehouse.run(`delete from ${table}`);
  if (rows.length === 0) return;
  // One statement per 500 rows: set-based, and a few hundred geography rows per anchor stay cheap.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const params: (string | number | boolean | null)[] = [];
    const tuples = chunk.map((row) => {
      const cells = row.map((value, i) => {
        const isList = listColumns.has(columns[i] ?? '');
        params.push((isList ? JSON.stringify(value) : value) as string | number | boolean | null);
        return isList ? `from_json($${params.length}, '["VARCHAR"]')` : `$${params.length}`;
      });
      return `(${cells.join(', ')})`;
    });
    await warehouse.run(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, params);
  }
}

export interface BuildOptions {
  partnerships?: readonly Partnership[];
  /** Location bands per anchor; default geographiesFromConfig(anchors). */
  geographies?: readonly AnchorGeography[];
  settings?: IndicatorSettingsInput;
  /** Called after each model is built, with how long it took (the bench reports these); also for the phases around them, named in parentheses. */
  onModel?: (target: string, milliseconds: number) => void;
  /** Rebuild every model from all payments, even where an incremental build would do. */
  full?: boolean;
  /** This build's id (the refresh run's id); default a random UUID. */
  buildId?: string;
  /** Payments per batch when a per-entity table is built in full (default ENTITY_BATCH_PAYMENTS). */
  entityBatchPayments?: number;
  /** Payments per batch when a per-anchor table is built in full (default ANCHOR_BATCH_PAYMENTS). */
  anchorBatchPayments?: number;
}

export interface BuildResult {
  /** Every model built or updated, in order. */
  built: string[];
  /** Full or incremental, why, and which anchors an incremental build recomputed. */
  plan: BuildPlan;
}

/**
 * Builds every model, in order. Writes the config snapshot (anchors, partnerships,
 * geographies, the resolved exclusion rules, settings) into raw first, in one transaction,
 * and documents every model with COMMENT ON from its header (and every metric from the
 * catalogue). Each model then commits on its own: inside one transaction, a table that reads
 * a table built earlier in it reads from transaction-local storage, many times slower (at 2
 * million payments, metrics.top_suppliers took 39 s inside and 0.5 s outside). Readers are not affected: the warehouse file is the loader's alone, and BI tools
 * read the published snapshot, which is swapped in only after a complete build; a build that
 * fails leaves the previous snapshot published.
 */
export async function buildModels(warehouse: Warehouse, anchors: readonly Anchor[], options: BuildOptions = {}): Promise<BuildResult> {
  const settings = buildSettings(options.settings);
  const resolved = resolveExclusions(indicatorSettingsSchema.parse(options.settings ?? {}).exclusions);
  let phaseStarted = performance.now();
  const phase = (name: string) => {
    options.onModel?.(`(${name})`, performance.now() - phaseStarted);
    phaseStarted = performance.now();
  };
  await warehouse.transaction(async () => {
    await writeAnchors(warehouse, anchors);
    const known = new Set(anchors.map((a) => a.id));
    await insertRows(
      warehouse,
      'raw.partnership_members',
      ['partnership_id', 'partnership_name', 'anchor_id'],
      (options.partnerships ?? []).flatMap((p) => [...new Set(p.anchors)].filter((a) => known.has(a)).map((a) => [p.id, p.name, a])),
    );
    await insertRows(
      warehouse,
      'raw.anchor_geographies',
      ['anchor_id', 'band', 'place_name', 'place_code', 'lad_code'],
      (options.geographies ?? geographiesFromConfig(anchors)).map((g) => [g.anchor_id, g.band, g.place_name, g.place_code, g.lad_code]),
    );
    await insertRows(
      warehouse,
      'raw.exclusion_rules',
      ['rule_id', 'flag', 'label', 'is_excluded', 'supplier_name', 'expense_type', 'expense_area', 'category', 'description', 'organisation_types', 'procurement_card'],
      resolved.rules.map((r) => [
        r.id, r.flag, r.label, resolved.excludedFlags.includes(r.flag),
        r.supplier_name, r.expense_type, r.expense_area, r.category, r.description, r.organisation_types, r.procurement_card,
      ]),
      new Set(['supplier_name', 'expense_type', 'expense_area', 'category', 'description', 'organisation_types']),
    );
    await insertRows(warehouse, 'raw.build_settings', ['key', 'value'], [
      ['baseline_year', settings.baselineYear ?? null],
      ['top_suppliers', String(settings.topN)],
      ['min_match_confidence', String(settings.minMatchConfidence)],
      ['excluded_flags', settings.excludedFlags.join(',')],
    ]);
    await writeLivingWageRates(warehouse);
  });
  phase('config snapshot');
  const compiled = await Promise.all(models.map(async (model) => (await modelSql(model, settings)).replace(/;\s*$/, '')));
  const fingerprint = await buildFingerprint(warehouse, [await sharedMacrosSql(), ...compiled].join('\n;\n'));
  const plan = await planBuild(warehouse, fingerprint, {
    full: options.full ?? false,
    anchorIds: anchors.map((a) => a.id),
    buildId: options.buildId ?? randomUUID(),
  });
  // A full build replaces the per-entity tables batch by batch: until it completes, the
  // recorded state must not vouch for them, or a build killed half-way (after `--full`, say)
  // would be followed by an incremental one that trusts a half-filled table.
  if (plan.mode === 'full') await warehouse.run('delete from build_state.fingerprint');
  phase('plan');
  // Row order in the model tables carries no meaning, and without it DuckDB writes a big
  // table on every thread (fct_ap_payments at 2 million rows: 11.8 s instead of 18.2 s).
  await warehouse.run('set preserve_insertion_order = false');
  const built: string[] = [];
  try {
    for (const [index, model] of models.entries()) {
      await warehouse.run(`create schema if not exists ${model.layer}`);
      const sql = compiled[index] as string;
      const kind = model.materialized === 'table' ? 'table' : 'view';
      const target = `${model.layer}.${model.name}`;
      const started = performance.now();
      try {
        if (plan.mode === 'incremental' && model.incremental) {
          if (plan.anchors.length > 0) await updateIncrementally(warehouse, target, (scope) => scoped(model, settings, scope), model.incremental, plan.anchors);
        } else {
          const [existing] = await warehouse.all<{ table_type: string }>(
            'select table_type from information_schema.tables where table_schema = $1 and table_name = $2',
            [model.layer, model.name],
          );
          const existingKind = existing ? (existing.table_type === 'VIEW' ? 'view' : 'table') : null;
          if (existingKind && existingKind !== kind) await warehouse.run(`drop ${existingKind} ${target} cascade`);
          if (model.incremental === 'entity') await buildByEntityBatches(warehouse, target, sql, (scope) => scoped(model, settings, scope), options.entityBatchPayments ?? ENTITY_BATCH_PAYMENTS);
          else if (model.incremental === 'anchor') await buildByAnchorBatches(warehouse, target, sql, (scope) => scoped(model, settings, scope), options.anchorBatchPayments ?? ANCHOR_BATCH_PAYMENTS);
          else await warehouse.run(`create or replace ${kind} ${target} as\n${sql}`);
          await document(warehouse, model, kind, sql);
        }
      } catch (error) {
        throw new Error(`model ${target} (${model.compiled ? 'compiled from the metric catalogue' : `models/${model.layer}/${model.name}.sql`}) failed to build: ${(error as Error).message}`);
      }
      options.onModel?.(target, performance.now() - started);
      built.push(target);
    }
  } finally {
    await warehouse.run('reset preserve_insertion_order');
  }
  phaseStarted = performance.now();
  await buildWorkforceIndicators(warehouse, {
    suppression_threshold: indicatorSettingsSchema.parse(options.settings ?? {}).small_cell_threshold,
  });
  built.push('metrics.workforce_indicators');
  phase('workforce indicators');
  await recordBuildState(warehouse, plan);
  phase('build state');
  return { built, plan };
}

/**
 * Replaces the rows of the changed anchors (or of every entity with a changed anchor) in one
 * transaction: delete them, then insert what the model's SQL gives for them. DuckDB pushes the
 * filter down through the views to the scan of raw.ap_transactions.
 */
/** A model's SQL reading only the given anchors' payments (see {{anchors_in_scope}}). */
async function scoped(model: ModelDefinition, settings: BuildSettings, anchors: readonly string[]): Promise<string> {
  return (await modelSql(model, settings, anchors)).replace(/;\s*$/, '');
}

type ScopedSql = (anchors: readonly string[]) => Promise<string>;

/** The member anchors of some entities: the payments their rows are computed from. */
async function memberAnchors(warehouse: Warehouse, entities: readonly Entity[]): Promise<string[]> {
  const rows = await warehouse.all<{ anchor_id: string }>(
    `select distinct anchor_id from marts.dim_reporting_entities where ${entityScope(entities)} order by anchor_id`,
  );
  return rows.map((r) => r.anchor_id);
}

async function updateIncrementally(warehouse: Warehouse, target: string, compile: ScopedSql, by: 'anchor' | 'entity', anchorIds: readonly string[]): Promise<void> {
  // Literal lists, not a subquery: DuckDB pushes a constant IN list down to the scans of
  // raw.ap_transactions and marts.fct_ap_payments, a semi-join it does not (16 s instead of 2 s).
  const anchorList = anchorIds.map(sqlString).join(', ');
  let scope = `anchor_id in (${anchorList})`;
  let readAnchors: readonly string[] = anchorIds;
  if (by === 'entity') {
    const entities = await entitiesIn(warehouse, anchorList);
    if (entities.length === 0) return;
    scope = entityScope(entities);
    readAnchors = await memberAnchors(warehouse, entities);
  }
  const sql = await compile(readAnchors);
  await warehouse.transaction(async () => {
    await warehouse.run(`delete from ${target} where ${scope}`);
    await warehouse.run(`insert into ${target} by name select * from (\n${sql}\n) where ${scope}`);
  });
}

async function entitiesIn(warehouse: Warehouse, anchorList: string): Promise<Entity[]> {
  return warehouse.all<Entity>(
    `select distinct entity_type, entity_id from marts.dim_reporting_entities where anchor_id in (${anchorList}) order by all`,
  );
}

type Entity = {
  entity_type: string;
  entity_id: string;
};

/** A filter on entity_type and entity_id with literal lists (pushed down, see updateIncrementally). */
function entityScope(entities: readonly Entity[]): string {
  const types = [...new Set(entities.map((e) => e.entity_type))];
  return types
    .map((type) => `(entity_type = ${sqlString(type)} and entity_id in (${entities.filter((e) => e.entity_type === type).map((e) => sqlString(e.entity_id)).join(', ')}))`)
    .join(' or ');
}

/**
 * Payments per batch when a per-entity table is built in full. Ranking every entity's
 * suppliers in one statement needs memory in proportion to all payments: at 20 million
 * payments int_top_suppliers_ranked ran out of the loader's 768 MB (DuckDB's window operator
 * cannot spill all of it). Built in batches of entities of at most this many payments, the
 * memory is bounded by the batch (or the largest single entity) instead of the warehouse.
 */
export const ENTITY_BATCH_PAYMENTS = 2_000_000;

/**
 * Builds a per-entity table from scratch in batches of entities (consecutive in id order, so
 * a batch's anchors are a narrow range for DuckDB's join filters): an empty table with the
 * model's columns, then one insert per batch. Readers never see a partial table: the
 * warehouse is the loader's alone and the snapshot is published after the whole build.
 */
async function buildByEntityBatches(warehouse: Warehouse, target: string, sql: string, compile: ScopedSql, batchPayments: number): Promise<void> {
  const entities = await warehouse.all<Entity & { payments: bigint }>(
    `select entities.entity_type, entities.entity_id, count(payments.anchor_id) as payments
     from marts.dim_reporting_entities as entities
     left join marts.fct_ap_payments as payments on entities.anchor_id = payments.anchor_id
     group by all order by entities.entity_type, entities.entity_id`,
  );
  const batches = packBatches(
    entities.map((e) => ({ item: { entity_type: e.entity_type, entity_id: e.entity_id }, payments: Number(e.payments) })),
    batchPayments,
  );
  if (batches.length <= 1) {
    await warehouse.run(`create or replace table ${target} as\n${sql}`);
    return;
  }
  await warehouse.run(`create or replace table ${target} as select * from (\n${sql}\n) where false`);
  for (const batch of batches) {
    const batchSql = await compile(await memberAnchors(warehouse, batch));
    await warehouse.run(`insert into ${target} by name select * from (\n${batchSql}\n) where ${entityScope(batch)}`);
  }
}

/**
 * Payments per batch when a per-anchor table (fct_ap_payments, the supplier names and
 * summaries) is built in full. The lookups joined to the payments (supplier names, exclusion
 * values) are per anchor, so in one statement their hash tables grow with the warehouse: at 20
 * million payments fct_ap_payments ran out of a 512 MB limit. Each batch reads only its own
 * anchors' payments and lookups (the scoped SQL, see inlineIntermediateViews).
 */
export const ANCHOR_BATCH_PAYMENTS = 2_000_000;

/** Builds a per-anchor table from scratch in batches of consecutive anchors of at most `batchPayments` payments (one statement when all fit). */
async function buildByAnchorBatches(warehouse: Warehouse, target: string, sql: string, compile: ScopedSql, batchPayments: number): Promise<void> {
  const anchors = await warehouse.all<{ anchor_id: string; payments: bigint }>(
    'select anchor_id, count(*) as payments from raw.ap_transactions group by anchor_id order by anchor_id',
  );
  const batches = packBatches(anchors.map((a) => ({ item: a.anchor_id, payments: Number(a.payments) })), batchPayments);
  if (batches.length <= 1) {
    await warehouse.run(`create or replace table ${target} as\n${sql}`);
    return;
  }
  await warehouse.run(`create or replace table ${target} as select * from (\n${sql}\n) where false`);
  for (const batch of batches) {
    await warehouse.run(`insert into ${target} by name select * from (\n${await compile(batch)}\n) where anchor_id in (${batch.map(sqlString).join(', ')})`);
  }
}

/** Consecutive items in batches of at most `limit` payments (an item larger than the limit is a batch of its own). */
function packBatches<T>(items: readonly { item: T; payments: number }[], limit: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const { item, payments } of items) {
    if (current.length > 0 && size + payments > limit) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += payments;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** COMMENT ON the model (its leading `--` comment: grain and meaning) and, for metric views, every column. */
async function document(warehouse: Warehouse, model: ModelDefinition, kind: 'view' | 'table', sql: string): Promise<void> {
  const target = `${model.layer}.${model.name}`;
  const metric = metricCatalogue.find((m) => m.name === model.name && model.layer === 'metrics');
  const header = sql
    .split('\n')
    .filter((line, i, lines) => line.startsWith('--') && lines.slice(0, i).every((l) => l.startsWith('--')))
    .map((line) => line.replace(/^--\s?/, ''))
    .join(' ');
  const comment = metric
    ? `${metric.label} (${metric.unit}). ${metric.description} One row per anchor or partnership, period (financial year, quarter, month) and place.`
    : header;
  if (comment) await warehouse.run(`comment on ${kind} ${target} is ${quote(comment)}`);
  if (metric || ['indicator_values', 'indicators'].includes(model.name)) {
    for (const [column, text] of Object.entries(indicatorColumns)) {
      await warehouse.run(`comment on column ${target}.${column} is ${quote(text)}`);
    }
  }
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
