import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Anchor } from '@cwb/contracts';
import type { Warehouse } from './warehouse-connection';

const modelsDir = fileURLToPath(new URL('../models', import.meta.url));

export interface ModelDefinition {
  /** Layer folder and schema: staging, intermediate, marts, metrics. */
  layer: 'staging' | 'intermediate' | 'marts' | 'metrics';
  name: string;
  /** Marts are tables (fast for BI tools); the other layers are views. */
  materialized: 'view' | 'table';
}

/** Models in dependency order. Each is `models/<layer>/<name>.sql`, a single select. */
export const models: readonly ModelDefinition[] = [
  { layer: 'staging', name: 'stg_ledger__ap_payments', materialized: 'view' },
  { layer: 'staging', name: 'stg_reference__postcode_locations', materialized: 'view' },
  { layer: 'staging', name: 'stg_config__anchors', materialized: 'view' },
  { layer: 'marts', name: 'dim_anchors', materialized: 'table' },
  { layer: 'marts', name: 'dim_dates', materialized: 'table' },
  { layer: 'intermediate', name: 'int_payments_located', materialized: 'view' },
  { layer: 'marts', name: 'fct_ap_payments', materialized: 'table' },
  { layer: 'metrics', name: 'local_spend_by_financial_year', materialized: 'view' },
];

export async function modelSql(model: ModelDefinition): Promise<string> {
  return readFile(join(modelsDir, model.layer, `${model.name}.sql`), 'utf8');
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

/**
 * Builds every model, in order, in one transaction: readers of the warehouse never see a
 * half-built set of marts.
 */
export async function buildModels(warehouse: Warehouse, anchors: readonly Anchor[]): Promise<string[]> {
  return warehouse.transaction(async () => {
    await writeAnchors(warehouse, anchors);
    const built: string[] = [];
    for (const model of models) {
      await warehouse.run(`create schema if not exists ${model.layer}`);
      const sql = (await modelSql(model)).replace(/;\s*$/, '');
      const kind = model.materialized === 'table' ? 'table' : 'view';
      const target = `${model.layer}.${model.name}`;
      try {
        const [existing] = await warehouse.all<{ table_type: string }>(
          'select table_type from information_schema.tables where table_schema = $1 and table_name = $2',
          [model.layer, model.name],
        );
        const existingKind = existing ? (existing.table_type === 'VIEW' ? 'view' : 'table') : null;
        if (existingKind && existingKind !== kind) await warehouse.run(`drop ${existingKind} ${target}`);
        await warehouse.run(`create or replace ${kind} ${target} as\n${sql}`);
      } catch (error) {
        throw new Error(`model ${target} (models/${model.layer}/${model.name}.sql) failed to build: ${(error as Error).message}`);
      }
      built.push(target);
    }
    return built;
  });
}
