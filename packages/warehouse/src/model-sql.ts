import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { defaultBuildSettings, type BuildSettings } from './build-settings';
import { models, type ModelDefinition } from './model-registry';
import { ownershipRulePrioritySql } from './ownership-forms';
import { sqlString } from './warehouse-connection';

/** SQL loading: a model's text from models/<layer>/<name>.sql with its placeholders filled. */
const modelsDir = fileURLToPath(new URL('../models', import.meta.url));

/** The model's SQL with its `{{placeholders}}` filled from the build settings. */
export async function modelSql(
  model: ModelDefinition,
  settings: BuildSettings = defaultBuildSettings(),
  /** The anchors whose payments a per-entity model reads (incremental and batched builds); default all. */
  anchorsInScope?: readonly string[],
  /** A relation of the supplier keys a per-supplier model computes (`incremental: 'supplier'`); default all. */
  suppliersInScope?: string,
): Promise<string> {
  const inScope = anchorsInScope ? `anchor_id in (${anchorsInScope.length ? anchorsInScope.map(sqlString).join(', ') : 'null'})` : 'true';
  if (model.compiled) return model.compiled(settings, anchorsInScope ? inScope : undefined);
  const text = await readFile(join(modelsDir, model.layer, `${model.name}.sql`), 'utf8');
  const flagSql: Record<string, string> = settings.flags.flags;
  const flags = Object.keys(flagSql);
  const context: Record<string, string> = {
    top_n: String(settings.topN),
    min_match_confidence: String(settings.minMatchConfidence),
    anchors_in_scope: inScope,
    suppliers_in_scope: suppliersInScope ? `supplier_key in (select supplier_key from ${suppliersInScope})` : 'true',
    // The ownership-forms rules as constant-pattern SQL per model (ownershipRulePrioritySql).
    organisation_rule_priority: ownershipRulePrioritySql({
      register: 'keyed.register',
      legal_form: 'keyed.legal_form',
      ownership_classification: 'keyed.ownership_classification',
      registered_number: 'keyed.registered_number',
      org_id_scheme: 'keyed.org_id_scheme',
      name: 'keyed.organisation_name',
    }),
    supplier_rule_priority: ownershipRulePrioritySql({
      register: 'matched.register',
      legal_form: 'matched.register_category',
      org_id_scheme: 'matched.org_id_scheme',
      organisation_type: 'matched.organisation_type',
    }),
    supplier_name_rule_priority: ownershipRulePrioritySql({ name: 'names.supplier_name' }),
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

/**
 * A model's SQL reading only some anchors' payments (see {{anchors_in_scope}}), or computing only
 * the suppliers in a relation of supplier keys (a per-supplier model, see {{suppliers_in_scope}}).
 */
export async function scopedModelSql(model: ModelDefinition, settings: BuildSettings, scope: { anchors: readonly string[] } | { suppliers: string }): Promise<string> {
  const sql = 'anchors' in scope ? await modelSql(model, settings, scope.anchors) : await modelSql(model, settings, undefined, scope.suppliers);
  return sql.replace(/;\s*$/, '');
}
