import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, quotedString } from '@duckdb/node-api';
import { z } from 'zod';
import { loaderDuckdbSettings } from '@cwb/config';
import { loadAreaFile } from './area-loader';
import { loadAreaSuccessors } from './area-successors';
import { loadImdEngland } from './deprivation-england';
import { loadWimd } from './deprivation-wales';
import { groupPostcodeFiles, loadPostcodes } from './postcode-loader';
import { currentReferencePath, writeReferencePointer } from './reference-pointer';
import { REFERENCE_TABLES, REFERENCE_DERIVED, TABLES_BY_KIND, type ReferenceInputKind, type ReferenceTable } from './reference-schema';
import { ReferenceInputError } from './reference-input-error';
import { withQueryProgress } from './query-progress';
import { VINTAGE_PATTERN, vintageFromData, vintageFromFileNames } from './reference-vintage';

/** One step of a build, for progress output. `percent` is DuckDB's progress of the running query. */
export interface BuildProgress {
  step: string;
  detail?: string;
  percent?: number;
}

export const buildReferenceOptionsSchema = z
  .object({
    outDir: z.string().min(1),
    /** ONSPD/NSPL files (any vintage; the per-area split loads as one). */
    postcodeFiles: z.array(z.string().min(1)).optional(),
    /** IoD 2019 File 1 (England, LSOA 2011). */
    imdEnglandFile: z.string().min(1).optional(),
    /** WIMD 2019 scores by LSOA, saved as CSV. */
    wimdFile: z.string().min(1).optional(),
    /** ONS area lookups (LAD names, ward → LAD → county → region → country, LAD → region, country names). */
    areaFiles: z.array(z.string().min(1)).optional(),
    /** Label for this version; default from the postcode file names, else from the data. */
    vintage: z.string().regex(VINTAGE_PATTERN, 'letters, digits, ".", "_" and "-" only').optional(),
    /** Copy the tables of kinds not given here from the current version (what `cwb reference load` does). */
    inheritFromCurrent: z.boolean().default(false),
    /** DuckDB memory limit during the build (spills to disk beyond it); default the loader's (CWB_DUCKDB_MEMORY_LIMIT). */
    memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i).optional(),
    /** Default the loader's (CWB_DUCKDB_THREADS). */
    threads: z.number().int().min(1).max(64).optional(),
    onProgress: z.custom<(progress: BuildProgress) => void>((v) => typeof v === 'function').optional(),
  })
  .strict();
export type BuildReferenceOptions = z.input<typeof buildReferenceOptionsSchema>;

export interface BuiltReference {
  /** Absolute path of the new versioned database. */
  path: string;
  vintage: string;
  postcodes: number;
  /** Rows per table in the new version. */
  tables: Record<ReferenceTable, number>;
  /** Whole build time in milliseconds. */
  elapsedMs: number;
}

/**
 * Build a NEW versioned reference database in `outDir` (`reference-<vintage>-<hash>.duckdb`),
 * then atomically point `outDir/current.json` at it. Never opens, modifies or deletes an
 * existing version, so enrichers holding a read-only connection to the old one are unaffected.
 */
