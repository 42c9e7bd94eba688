import { randomUUID } from 'node:crypto';
import { indicatorSettingsSchema, type Anchor, type IndicatorSettingsInput, type Partnership } from '@cwb/contracts';
import { buildFingerprint, planBuild, recordBuildState, type BuildPlan } from './build-plan';
import { buildSettings } from './build-settings';
import { writeConfigSnapshot, type AnchorGeography } from './config-snapshot';
import { ANCHOR_BATCH_PAYMENTS, buildByAnchorBatches, buildByEntityBatches, ENTITY_BATCH_PAYMENTS, updateIncrementally, updateSuppliersIncrementally } from './incremental-build';
import { documentModel } from './model-documentation';
import { models } from './model-registry';
import { modelSql, scopedModelSql } from './model-sql';
import { sharedMacrosSql } from './migrations';
import type { Warehouse } from './warehouse-connection';
import { buildWorkforceIndicators } from './workforce-indicators';

/** Build execution: the config snapshot, the plan, then every model in order. */

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
  /**
   * Incremental builds: the models left as the last build made them, in order: every view
   * (its SQL is in the fingerprint, so it is the same view), the tables built from the
   * fingerprint's inputs only (`fromFingerprintOnly`), and, when no anchor changed, every
   * table (none of its inputs changed). Full builds: [].
   */
  kept: string[];
  /** Full or incremental, why, and which anchors an incremental build recomputed. */
  plan: BuildPlan;
}

/**
 * Builds every model, in order. Writes the config snapshot (anchors, partnerships,
 * geographies, the resolved exclusion rules, settings) into raw first, in one transaction,
 * and documents every model with COMMENT ON from its header (and every metric from the
 * catalogue). Each model then commits on its own: inside one transaction, a table that reads
 * a table built earlier in it reads from transaction-local storage, many times slower (see
 * "Design measurements" in the README). Readers are not affected: the warehouse file is the loader's alone, and BI tools
 * read the published snapshot, which is swapped in only after a complete build; a build that
 * fails leaves the previous snapshot published.
 */
export async function buildModels(warehouse: Warehouse, anchors: readonly Anchor[], options: BuildOptions = {}): Promise<BuildResult> {
  const settings = buildSettings(options.settings);
  let phaseStarted = performance.now();
  const phase = (name: string) => {
    options.onModel?.(`(${name})`, performance.now() - phaseStarted);
    phaseStarted = performance.now();
  };
  await writeConfigSnapshot(warehouse, anchors, { partnerships: options.partnerships, geographies: options.geographies, settings: options.settings });
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
  // table on every thread (faster: README, "Design measurements").
  await warehouse.run('set preserve_insertion_order = false');
  const built: string[] = [];
  const kept: string[] = [];
  const existingKinds = await relationKinds(warehouse);
  try {
    for (const [index, model] of models.entries()) {
      const sql = compiled[index] as string;
      const kind = model.materialized === 'table' ? 'table' : 'view';
      const target = `${model.layer}.${model.name}`;
      // An incremental build keeps what cannot have changed instead of recreating and
      // re-documenting it (most of a small refresh's build time): see BuildResult.kept.
      const unchanged = kind === 'view' || model.fromFingerprintOnly === true || plan.anchors.length === 0;
      if (plan.mode === 'incremental' && !model.incremental && existingKinds.get(target) === kind && unchanged) {
        kept.push(target);
        continue;
      }
      await warehouse.run(`create schema if not exists ${model.layer}`);
      const started = performance.now();
      try {
        if (plan.mode === 'incremental' && model.incremental && !(model.readsRegisters && plan.registersChanged)) {
          if (plan.anchors.length > 0) {
            if (model.incremental === 'supplier') await updateSuppliersIncrementally(warehouse, target, model.summarises, (suppliers) => scopedModelSql(model, settings, { suppliers }), plan.anchors);
            else await updateIncrementally(warehouse, target, (anchors) => scopedModelSql(model, settings, { anchors }), model.incremental, plan.anchors, model.everyEntityRows);
          }
        } else {
          const existingKind = existingKinds.get(target);
          if (existingKind && existingKind !== kind) await warehouse.run(`drop ${existingKind} ${target} cascade`);
          if (model.incremental === 'entity' && !model.everyEntityRows) await buildByEntityBatches(warehouse, target, sql, (anchors) => scopedModelSql(model, settings, { anchors }), options.entityBatchPayments ?? ENTITY_BATCH_PAYMENTS);
          else if (model.incremental === 'anchor') await buildByAnchorBatches(warehouse, target, sql, (anchors) => scopedModelSql(model, settings, { anchors }), options.anchorBatchPayments ?? ANCHOR_BATCH_PAYMENTS);
          else await warehouse.run(`create or replace ${kind} ${target} as\n${sql}`);
          await documentModel(warehouse, model, kind, sql);
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
  if (plan.mode === 'incremental' && plan.anchors.length === 0 && existingKinds.get('metrics.workforce_indicators') === 'table') {
    kept.push('metrics.workforce_indicators');
  } else {
    await buildWorkforceIndicators(warehouse, {
      suppression_threshold: indicatorSettingsSchema.parse(options.settings ?? {}).small_cell_threshold,
    });
    built.push('metrics.workforce_indicators');
    phase('workforce indicators');
  }
  await recordBuildState(warehouse, plan);
  phase('build state');
  return { built, kept, plan };
}

/** Every relation in the warehouse, `layer.name` → view or table, in one query. */
async function relationKinds(warehouse: Warehouse): Promise<Map<string, 'view' | 'table'>> {
  const rows = await warehouse.all<{ target: string; table_type: string }>(
    `select table_schema || '.' || table_name as target, table_type from information_schema.tables`,
  );
  return new Map(rows.map((r) => [r.target, r.table_type === 'VIEW' ? 'view' : 'table']));
}
