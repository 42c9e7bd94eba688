import { createHash } from 'node:crypto';
import { incrementalModels } from './model-registry';
import type { Warehouse } from './warehouse-connection';

/**
 * Incremental model builds. A nightly refresh usually brings a few new or changed files out
 * of many, so rebuilding every mart from every payment (most of a refresh's time at 2
 * million payments) is wasted work. The build compares what the warehouse holds now with
 * what the last successful build was built from (build_state.*, migration 005) and rebuilds
 * the per-anchor and per-entity tables only for the anchors whose inputs changed:
 *
 * - a source file loaded, reloaded or removed since the last build (its load_id differs);
 * - a supplier classification added, changed or removed (matching, an overrides edit): every
 *   anchor that paid that supplier;
 * - a supplier postcode located differently (a new reference vintage): every anchor that paid
 *   a supplier at that postcode, by its ledger postcode or its classification's registered or
 *   override postcode.
 *
 * An organisation register file loaded, reloaded or removed is a changed file of its anchor,
 * and it can also change the ownership form of any anchor's suppliers: the models that read
 * registers for every anchor (`readsRegisters`) are then rebuilt whole (`registersChanged`).
 *
 * Anything else (anchors, partnerships, bands, exclusion rules, settings, re-spend rates,
 * registered firms, or the SQL of a model or macro) is in the fingerprint, and a change to it
 * rebuilds everything, as does a first build or a request for a full one.
 */
export interface BuildPlan {
  mode: 'full' | 'incremental';
  /** Why this mode, for the log and run history. */
  reason: string;
  /** Incremental: the anchors whose payments and entities are rebuilt (may be empty). Full: []. */
  anchors: string[];
  /**
   * Incremental: whether an organisation register file was loaded, reloaded or removed since
   * the last build, so the models that read registers for every anchor are rebuilt whole.
   * Full: true (everything is).
   */
  registersChanged: boolean;
  fingerprint: string;
  /** This build's id (the refresh run's id), recorded with its state. */
  buildId: string;
  /** The last successful build's id; null on a first build. */
  previousBuildId: string | null;
}

/** Raw inputs that every anchor's models read: a change to any of them rebuilds everything. */
const globalInputs = [
  'raw.anchors',
  'raw.partnership_members',
  'raw.anchor_geographies',
  'raw.exclusion_rules',
  'raw.build_settings',
  'raw.respend_rates',
  'raw.registered_firms',
  'raw.ownership_form_rules',
] as const;

/** The current rows the per-anchor change detection compares with build_state. */
const currentSql = {
  sourceFiles: 'select source_file_id, anchor_id, load_id from raw.source_files',
  registerFiles: 'select distinct source_file_id, load_id from raw.organisations',
  suppliers: 'select supplier_key, hash(*columns(* exclude (classified_at))) as row_hash from raw.supplier_classifications',
  postcodes: 'select postcode, hash(*columns(* exclude (located_at))) as row_hash from raw.postcode_locations',
};

/**
 * The fingerprint of everything that is not per file, per supplier or per postcode: the
 * compiled SQL of every model and macro (given) and an order-independent hash of each global
 * raw input table. Call it after the build has written the config snapshot into raw.
 */
export async function buildFingerprint(warehouse: Warehouse, compiledSql: string): Promise<string> {
  const digest = createHash('sha256').update(compiledSql);
  for (const table of globalInputs) {
    const [row] = await warehouse.all<{ n: bigint; h: bigint | null }>(
      `select count(*) as n, sum(hash(*columns(*))::hugeint) as h from ${table}`,
    );
    digest.update(`\n${table}:${row?.n ?? 0}:${row?.h ?? 'null'}`);
  }
  return digest.digest('hex');
}

async function relationExists(warehouse: Warehouse, schema: string, name: string): Promise<boolean> {
  const [row] = await warehouse.all<{ n: bigint }>(
    'select count(*) as n from information_schema.tables where table_schema = $1 and table_name = $2',
    [schema, name],
  );
  return Number(row?.n ?? 0) > 0;
}

