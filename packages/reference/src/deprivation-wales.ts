import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier as q, quotedString } from '@duckdb/node-api';
import { optionalColumn, requireColumn } from './column-match';
import { readCsvHeader, readCsvSql } from './csv-header';
import { failOnRows } from './sql-checks';

/** Header patterns for the WIMD 2019 "index and domain scores by small area" sheet, as CSV. */
export const WIMD_COLUMN_PATTERNS = {
  lsoa: /^LSOA Code$/i,
  lsoaName: /^LSOA Name$/i,
  laName: /^Local Authority Name$/i,
  score: /^WIMD \d{4}$/i,
} as const;

/**
 * Load WIMD 2019 scores (one row per Welsh LSOA 2011) into `deprivation_wales`, deriving the
 * rank within Wales (1 = highest score = most deprived) and the decile with the same rule the
 * English IoD uses: decile = ceil(rank × 10 / number of LSOAs). The ODS sheet must first be
 * saved as CSV (DuckDB has no ODS reader); the header row is the one naming `LSOA Code`.
 */
export async function loadWimd(conn: DuckDBConnection, file: string): Promise<number> {
  const header = await readCsvHeader(conn, file);
  const lsoa = requireColumn(header, 'LSOA code', WIMD_COLUMN_PATTERNS.lsoa, 'WIMD 2019 scores');
  const score = requireColumn(header, 'WIMD score', WIMD_COLUMN_PATTERNS.score, 'WIMD 2019 scores');
  const name = optionalColumn(header, WIMD_COLUMN_PATTERNS.lsoaName);
  const laName = optionalColumn(header, WIMD_COLUMN_PATTERNS.laName);
  await conn.run(`CREATE TEMP TABLE wimd_staging AS
    SELECT trim(${q(lsoa)}) AS lsoa_code, ${name ? q(name) : 'NULL'} AS lsoa_name, ${laName ? q(laName) : 'NULL'} AS la_name,
           ${q(score)} AS raw_score, try_cast(trim(${q(score)}) AS DOUBLE) AS score, filename AS source_file
      FROM ${readCsvSql([file], header)}`);
  await failOnRows(conn, `SELECT lsoa_code FROM wimd_staging WHERE NOT regexp_full_match(coalesce(lsoa_code, ''), 'W01[0-9]{6}')`, (r, n) => ({
    problem: `${n} row(s) have an LSOA code that is not a Welsh LSOA (W01 + 6 digits), first "${String(r.lsoa_code)}"`,
    file,
    column: lsoa,
    hint: 'drop the note and super-header rows above the header when saving the Data sheet as CSV',
  }));
  await failOnRows(conn, `SELECT lsoa_code, raw_score FROM wimd_staging WHERE score IS NULL`, (r, n) => ({
    problem: `${n} row(s) have a WIMD score that is not a number, first "${String(r.raw_score)}" for ${String(r.lsoa_code)}`,
    file,
    column: score,
    hint: 'save the ODS cell values (not formatted text) when converting to CSV',
  }));
  await failOnRows(conn, `SELECT lsoa_code FROM wimd_staging GROUP BY lsoa_code HAVING count(*) > 1`, (r, n) => ({
    problem: `${n} LSOA(s) appear more than once, first ${String(r.lsoa_code)}`,
    file,
    column: lsoa,
    hint: 'load one WIMD scores file with one row per LSOA',
  }));
  await failOnRows(conn, `SELECT score, list(lsoa_code) AS lsoas FROM wimd_staging GROUP BY score HAVING count(*) > 1`, (r) => ({
    problem: `LSOAs ${(r.lsoas as string[]).join(', ')} share the score ${String(r.score)}, so their ranks would be arbitrary`,
    file,
    column: score,
    hint: 'use the published scores at full precision',
  }));
  await conn.run(`INSERT INTO deprivation_wales
    SELECT lsoa_code, lsoa_name, la_name, score, rank, CAST(ceil(rank * 10.0 / count(*) OVER ()) AS INTEGER), source_file
      FROM (SELECT *, CAST(row_number() OVER (ORDER BY score DESC) AS INTEGER) AS rank FROM wimd_staging)
     ORDER BY lsoa_code`);
  const n = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM wimd_staging`)).getRowObjectsJS()[0]?.n ?? 0);
  await conn.run(`INSERT INTO reference_inputs VALUES ('wimd', ${quotedString(file)}, ${n}, now())`);
  await conn.run(`DROP TABLE wimd_staging`);
  return n;
}
