import { sqlString, type Warehouse } from './warehouse-connection';

/**
 * The incremental rules and the batched full builds of the per-anchor and per-entity tables
 * (which models they are: `incremental` in model-registry.ts).
 */

/** A model's SQL for some anchors' payments (scopedModelSql bound to one model and its settings). */
export type ScopedSql = (anchors: readonly string[]) => Promise<string>;

/** The member anchors of some entities: the payments their rows are computed from. */
async function memberAnchors(warehouse: Warehouse, entities: readonly Entity[]): Promise<string[]> {
  const rows = await warehouse.all<{ anchor_id: string }>(
    `select distinct anchor_id from marts.dim_reporting_entities where ${entityScope(entities)} order by anchor_id`,
  );
  return rows.map((r) => r.anchor_id);
}

/**
 * Replaces the rows of the changed anchors (or of every entity with a changed anchor) in one
 * transaction: delete them, then insert what the model's SQL gives for them. DuckDB pushes the
 * filter down through the views to the scan of raw.ap_transactions.
 */
export async function updateIncrementally(
  warehouse: Warehouse,
  target: string,
  compile: ScopedSql,
  by: 'anchor' | 'entity',
  anchorIds: readonly string[],
  /** Rows replaced for every entity, in a statement of their own (ModelDefinition.everyEntityRows). */
  everyEntityRows?: { rows: string; sql: string },
): Promise<void> {
  // Literal lists, not a subquery: DuckDB pushes a constant IN list down to the scans of
  // raw.ap_transactions and marts.fct_ap_payments, a semi-join it does not (README, "Design measurements").
  const anchorList = anchorIds.map(sqlString).join(', ');
  let scope = `anchor_id in (${anchorList})`;
  let readAnchors: readonly string[] = anchorIds;
  if (by === 'entity') {
    const entities = await entitiesIn(warehouse, anchorList);
    scope = entities.length > 0 ? entityScope(entities) : 'false';
    readAnchors = entities.length > 0 ? await memberAnchors(warehouse, entities) : [];
  }
  if (scope === 'false' && !everyEntityRows) return;
  const sql = scope === 'false' ? null : await compile(readAnchors);
  await warehouse.transaction(async () => {
    if (sql !== null) {
      await warehouse.run(`delete from ${target} where ${scope}`);
      await warehouse.run(`insert into ${target} by name select * from (\n${sql}\n) where ${scope}`);
    }
    if (everyEntityRows) {
      await warehouse.run(`delete from ${target} where ${everyEntityRows.rows}`);
      await warehouse.run(`insert into ${target} by name ${everyEntityRows.sql}`);
    }
  });
}

/** The temporary table of the supplier keys a per-supplier update computes again. */
const SUPPLIER_SCOPE = 'cwb_suppliers_in_scope';

/**
 * A per-supplier table (`incremental: 'supplier'`) after its per-anchor table `summarises`
 * was updated for the changed anchors: replaces, in one transaction, the rows of the suppliers
 * those anchors pay now and of those whose count of per-anchor rows differs from the table's
 * `anchors` column (a supplier a changed anchor no longer pays, or no one does: deleted).
 * Other suppliers' per-anchor rows are unchanged, so their combined rows are too.
 */
export async function updateSuppliersIncrementally(
  warehouse: Warehouse,
  target: string,
  summarises: string | undefined,
  compile: (suppliers: string) => Promise<string>,
  anchorIds: readonly string[],
): Promise<void> {
  if (!summarises) throw new Error(`${target} is updated per supplier but names no per-anchor table it summarises (model-registry.ts, summarises)`);
  await warehouse.run(
    `create or replace temp table ${SUPPLIER_SCOPE} as
     select supplier_key from ${summarises} where anchor_id in (${anchorIds.map(sqlString).join(', ')})
     union
     select coalesce(summarised.supplier_key, combined.supplier_key)
     from (select supplier_key, count(*) as anchors from ${summarises} group by supplier_key) as summarised
     full join ${target} as combined on summarised.supplier_key = combined.supplier_key
     where summarised.anchors is distinct from combined.anchors`,
  );
  try {
    const sql = await compile(`temp.${SUPPLIER_SCOPE}`);
    await warehouse.transaction(async () => {
      await warehouse.run(`delete from ${target} where supplier_key in (select supplier_key from temp.${SUPPLIER_SCOPE})`);
      await warehouse.run(`insert into ${target} by name ${sql}`);
    });
  } finally {
    await warehouse.run(`drop table if exists temp.${SUPPLIER_SCOPE}`);
  }
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
 * payments fct_top_suppliers_ranked ran out of the loader's 768 MB (DuckDB's window operator
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
export async function buildByEntityBatches(warehouse: Warehouse, target: string, sql: string, compile: ScopedSql, batchPayments: number): Promise<void> {
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
export async function buildByAnchorBatches(warehouse: Warehouse, target: string, sql: string, compile: ScopedSql, batchPayments: number): Promise<void> {
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
