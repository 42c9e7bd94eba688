import { link, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { factMetrics, metricCatalogue } from './metric-catalogue';
import { PERSON_LEVEL_RELATIONS } from './person-level-relations';
import { sqlString, withDatabase, type Warehouse } from './warehouse-connection';

export type ExportFormat = 'parquet' | 'csv';

/** Hive partition columns for the big tables; everything else is one file per table. */
const partitions: Record<string, string[]> = {
  'marts.fct_ap_payments': ['financial_year', 'anchor_id'],
  'marts.fct_spend_monthly': ['financial_year'],
  'metrics.indicator_values': ['period_type', 'entity_type'],
  'metrics.top_suppliers': ['period_type', 'entity_type'],
  'metrics.leakage': ['period_type', 'entity_type'],
};

export interface ExportedTable {
  table: string;
  path: string;
  rows: number;
}

/** The tables and views BI tools read: every marts and metrics relation. */
export async function exportableRelations(warehouse: Warehouse): Promise<string[]> {
  const rows = await warehouse.all<{ schema: string; name: string }>(
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_schema in ('marts', 'metrics') order by table_schema, table_name`,
  );
  const personLevel = new Set<string>(PERSON_LEVEL_RELATIONS.map((r) => r.relation));
  return rows.map((r) => `${r.schema}.${r.name}`).filter((relation) => !personLevel.has(relation));
}

/**
 * A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, or a tab
 * or carriage return) gets a leading apostrophe, so Excel and LibreOffice show it as text.
 */
export function escapeSpreadsheetCellSql(column: string): string {
  return `case when regexp_matches(${column}, '^[=+\\-@\\t\\r]') then '''' || ${column} else ${column} end`;
}

/**
 * What to read a relation from. A catalogue metric view holds exactly its metric's rows of
 * metrics.indicator_values (the materialized union of every metric view), so those rows are
 * read instead of computing the view again.
 */
function sourceFor(relation: string): string {
  const [schema, name] = relation.split('.');
  if (schema !== 'metrics') return relation;
  // a spend metric's view has no category column (the land and grants metrics' views do)
  if (metricCatalogue.some((m) => m.name === name)) return `(select * exclude (category) from metrics.indicator_values where metric = ${sqlString(name ?? '')})`;
  if (factMetrics.some((m) => m.name === name)) return `(select * from metrics.indicator_values where metric = ${sqlString(name ?? '')})`;
  return relation;
}

async function selectFor(warehouse: Warehouse, relation: string, format: ExportFormat): Promise<string> {
  const source = sourceFor(relation);
  if (format === 'parquet') return `select * from ${source}`;
  const columns = await warehouse.all<{ column_name: string; column_type: string }>(`describe select * from ${source}`);
  const list = columns.map(({ column_name, column_type }) => {
    const name = `"${column_name.replace(/"/g, '""')}"`;
    if (column_type === 'VARCHAR') return `${escapeSpreadsheetCellSql(name)} as ${name}`;
    if (column_type.endsWith('[]') || column_type.startsWith('STRUCT') || column_type === 'JSON') {
      return `${escapeSpreadsheetCellSql(`cast(${name} as varchar)`)} as ${name}`;
    }
    return name;
  });
  return `select ${list.join(', ')} from ${source}`;
}

/**
 * Writes every marts and metrics relation of a warehouse file (opened read-only) under
 * `outDir/<schema>/<table>/`: Parquet, Hive-partitioned for the big tables
 * (`financial_year=2016-17/anchor_id=…/`), or CSV with spreadsheet formulas escaped.
 */
export async function exportWarehouse(
  databasePath: string,
  outDir: string,
  options: { format: ExportFormat; relations?: string[]; where?: Record<string, string> },
): Promise<ExportedTable[]> {
  return withDatabase(databasePath, { mode: 'read_only' }, async (warehouse) => {
    const exportable = await exportableRelations(warehouse);
    const unknown = (options.relations ?? []).filter((r) => !exportable.includes(r));
    if (unknown.length > 0) {
      throw new Error(`cannot export ${unknown.join(', ')}: exportable tables and views are ${exportable.join(', ')}`);
    }
    const relations = options.relations ?? exportable;
    const written: ExportedTable[] = [];
    for (const relation of relations) {
      const [schema, table] = relation.split('.') as [string, string];
      const dir = join(outDir, schema, table);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const select = await selectFor(warehouse, relation, options.format);
      const partitionBy = partitions[relation];
      let target: string;
      let copyOptions: string;
      if (options.format === 'parquet') {
        target = partitionBy ? dir : join(dir, `${table}.parquet`);
        copyOptions = `format parquet, compression zstd${partitionBy ? `, partition_by (${partitionBy.join(', ')})` : ''}`;
      } else {
        target = join(dir, `${table}.csv`);
        copyOptions = 'format csv, header true';
      }
      const where = options.where?.[relation];
      // COPY returns the rows it wrote: no second run of the relation's query to count them.
      const [copied] = await warehouse.all<{ Count: bigint }>(`copy (${select}${where ? ` where ${where}` : ''}) to ${sqlString(target)} (${copyOptions})`);
      written.push({ table: relation, path: target, rows: Number(copied?.Count ?? 0) });
    }
    return written;
  });
}

/** What a Parquet version was built from (`<version>/_cwb_build.json`). */
const MANIFEST = '_cwb_build.json';

export interface ParquetReuse {
  /** The model build this version's warehouse came from (BuildPlan.buildId). */
  buildId: string;
  /**
   * After an incremental build: the build it started from and the anchors it rebuilt. When the
   * published version is that build's, the payments of every other anchor are unchanged, so
   * their Parquet partitions are hard-linked from it instead of written again.
   */
  incremental?: { previousBuildId: string; anchors: readonly string[] };
}

const PAYMENTS = 'marts.fct_ap_payments';

/**
 * Publishes Hive-partitioned Parquet of marts and metrics for BI tools and lakehouse engines:
 * writes `parquetRoot/<runId>/`, then points the `parquetRoot/current` symlink at it with an
 * atomic rename, so a reader sees either the old set of files or the new one, never a mix.
 * Keeps the previous version (a reader may still be on it) and removes older ones.
 *
 * After an incremental build (see ParquetReuse) the payments fact, the biggest table, is
 * written only for the rebuilt anchors; the other anchors' `financial_year=…/anchor_id=…`
 * files are hard links to the previous version's. Hard links share the bytes, so deleting the older version leaves them intact.
 */
export async function publishParquet(snapshotPath: string, parquetRoot: string, runId: string, reuse?: ParquetReuse): Promise<string> {
  const versionDir = join(parquetRoot, runId);
  await rm(versionDir, { recursive: true, force: true });
  await mkdir(versionDir, { recursive: true });
  const current = join(parquetRoot, 'current');
  // Versions are direct children of parquetRoot; a copied tree may hold an absolute link.
  const currentTarget = await readlink(current).catch(() => null);
  const previous = currentTarget ? basename(currentTarget) : null;
  const previousDir = previous ? join(parquetRoot, previous) : null;
  const reusable = reuse?.incremental && previousDir ? await reusablePayments(previousDir, reuse.incremental) : null;
  if (reusable && previousDir && reuse?.incremental?.anchors.length === 0) {
    // Nothing the marts and metrics are built from changed: every file of the previous
    // version is this one's too, linked rather than written again.
    await linkTree(previousDir, versionDir);
  } else if (reusable) {
    const anchors = reuse?.incremental?.anchors ?? [];
    const where = anchors.length > 0 ? `anchor_id in (${anchors.map(sqlString).join(', ')})` : 'false';
    await exportWarehouse(snapshotPath, versionDir, { format: 'parquet', where: { [PAYMENTS]: where } });
    await linkPartitions(reusable, join(versionDir, 'marts', 'fct_ap_payments'), new Set(anchors));
  } else {
    await exportWarehouse(snapshotPath, versionDir, { format: 'parquet' });
  }
  if (reuse) await writeFile(join(versionDir, MANIFEST), `${JSON.stringify({ run_id: runId, build_id: reuse.buildId })}\n`);
  const temporary = join(parquetRoot, `.current-${runId}`);
  await rm(temporary, { force: true });
  await symlink(runId, temporary, 'dir');
  await rename(temporary, current);
  const keep = new Set([runId, previous, 'current'].filter((v): v is string => Boolean(v)));
  for (const entry of await readdir(parquetRoot)) {
    if (!keep.has(entry) && !entry.startsWith('.current-')) await rm(join(parquetRoot, entry), { recursive: true, force: true });
  }
  return current;
}

/** The previous version's payments directory, if that version is the build the incremental one started from. */
async function reusablePayments(previousDir: string, incremental: NonNullable<ParquetReuse['incremental']>): Promise<string | null> {
  try {
    const manifest = JSON.parse(await readFile(join(previousDir, MANIFEST), 'utf8')) as { build_id?: unknown };
    if (manifest.build_id !== incremental.previousBuildId) return null;
    const dir = join(previousDir, 'marts', 'fct_ap_payments');
    await readdir(dir);
    return dir;
  } catch {
    return null;
  }
}

/** Hard-links every file under `from` into the same place under `to` (the version's manifest excepted: it is written anew). */
async function linkTree(from: string, to: string): Promise<void> {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      await mkdir(target, { recursive: true });
      await linkTree(source, target);
    } else if (entry.name !== MANIFEST) await link(source, target);
  }
}

/** Hard-links every `financial_year=…/anchor_id=…` partition of `from` whose anchor is not in `skip` into `to`. */
async function linkPartitions(from: string, to: string, skip: ReadonlySet<string>): Promise<void> {
  for (const year of await readdir(from, { withFileTypes: true })) {
    if (!year.isDirectory()) continue;
    for (const anchor of await readdir(join(from, year.name), { withFileTypes: true })) {
      const id = anchor.isDirectory() && anchor.name.startsWith('anchor_id=') ? decodeURIComponent(anchor.name.slice('anchor_id='.length)) : null;
      if (id === null || skip.has(id)) continue;
      const source = join(from, year.name, anchor.name);
      const target = join(to, year.name, anchor.name);
      await mkdir(target, { recursive: true });
      for (const file of await readdir(source)) await link(join(source, file), join(target, file));
    }
  }
}
