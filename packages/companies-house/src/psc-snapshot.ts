import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedString } from '@duckdb/node-api';
import { RegisterInputError } from './register-input-error';
import { failOnRows } from './sql-checks';
import { inTransaction } from './transaction';

/** PSC kinds in the snapshot (`totals#…` is the trailer line). */
export const PSC_KINDS = [
  'individual-person-with-significant-control',
  'corporate-entity-person-with-significant-control',
  'legal-person-person-with-significant-control',
  'super-secure-person-with-significant-control',
  'individual-beneficial-owner',
  'corporate-entity-beneficial-owner',
  'legal-person-beneficial-owner',
  'super-secure-beneficial-owner',
  'persons-with-significant-control-statement',
  'exemptions',
] as const;

const TOTALS_KIND = 'totals#persons-of-significant-control-snapshot';

const str = (path: string) => `nullif(trim(json_extract_string(data, '${path}')), '')`;
const date = (path: string) => `try_cast(${str(path)} AS DATE)`;

/**
 * Load the PSC snapshot (JSON lines `{"company_number":…,"data":{…}}`, one file or its
 * split) into `psc` with DuckDB's JSON reader. Every kind is kept, ceased entries with their
 * dates; an individual's name is not kept (not needed for ownership, and personal data).
 * The totals trailer is stored in `psc_snapshot_totals` and checked against the rows loaded.
 * A reload replaces the PSC rows of the same files. Returns the number of PSC lines loaded.
 */
export async function loadPscSnapshot(conn: DuckDBConnection, files: readonly string[]): Promise<number> {
  if (files.length === 0) throw new RegisterInputError('no PSC snapshot files given', { hint: 'pass the persons-with-significant-control snapshot file(s)' });
  for (const file of files) if (!existsSync(file)) throw new RegisterInputError('file not found', { file, hint: 'check the path' });
  const list = `[${files.map((f) => quotedString(f)).join(', ')}]`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE psc_staging AS
    SELECT company_number, data, filename AS source_file, json_extract_string(data, '$.kind') AS kind
      FROM read_json(${list}, format = 'newline_delimited', columns = {company_number: 'VARCHAR', data: 'JSON'}, filename = true,
                     maximum_object_size = 16777216)`);

  await failOnRows(conn, `SELECT source_file, kind FROM psc_staging WHERE kind IS NULL OR (kind NOT IN (${PSC_KINDS.map(quotedString).join(', ')}) AND kind <> '${TOTALS_KIND}')`, (r, n) => ({
    problem: `${n} line(s) have an unknown or missing data.kind, first ${r.kind === null ? '(missing)' : `"${String(r.kind)}"`}`,
    file: String(r.source_file),
    hint: 'the file must be the Companies House persons-with-significant-control snapshot (JSON lines with company_number and data.kind)',
  }));
  await failOnRows(conn, `SELECT source_file, company_number FROM psc_staging WHERE kind <> '${TOTALS_KIND}' AND NOT regexp_full_match(coalesce(company_number, ''), '[0-9]{8}|[A-Z]{2}[0-9]{6}')`, (r, n) => ({
    problem: `${n} line(s) have a company_number that is not 8 characters, first "${String(r.company_number)}"`,
    file: String(r.source_file),
    hint: 'grep the file for that value; the snapshot pads numbers to 8 characters',
  }));

  const sources = files.map(quotedString).join(', ');
  // One transaction: a failed trailer check leaves the PSC rows of a previous load whole.
  const count = await inTransaction(conn, async () => {
    await conn.run(`DELETE FROM psc WHERE source_file IN (${sources})`);
    await conn.run(`DELETE FROM psc_snapshot_totals WHERE source_file IN (${sources})`);
    await conn.run(`INSERT INTO psc
      SELECT company_number, kind,
        CASE WHEN kind LIKE 'individual%' OR kind LIKE 'super-secure%' THEN NULL ELSE ${str('$.name')} END,
        CAST(json_extract(data, '$.natures_of_control') AS VARCHAR[]),
        ${date('$.notified_on')}, ${date('$.ceased_on')},
        ${date('$.ceased_on')} IS NOT NULL OR coalesce(json_extract(data, '$.ceased')::BOOLEAN, false),
        ${str('$.identification.legal_form')}, ${str('$.identification.legal_authority')},
        ${str('$.identification.country_registered')}, ${str('$.identification.place_registered')},
        ${str('$.identification.registration_number')},
        CASE WHEN kind LIKE 'individual%' THEN NULL ELSE ${str('$.address.country')} END,
        CASE WHEN kind LIKE 'individual%' THEN NULL ELSE ${str('$.address.postal_code')} END,
        ${str('$.statement')},
        source_file
      FROM psc_staging WHERE kind <> '${TOTALS_KIND}'`);
    await conn.run(`INSERT INTO psc_snapshot_totals
      SELECT source_file, try_cast(json_extract_string(data, '$.persons_of_significant_control_count') AS BIGINT),
        try_cast(json_extract_string(data, '$.statements_count') AS BIGINT), try_cast(json_extract_string(data, '$.exemptions_count') AS BIGINT)
      FROM psc_staging WHERE kind = '${TOTALS_KIND}'`);
    // The trailer (in the last part of a split) counts everything the snapshot holds; fewer
    // lines read over all the files given means a truncated file or a missing part.
    await failOnRows(conn, `WITH t AS (SELECT sum(psc_count + statements_count + coalesce(exemptions_count, 0)) AS expected, any_value(source_file) AS source_file
                     FROM psc_snapshot_totals WHERE source_file IN (${sources})),
         l AS (SELECT count(*) AS loaded FROM psc_staging WHERE kind <> '${TOTALS_KIND}')
      SELECT * FROM t, l WHERE t.expected IS NOT NULL AND l.loaded < t.expected`, (r) => ({
      problem: `the totals trailer counts ${String(r.expected)} PSCs, statements and exemptions, but only ${String(r.loaded)} lines were read`,
      file: String(r.source_file),
      hint: 'a part of the split is missing or a file is truncated; pass every part, or download the snapshot again',
    }));
    const count = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM psc_staging WHERE kind <> '${TOTALS_KIND}'`)).getRowObjectsJS()[0]?.n ?? 0);
    await conn.run(`INSERT INTO register_inputs SELECT 'psc', source_file, count(*), now() FROM psc_staging WHERE kind <> '${TOTALS_KIND}' GROUP BY source_file`);
    return count;
  });
  await conn.run(`DROP TABLE psc_staging`);
  return count;
}
