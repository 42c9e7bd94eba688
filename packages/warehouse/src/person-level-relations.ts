import type { Warehouse } from './warehouse-connection';

/**
 * Relations that hold one row per person (pseudonymised HR records: keyed hashes, home LSOAs,
 * pay). The warehouse needs them to build the workforce indicators; BI tools do not, so they
 * are dropped from the published snapshot and never exported. Readers get
 * metrics.workforce_indicators, where small cells are suppressed. Dependants first.
 */
export const PERSON_LEVEL_RELATIONS = [
  { relation: 'marts.fct_workforce_snapshots', kind: 'table' },
  { relation: 'intermediate.int_workforce_posts_in_post', kind: 'view' },
  { relation: 'staging.stg_hr__workforce_records', kind: 'view' },
  { relation: 'raw.workforce_records', kind: 'table' },
] as const;

/** Drops the person-level relations from a copy of the warehouse that is about to be published. */
export async function dropPersonLevelRelations(warehouse: Warehouse): Promise<void> {
  for (const { relation, kind } of PERSON_LEVEL_RELATIONS) await warehouse.run(`drop ${kind} if exists ${relation} cascade`);
  await warehouse.run('checkpoint');
}