export async function buildReference(options: BuildReferenceOptions): Promise<BuiltReference> {
  const opts = buildReferenceOptionsSchema.parse(options);
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const outDir = resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const given = new Set<ReferenceInputKind>();
  if (opts.postcodeFiles?.length) given.add('postcodes');
  if (opts.imdEnglandFile) given.add('imd');
  if (opts.wimdFile) given.add('wimd');
  if (opts.areaFiles?.length) given.add('areas');
  const base = opts.inheritFromCurrent ? currentReferencePath(outDir) : null;
  if (given.size === 0 && !base) {
    throw new ReferenceInputError('nothing to load', { hint: 'pass postcode, IoD, WIMD or area files (or inherit from an existing reference)' });
  }

  const nonce = randomBytes(6).toString('hex');
  const building = join(outDir, `.building-${nonce}.duckdb`);
  const spill = join(outDir, `.spill-${nonce}`);
  const limits = loaderDuckdbSettings();
  const instance = await DuckDBInstance.create(building, {
    memory_limit: opts.memoryLimit ?? limits.memoryLimit,
    threads: String(opts.threads ?? limits.threads),
    temp_directory: spill,
    preserve_insertion_order: 'false',
  });
  const conn = await instance.connect();
  let vintage: string;
  const tables = {} as Record<ReferenceTable, number>;
  try {
    for (const ddl of Object.values(REFERENCE_TABLES)) await conn.run(ddl);
    progress({ step: 'successors', detail: 'shipped area successor codes' });
    await loadAreaSuccessors(conn);

    let inheritedVintage: string | null = null;
    if (base) {
      progress({ step: 'inherit', detail: base });
      await conn.run(`ATTACH ${quotedString(base)} AS base (READ_ONLY)`);
      for (const kind of Object.keys(TABLES_BY_KIND) as ReferenceInputKind[]) {
        if (given.has(kind)) continue;
        for (const table of TABLES_BY_KIND[kind]) await conn.run(`INSERT INTO ${table} SELECT * FROM base.${table}`);
        await conn.run(`INSERT INTO reference_inputs SELECT * FROM base.reference_inputs WHERE kind = '${kind}'`);
      }
      const row = (await conn.runAndReadAll(`SELECT value FROM base.reference_meta WHERE key = 'vintage'`)).getRowObjectsJS()[0];
      inheritedVintage = (row?.value as string | undefined) ?? null;
      await conn.run(`DETACH base`);
    }

    if (opts.postcodeFiles?.length) {
      const files = opts.postcodeFiles.map((f) => resolve(f));
      progress({ step: 'postcodes', detail: `${files.length} file(s)` });
      const n = await withQueryProgress(conn, (percent) => progress({ step: 'postcodes', percent }), () => loadPostcodes(conn, files));
      progress({ step: 'postcodes', detail: `${n.toLocaleString('en-GB')} postcodes` });
      const product = (await groupPostcodeFiles(conn, files.slice(0, 1)))[0]?.columns.product ?? 'unknown';
      vintage = opts.vintage ?? vintageFromFileNames(files) ?? (await vintageFromData(conn, product));
    } else {
      vintage = opts.vintage ?? inheritedVintage ?? 'no-postcodes';
    }
    if (opts.imdEnglandFile) {
      progress({ step: 'imd', detail: opts.imdEnglandFile });
      await loadImdEngland(conn, resolve(opts.imdEnglandFile));
    }
    if (opts.wimdFile) {
      progress({ step: 'wimd', detail: opts.wimdFile });
      await loadWimd(conn, resolve(opts.wimdFile));
    }
    for (const file of opts.areaFiles ?? []) {
      progress({ step: 'areas', detail: file });
      await loadAreaFile(conn, resolve(file));
    }
    for (const view of REFERENCE_DERIVED) await conn.run(view);
    const builtAt = new Date().toISOString();
    await conn.run(`INSERT INTO reference_meta VALUES ('vintage', ${quotedString(vintage)}), ('built_at', ${quotedString(builtAt)}), ('schema_version', '1')`);
    for (const table of Object.keys(REFERENCE_TABLES) as ReferenceTable[]) {
      tables[table] = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowObjectsJS()[0]?.n ?? 0);
    }
    await conn.run('CHECKPOINT');
  } catch (error) {
    conn.closeSync();
    instance.closeSync();
    rmSync(building, { force: true });
    rmSync(`${building}.wal`, { force: true });
    rmSync(spill, { recursive: true, force: true });
    throw error;
  }
  conn.closeSync();
  instance.closeSync();
  rmSync(spill, { recursive: true, force: true });

  const hash = createHash('sha256')
    .update(JSON.stringify({ vintage, nonce, inputs: inputFingerprints(opts), base }))
    .digest('hex')
    .slice(0, 10);
  const file = `reference-${vintage}-${hash}.duckdb`;
  const path = join(outDir, file);
  if (existsSync(path)) throw new Error(`refusing to overwrite existing reference version ${path}`);
  renameSync(building, path);
  writeReferencePointer(outDir, { file, vintage, built_at: new Date().toISOString(), postcodes: tables.postcodes });
  progress({ step: 'done', detail: path });
  return { path, vintage, postcodes: tables.postcodes, tables, elapsedMs: Math.round(performance.now() - started) };
}

function inputFingerprints(opts: z.output<typeof buildReferenceOptionsSchema>): string[] {
  const files = [...(opts.postcodeFiles ?? []), opts.imdEnglandFile, opts.wimdFile, ...(opts.areaFiles ?? [])].filter((f): f is string => !!f);
  return files.map((f) => {
    const s = statSync(f);
    return `${resolve(f)}:${s.size}:${s.mtimeMs}`;
  });
}
