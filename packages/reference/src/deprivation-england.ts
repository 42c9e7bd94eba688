import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier as q, quotedString } from '@duckdb/node-api';
import { requireColumn } from './column-match';
import { readCsvHeader, readCsvSql } from './csv-header';
import { failOnRows } from './sql-checks';

/** Header patterns for the MHCLG "English indices of deprivation 2019" File 1 (and File 7). */
export const IOD_COLUMN_PATTERNS = {
  lsoa: /^LSOA code \(\d{4}\)$/i,
  lsoaName: /^LSOA name \(\d{4}\)$/i,
  lad: /^Local Authority District code \(\d{4}\)$/i,
  rank: /^Index of Multiple Deprivation \(IMD\) Rank/i,
  decile: /^Index of Multiple Deprivation \(IMD\) Decile/i,
} as const;

/**
 * Load the English IoD 2019 (one row per LSOA 2011) into `deprivation_england`. Ranks are
 * quoted with thousands separators (`"29,199"`) and the file starts with a BOM; both are
 * handled by DuckDB's reader plus a `replace`. Every rank must be 1..N, every decile 1..10
 * and each LSOA must appear once. Returns the number of LSOAs.
 */
export async function loadImdEngland(conn: DuckDBConnection, file: string): Promise<number> {
  const header = await readCsvHeader(conn, file);
  const col = Object.fromEntries(
    Object.entries(IOD_COLUMN_PATTERNS).map(([role, pattern]) => [role, requireColumn(header, role, pattern, 'IoD 2019 File 1')]),
  ) as Record<keyof typeof IOD_COLUMN_PATTERNS, string>;
  await conn.run(`CREATE TEMP TABLE imd_staging AS
    SELECT trim(${q(col.lsoa)}) AS lsoa_code, trim(${q(col.lsoaName)}) AS lsoa_name, trim(${q(col.lad)}) AS lad19_code,
           ${q(col.rank)} AS raw_rank, ${q(col.decile)} AS raw_decile,
           try_cast(replace(trim(${q(col.rank)}), ',', '') AS INTEGER) AS rank,
           try_cast(trim(${q(col.decile)}) AS INTEGER) AS decile, filename AS source_file
      FROM ${readCsvSql([file], header)}`);
  const where = { file, column: col.rank };
  await failOnRows(conn, `SELECT lsoa_code FROM imd_staging WHERE NOT regexp_full_match(coalesce(lsoa_code, ''), 'E01[0-9]{6}')`, (r, n) => ({
    problem: `${n} row(s) have an LSOA code that is not an English LSOA (E01 + 6 digits), first "${String(r.lsoa_code)}"`,
    file,
    column: col.lsoa,
    hint: 'pass the England IoD file here; Welsh LSOAs belong in the WIMD load',
  }));
  await failOnRows(conn, `SELECT lsoa_code, raw_rank FROM imd_staging WHERE rank IS NULL OR rank < 1 OR rank > (SELECT count(*) FROM imd_staging)`, (r, n) => ({
    problem: `${n} row(s) have an IMD rank that is not a whole number between 1 and the number of LSOAs, first "${String(r.raw_rank)}" for ${String(r.lsoa_code)}`,
    ...where,
    hint: 'ranks may carry thousands separators ("29,199") but nothing else; check the file is complete',
  }));
  await failOnRows(conn, `SELECT lsoa_code, raw_decile FROM imd_staging WHERE decile IS NULL OR decile NOT BETWEEN 1 AND 10`, (r, n) => ({
    problem: `${n} row(s) have an IMD decile outside 1..10, first "${String(r.raw_decile)}" for ${String(r.lsoa_code)}`,
    file,
    column: col.decile,
    hint: 'use the "Index of Multiple Deprivation (IMD) Decile" column as published',
  }));
  await failOnRows(conn, `SELECT lsoa_code FROM imd_staging GROUP BY lsoa_code HAVING count(*) > 1`, (r, n) => ({
    problem: `${n} LSOA(s) appear more than once, first ${String(r.lsoa_code)}`,
    file,
    column: col.lsoa,
    hint: 'load a single IoD file (File 1 has one row per LSOA)',
  }));
  await conn.run(`INSERT INTO deprivation_england SELECT lsoa_code, lsoa_name, lad19_code, rank, decile, source_file FROM imd_staging ORDER BY lsoa_code`);
  const n = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM imd_staging`)).getRowObjectsJS()[0]?.n ?? 0);
  await conn.run(`INSERT INTO reference_inputs VALUES ('imd', ${quotedString(file)}, ${n}, now())`);
  await conn.run(`DROP TABLE imd_staging`);
  return n;
}