/** Anchors whose payments' inputs changed since the last successful build (see the module comment). */
export async function changedAnchors(warehouse: Warehouse): Promise<string[]> {
  const rows = await warehouse.all<{ anchor_id: string }>(
    `with current_files as (${currentSql.sourceFiles}),
     current_suppliers as (${currentSql.suppliers}),
     current_postcodes as (${currentSql.postcodes}),
     changed_files as (
         select current_files.anchor_id as current_anchor, previous.anchor_id as previous_anchor
         from current_files
         full join build_state.source_files as previous on current_files.source_file_id = previous.source_file_id
         where current_files.load_id is distinct from previous.load_id
            or current_files.anchor_id is distinct from previous.anchor_id
     ),
     changed_suppliers as (
         select coalesce(current_suppliers.supplier_key, previous.supplier_key) as supplier_key
         from current_suppliers
         full join build_state.supplier_classifications as previous on current_suppliers.supplier_key = previous.supplier_key
         where current_suppliers.row_hash is distinct from previous.row_hash
     ),
     changed_postcodes as (
         select coalesce(current_postcodes.postcode, previous.postcode) as postcode
         from current_postcodes
         full join build_state.postcode_locations as previous on current_postcodes.postcode = previous.postcode
         where current_postcodes.row_hash is distinct from previous.row_hash
     ),
     suppliers_at_changed_postcodes as (
         select supplier_key from raw.supplier_classifications
         where upper(nullif(trim(registered_postcode), '')) in (select postcode from changed_postcodes)
            or upper(nullif(trim(override_postcode), '')) in (select postcode from changed_postcodes)
     ),
     affected_keys as (
         select supplier_key from changed_suppliers
         union
         select supplier_key from suppliers_at_changed_postcodes
     ),
     paying_anchors as (
         select distinct anchor_id from marts.fct_ap_payments
         where supplier_key in (select supplier_key from affected_keys)
            or supplier_postcode in (select postcode from changed_postcodes)
     )
     select current_anchor as anchor_id from changed_files where current_anchor is not null
     union select previous_anchor from changed_files where previous_anchor is not null
     union select anchor_id from paying_anchors
     order by anchor_id`,
  );
  return rows.map((r) => r.anchor_id);
}

/** Whether the register files in raw.organisations differ from those of the last successful build. */
export async function registersChanged(warehouse: Warehouse): Promise<boolean> {
  const [row] = await warehouse.all<{ changed: boolean }>(
    `with current_files as (${currentSql.registerFiles})
     select count(*) > 0 as changed
     from current_files
     full join build_state.register_files as previous on current_files.source_file_id = previous.source_file_id
     where current_files.load_id is distinct from previous.load_id`,
  );
  return row?.changed ?? true;
}

export interface PlanOptions {
  /** Rebuild everything whatever changed. */
  full?: boolean;
  /** Configured anchors: an incremental build over more than half of them is done as a full one. */
  anchorIds: readonly string[];
  buildId: string;
}

/** Decides between a full and an incremental build (see the module comment). */
export async function planBuild(warehouse: Warehouse, fingerprint: string, options: PlanOptions): Promise<BuildPlan> {
  const [previous] = await warehouse.all<{ fingerprint: string; build_id: string }>('select fingerprint, build_id from build_state.fingerprint limit 1');
  const ids = { buildId: options.buildId, previousBuildId: previous?.build_id ?? null };
  const full = (reason: string): BuildPlan => ({ mode: 'full', reason, anchors: [], registersChanged: true, fingerprint, ...ids });
  if (options.full) return full('a full build was requested');
  if (!previous) return full('no complete build on record (a first build, or the last full build did not finish)');
  // Every table an incremental build updates in place must be there to update (the registry says which).
  for (const model of incrementalModels()) {
    if (!(await relationExists(warehouse, model.layer, model.name))) return full(`${model.layer}.${model.name} does not exist yet`);
  }
  if (previous.fingerprint !== fingerprint) {
    return full('the configuration, a global input (re-spend rates, registered firms) or the SQL of a model changed since the last build');
  }
  const anchors = await changedAnchors(warehouse);
  if (anchors.length > Math.max(1, options.anchorIds.length / 2)) {
    return full(`${anchors.length} of ${options.anchorIds.length} anchors changed: a full build is cheaper`);
  }
  return {
    mode: 'incremental',
    reason: anchors.length === 0 ? 'no anchor changed since the last build' : `${anchors.length} anchor(s) changed since the last build`,
    anchors,
    registersChanged: await registersChanged(warehouse),
    fingerprint,
    ...ids,
  };
}

/** Records what this build was built from; call it after every model is built. */
export async function recordBuildState(warehouse: Warehouse, plan: Pick<BuildPlan, 'fingerprint' | 'buildId'>): Promise<void> {
  await warehouse.transaction(async () => {
    await warehouse.run('delete from build_state.fingerprint');
    await warehouse.run('insert into build_state.fingerprint values ($1, $2, current_timestamp)', [plan.buildId, plan.fingerprint]);
    await warehouse.run('delete from build_state.source_files');
    await warehouse.run(`insert into build_state.source_files ${currentSql.sourceFiles}`);
    await warehouse.run('delete from build_state.supplier_classifications');
    await warehouse.run(`insert into build_state.supplier_classifications ${currentSql.suppliers}`);
    await warehouse.run('delete from build_state.postcode_locations');
    await warehouse.run(`insert into build_state.postcode_locations ${currentSql.postcodes}`);
    await warehouse.run('delete from build_state.register_files');
    await warehouse.run(`insert into build_state.register_files ${currentSql.registerFiles}`);
  });
}
