import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier as q } from '@duckdb/node-api';
import { readCsvHeader, readCsvSql, type CsvHeader } from './csv-header';
import { detectPostcodeColumns, postcodeColumnsKey, type PostcodeColumns } from './postcode-columns';
import { normalisePostcodeSql } from './postcode-format';
import { failOnRows } from './sql-checks';

/** A GSS code that names a real area: letter + 8 digits, and not a `X99999999` pseudo-code. */
const realCode = (expr: string) =>
  `CASE WHEN regexp_full_match(trim(${expr}), '[A-Z][0-9]{8}') AND NOT regexp_full_match(trim(${expr}), '[A-Z]99999999') THEN trim(${expr}) END`;

/** `YYYYMM` → `YYYY-MM`; blank → NULL. Anything else is caught by the check below. */
const yearMonth = (expr: string) => `CASE WHEN regexp_full_match(trim(${expr}), '[0-9]{6}') THEN left(trim(${expr}), 4) || '-' || right(trim(${expr}), 2) END`;

export interface PostcodeFileGroup {
  files: string[];
  header: CsvHeader;
  columns: PostcodeColumns;
}

/**
 * Sniff each postcode file and group files sharing one header, so the per-area split ONS
 * ships (one file per postcode area) is read by a single read_csv over a list of files.
 */
export async function groupPostcodeFiles(conn: DuckDBConnection, files: readonly string[]): Promise<PostcodeFileGroup[]> {
  const groups = new Map<string, PostcodeFileGroup>();
  for (const file of files) {
    const header = await readCsvHeader(conn, file);
    const columns = detectPostcodeColumns(header);
    const key = postcodeColumnsKey({ ...header, file: '' }, columns);
    const group = groups.get(key);
    if (group) group.files.push(file);
    else groups.set(key, { files: [file], header, columns });
  }
  return [...groups.values()];
}

/** SELECT producing `postcodes` rows (plus raw values for checks) from one group of files. */
function selectPostcodes({ files, header, columns: c }: PostcodeFileGroup): string {
  const col = (name: string | null) => (name === null ? 'NULL::VARCHAR' : q(name));
  const lat = c.lat === null ? 'NULL::DOUBLE' : `try_cast(${q(c.lat)} AS DOUBLE)`;
  const long = c.long === null ? 'NULL::DOUBLE' : `try_cast(${q(c.long)} AS DOUBLE)`;
  // ONS marks a postcode with no grid reference by lat 99.999999 (NSPL/ONSPD) and osgrdind 9.
  const noGrid = [
    c.lat === null ? null : `coalesce(${lat} >= 99.9, true)`,
    c.gridIndicator === null ? null : `trim(${q(c.gridIndicator)}) = '9'`,
  ].filter((x) => x !== null);
  const hasGrid = noGrid.length === 0 ? 'true' : `NOT (${noGrid.join(' OR ')})`;
  return `SELECT
      ${normalisePostcodeSql(c.postcode)} AS postcode,
      ${col(c.postcode)} AS raw_postcode,
      ${realCode(col(c.lad))} AS raw_lad,
      ${realCode(col(c.region))} AS raw_region,
      ${realCode(col(c.country))} AS country_code,
      ${realCode(col(c.lsoa11))} AS raw_lsoa11,
      ${realCode(col(c.lsoa21))} AS raw_lsoa21,
      try_cast(nullif(trim(${col(c.imd)}), '0') AS INTEGER) AS source_imd_rank,
      ${yearMonth(col(c.introduced))} AS introduced_on,
      ${col(c.terminated)} AS raw_terminated,
      ${yearMonth(col(c.terminated))} AS terminated_on,
      ${hasGrid} AS has_grid,
      ${lat} AS lat, ${long} AS long,
      filename AS source_file
    FROM ${readCsvSql(files, header)}`;
}

/**
 * Load postcode files (ONSPD or NSPL, any vintage, one or many) into `postcodes`.
 * Pseudo-codes and no-grid postcodes become status 'no_area' with NULL area codes;
 * terminated postcodes are kept with their end month. Returns the number of postcodes.
 */
export async function loadPostcodes(conn: DuckDBConnection, files: readonly string[]): Promise<number> {
  const groups = await groupPostcodeFiles(conn, files);
  // A regular (not TEMP) table, so DuckDB can flush its blocks to the database file and stay
  // within memory_limit on a 2.7-million-row directory. Dropped once validated.
  await conn.run(`CREATE TABLE postcode_staging AS ${groups.map(selectPostcodes).join('\nUNION ALL BY NAME\n')}`);

  await failOnRows(conn, `SELECT raw_postcode, source_file FROM postcode_staging WHERE postcode IS NULL`, (r, n) => ({
    problem: `${n} row(s) have a postcode that is not a UK postcode, first "${String(r.raw_postcode)}"`,
    file: String(r.source_file),
    hint: 'check the file is an ONSPD/NSPL extract and that the postcode column was not truncated (grep for the value)',
  }));
  await failOnRows(
    conn,
    `SELECT postcode, raw_terminated, source_file FROM postcode_staging WHERE trim(coalesce(raw_terminated, '')) <> '' AND terminated_on IS NULL`,
    (r, n) => ({
      problem: `${n} row(s) have a termination date that is not YYYYMM, first "${String(r.raw_terminated)}" for ${String(r.postcode)}`,
      file: String(r.source_file),
      hint: 'doterm must be blank (live) or a year and month such as 202104',
    }),
  );
  await failOnRows(
    conn,
    `WITH dup AS (SELECT postcode FROM postcode_staging GROUP BY postcode HAVING count(*) > 1)
     SELECT (SELECT count(*) FROM dup) AS duplicates, d.postcode, list(s.source_file) AS files
       FROM (SELECT min(postcode) AS postcode FROM dup) d JOIN postcode_staging s USING (postcode) GROUP BY ALL`,
    (r) => ({
      problem: `${String(r.duplicates)} postcode(s) appear more than once, first ${String(r.postcode)} in ${[...new Set(r.files as string[])].join(' and ')}`,
      file: (r.files as string[])[0],
      hint: 'pass each per-area file once, and do not mix two vintages in one load',
    }),
  );

  await conn.run(`INSERT INTO postcodes
    SELECT postcode,
      CASE WHEN located THEN raw_lad END, CASE WHEN located THEN raw_region END, country_code,
      CASE WHEN located THEN raw_lsoa11 END, CASE WHEN located THEN raw_lsoa21 END,
      CASE WHEN located THEN source_imd_rank END,
      introduced_on, terminated_on, terminated_on IS NOT NULL, has_grid,
      CASE WHEN has_grid THEN lat END, CASE WHEN has_grid THEN long END,
      CASE WHEN located THEN 'located' ELSE 'no_area' END, source_file
    FROM (SELECT *, (raw_lad IS NOT NULL AND has_grid) AS located FROM postcode_staging)
    ORDER BY postcode`);
  const count = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM postcode_staging`)).getRowObjectsJS()[0]?.n ?? 0);
  await conn.run(`INSERT INTO reference_inputs SELECT 'postcodes', source_file, count(*), now() FROM postcode_staging GROUP BY source_file`);
  await conn.run(`DROP TABLE postcode_staging`);
  return count;
}
