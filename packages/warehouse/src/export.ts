import { link, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { factMetrics, metricCatalogue } from './metric-catalogue';
import { PERSON_LEVEL_RELATIONS } from './person-level-relations';
import { sqlString, withDatabase, type Warehouse } from './warehouse-connection';

export type ExportFormat = 'parquet' | 'csv';

/**
 * The per-entity tables are partitioned down to the entity, and the per-anchor tables down to
 * the anchor: a refresh that changed one anchor changes few of their partitions, and
 * publishParquet links the others (their contents are compared, not assumed). So are the two
 * big views of indicator_values' rows (`metrics.indicators`, `metrics.spend_by_supplier_lad`),
 * whose rows per entity change only with that entity's. Not `metrics.top_suppliers`: it takes
 * each supplier's name and attributes from dim_suppliers, which one anchor's file changes for
 * most entities, and a partitioned write costs about twice one file's (README, "Incremental
 * builds").
 */
const PER_ENTITY = ['period_type', 'entity_type', 'entity_id'];
const PER_ANCHOR = ['anchor_id'];

const COMPRESSION = 'zstd';

const PAYMENTS = 'marts.fct_ap_payments';

/**
 * Hive partition columns for the big tables; everything else is one file per table.
 * `comparedByContent`: publishParquet links the partitions whose rows are the previous
 * version's (see perPartitionContents). The payments fact, too big to digest on every publish,
 * is linked by the build's plan instead (its rebuilt anchors, see ParquetReuse).
 */
const partitions: Record<string, { columns: string[]; comparedByContent?: true }> = {
  [PAYMENTS]: { columns: ['financial_year', 'anchor_id'] },
  'marts.fct_spend_monthly': { columns: ['financial_year'] },
  'marts.fct_supplier_ownership_spend': { columns: PER_ANCHOR, comparedByContent: true },
  'marts.fct_supplier_spend_by_anchor': { columns: PER_ANCHOR, comparedByContent: true },
  'marts.fct_top_suppliers_ranked': { columns: PER_ENTITY, comparedByContent: true },
  'metrics.indicator_values': { columns: PER_ENTITY, comparedByContent: true },
  'metrics.indicators': { columns: PER_ENTITY, comparedByContent: true },
  'metrics.leakage': { columns: PER_ENTITY, comparedByContent: true },
  'metrics.spend_by_supplier_lad': { columns: PER_ENTITY, comparedByContent: true },
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
export async function exportWarehouse(databasePath: string, outDir: string, options: ExportOptions): Promise<ExportedTable[]> {
  return withDatabase(databasePath, { mode: 'read_only' }, (warehouse) => exportRelations(warehouse, outDir, options));
}

interface ExportOptions {
  format: ExportFormat;
  relations?: string[];
  /** A filter on some relations' rows (publishParquet's partitions written again). */
  where?: Record<string, string>;
}

async function exportRelations(warehouse: Warehouse, outDir: string, options: ExportOptions): Promise<ExportedTable[]> {
  const exportable = await exportableRelations(warehouse);
  const unknown = (options.relations ?? []).filter((r) => !exportable.includes(r));
  if (unknown.length > 0) {
    throw new Error(`cannot export ${unknown.join(', ')}: exportable tables and views are ${exportable.join(', ')}`);
  }
  const relations = options.relations ?? exportable;
  const written = new Map<string, ExportedTable>();
  // The payments fact, the biggest by far, is written alone (with every thread and the whole
  // memory limit); the others two at a time on two connections: most are small, and a small
  // COPY's cost is mostly its own fixed, single-threaded work (README, "Incremental builds").
  for (const relation of relations.filter((r) => r === PAYMENTS)) written.set(relation, await exportRelation(warehouse, outDir, relation, options));
  const queue = relations.filter((r) => r !== PAYMENTS);
  if (queue.length > 0) {
    const second = await warehouse.connectAgain();
    try {
      const drain = async (connection: Warehouse) => {
        for (let relation = queue.shift(); relation !== undefined; relation = queue.shift()) written.set(relation, await exportRelation(connection, outDir, relation, options));
      };
      // Settled, not raced: the second connection is closed only once neither is running.
      const failed = (await Promise.allSettled([drain(warehouse), drain(second)])).find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      second.close();
    }
  }
  return relations.map((relation) => written.get(relation) as ExportedTable);
}

async function exportRelation(warehouse: Warehouse, outDir: string, relation: string, options: ExportOptions): Promise<ExportedTable> {
  const [schema, table] = relation.split('.') as [string, string];
  const dir = join(outDir, schema, table);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const select = await selectFor(warehouse, relation, options.format);
  const partitionBy = partitions[relation]?.columns;
  let target: string;
  let copyOptions: string;
  if (options.format === 'parquet') {
    target = partitionBy ? dir : join(dir, `${table}.parquet`);
    // The partition columns are written into the files too, so a reader that ignores the
    // folder names (Power BI's Folder source, one file opened alone) still has them.
    copyOptions = `format parquet, compression ${COMPRESSION}${partitionBy ? `, partition_by (${partitionBy.join(', ')}), write_partition_columns true` : ''}`;
  } else {
    target = join(dir, `${table}.csv`);
    copyOptions = 'format csv, header true';
  }
  const where = options.where?.[relation];
  // COPY returns the rows it wrote: no second run of the relation's query to count them.
  const [copied] = await warehouse.all<{ Count: bigint }>(`copy (${select}${where ? ` where ${where}` : ''}) to ${sqlString(target)} (${copyOptions})`);
  return { table: relation, path: target, rows: Number(copied?.Count ?? 0) };
}

/** What a Parquet version was built from, and what its content-compared partitions hold (`<version>/_cwb_build.json`). */
const MANIFEST = '_cwb_build.json';

interface Manifest {
  run_id: string;
  build_id?: string;
  /** The partitioned files carry their partition columns (a version without it is never linked from). */
  partition_columns_in_files?: true;
  /** Per content-compared relation: its columns, and each partition's row count and digest. */
  contents?: Record<string, RelationContents>;
}

interface RelationContents {
  /** The relation's column names and types, and how its files are written. */
  layout: string;
  /** Partition key (a JSON list of its values, as DuckDB's to_json writes it) → `rows:digest`. */
  partitions: Record<string, string>;
}

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

/**
 * Publishes Hive-partitioned Parquet of marts and metrics for BI tools and lakehouse engines:
 * writes `parquetRoot/<runId>/`, then points the `parquetRoot/current` symlink at it with an
 * atomic rename, so a reader sees either the old set of files or the new one, never a mix.
 * Keeps the previous version (a reader may still be on it) and removes older ones.
 *
 * What did not change is linked from the previous version instead of written again (hard
 * links share the bytes, so deleting the older version leaves them intact):
 * - after an incremental build (see ParquetReuse), the payments fact, the biggest table, is
 *   written only for the rebuilt anchors; the other anchors' `financial_year=…/anchor_id=…`
 *   files are links;
 * - a per-entity or per-anchor table's partition (`period_type=…/entity_type=…/entity_id=…`
 *   or `anchor_id=…`) whose rows are the same as the previous version's is a link. "The same"
 *   is compared, not assumed: each partition's row count and the sum of its rows' hashes, with
 *   the relation's columns, are kept in the version's manifest, so a full build that gave some
 *   entities the same rows links those too.
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
  const previousManifest = previousDir ? await readManifest(previousDir) : null;
  const reusable =
    reuse?.incremental &&
    previousDir &&
    previousManifest?.build_id === reuse.incremental.previousBuildId &&
    previousManifest.partition_columns_in_files === true &&
    (await isDirectory(join(previousDir, 'marts', 'fct_ap_payments')));
  let contents: Manifest['contents'];
  if (reusable && previousDir && reuse?.incremental?.anchors.length === 0) {
    // Nothing the marts and metrics are built from changed: every file of the previous
    // version is this one's too, linked rather than written again.
    await linkTree(previousDir, versionDir);
    contents = previousManifest?.contents;
  } else {
    // Per relation: the previous version's partition directories (relative) linked into this one.
    const links = new Map<string, string[]>();
    const where: Record<string, string> = {};
    if (reusable && previousDir) {
      const rebuilt = new Set(reuse?.incremental?.anchors ?? []);
      where[PAYMENTS] = rebuilt.size > 0 ? `anchor_id in (${[...rebuilt].map(sqlString).join(', ')})` : 'false';
      const anchorColumn = partitions[PAYMENTS]?.columns.indexOf('anchor_id') ?? -1;
      const unchangedAnchors = (await partitionDirectories(previousDir, PAYMENTS)).filter((p) => !rebuilt.has(p.values[anchorColumn] ?? ''));
      links.set(PAYMENTS, unchangedAnchors.map((p) => p.path));
    }
    contents = await withDatabase(snapshotPath, { mode: 'read_only' }, async (warehouse) => {
      const now = await perPartitionContents(warehouse);
      for (const [relation, relationContents] of Object.entries(now)) {
        const unchanged = previousDir ? await unchangedPartitions(previousDir, relation, relationContents, previousManifest?.contents?.[relation]) : new Map<string, string>();
        if (unchanged.size === 0) continue;
        where[relation] = partitionsFilterSql(relation, Object.keys(relationContents.partitions), new Set(unchanged.keys()));
        links.set(relation, [...unchanged.values()]);
      }
      await exportRelations(warehouse, versionDir, { format: 'parquet', where });
      return now;
    });
    for (const [relation, partitionPaths] of links) await linkPartitions(join(previousDir as string, ...relation.split('.')), join(versionDir, ...relation.split('.')), partitionPaths);
  }
  const manifest: Manifest = { run_id: runId, ...(reuse ? { build_id: reuse.buildId } : {}), partition_columns_in_files: true, ...(contents ? { contents } : {}) };
  await writeFile(join(versionDir, MANIFEST), `${JSON.stringify(manifest)}\n`);
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

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

async function readManifest(versionDir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(versionDir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** A relation's partition key in SQL: the JSON list of its partition values (null when a value is). */
function partitionKeySql(relation: string): string {
  const columns = partitions[relation]?.columns ?? [];
  return `to_json([${columns.map((c) => `cast(${c} as varchar)`).join(', ')}])::varchar`;
}

/**
 * A filter on a relation's rows that keeps those of the partitions not unchanged: the shorter
 * of the two lists, as comparisons on the partition columns themselves (which DuckDB pushes
 * into the table scan), not on each row's partition key (a JSON value per row: 0.14-0.16 s of
 * each publish for the supplier ranking's 525,000 rows at bench medium).
 */
function partitionsFilterSql(relation: string, keys: readonly string[], unchanged: ReadonlySet<string>): string {
  const columns = partitions[relation]?.columns ?? [];
  const matches = (key: string) => {
    const values = JSON.parse(key) as (string | null)[];
    return `(${columns.map((c, i) => (values[i] === null || values[i] === undefined ? `${c} is null` : `${c} = ${sqlString(values[i] as string)}`)).join(' and ')})`;
  };
  const changed = keys.filter((k) => !unchanged.has(k));
  if (changed.length === 0) return 'false';
  if (changed.length <= unchanged.size) return changed.map(matches).join(' or ');
  return `not coalesce(${[...unchanged].map(matches).join(' or ')}, false)`;
}

/** The relations whose partitions are compared by content (those exported). */
async function contentComparedRelations(warehouse: Warehouse): Promise<string[]> {
  const exportable = new Set(await exportableRelations(warehouse));
  return Object.entries(partitions)
    .filter(([relation, layout]) => layout.comparedByContent === true && exportable.has(relation))
    .map(([relation]) => relation);
}

/** Every content-compared relation's columns, and each partition's rows and digest (one query per relation). */
async function perPartitionContents(warehouse: Warehouse): Promise<Record<string, RelationContents>> {
  const contents: Record<string, RelationContents> = {};
  for (const relation of await contentComparedRelations(warehouse)) {
    const source = sourceFor(relation);
    const described = await warehouse.all<{ column_name: string; column_type: string }>(`describe select * from ${source}`);
    const layout = `${COMPRESSION}; ${partitions[relation]?.columns.join(', ')} (in the files too); ${described.map((c) => `${c.column_name} ${c.column_type}`).join(', ')}`;
    // hash(t) hashes the whole row; the sum is the same whatever order the rows come in.
    const rows = await warehouse.all<{ key: string | null; content: string }>(
      `select ${partitionKeySql(relation)} as key, count(*) || ':' || sum(hash(t)) as content from (select * from ${source}) as t group by all`,
    );
    const partitionContents: Record<string, string> = {};
    for (const row of rows) if (row.key !== null) partitionContents[row.key] = row.content;
    contents[relation] = { layout, partitions: partitionContents };
  }
  return contents;
}

/**
 * The partitions of a relation whose rows are those of the previous version's files there:
 * partition key → its directory in the previous version, relative to the relation's. Only
 * partitions whose directory is found there count (a key DuckDB wrote another way is written
 * again, never dropped).
 */
async function unchangedPartitions(previousDir: string, relation: string, now: RelationContents, before: RelationContents | undefined): Promise<Map<string, string>> {
  const unchanged = new Map<string, string>();
  if (!before || before.layout !== now.layout) return unchanged;
  const present = new Map((await partitionDirectories(previousDir, relation)).map((p) => [JSON.stringify(p.values), p.path]));
  for (const [key, content] of Object.entries(now.partitions)) {
    if (before.partitions[key] !== content) continue;
    const path = present.get(JSON.stringify(JSON.parse(key)));
    if (path !== undefined) unchanged.set(key, path);
  }
  return unchanged;
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

/** A relation's `column=value/…` partition directories in a version (paths relative to the relation's), with their decoded values. */
async function partitionDirectories(versionDir: string, relation: string): Promise<{ path: string; values: string[] }[]> {
  const root = join(versionDir, ...relation.split('.'));
  let level: { path: string; values: string[] }[] = [{ path: '', values: [] }];
  for (let i = 0; i < (partitions[relation]?.columns.length ?? 0); i++) {
    const next: typeof level = [];
    for (const dir of level) {
      const entries = await readdir(join(root, dir.path), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const equals = entry.name.indexOf('=');
        if (!entry.isDirectory() || equals < 0) continue;
        let value: string;
        try {
          value = decodeURIComponent(entry.name.slice(equals + 1));
        } catch {
          continue;
        }
        next.push({ path: join(dir.path, entry.name), values: [...dir.values, value] });
      }
    }
    level = next;
  }
  return level;
}

/** Hard-links the files of the given partition directories (relative paths) of `from` into the same places under `to`. */
async function linkPartitions(from: string, to: string, partitionPaths: readonly string[]): Promise<void> {
  await Promise.all(
    partitionPaths.map(async (path) => {
      await mkdir(join(to, path), { recursive: true });
      for (const file of await readdir(join(from, path))) await link(join(from, path, file), join(to, path, file));
    }),
  );
}
