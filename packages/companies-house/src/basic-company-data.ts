import { open } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier as q, quotedString } from '@duckdb/node-api';
import { RegisterInputError } from './register-input-error';
import { failOnRows } from './sql-checks';
import { inTransaction } from './transaction';

/**
 * The official BasicCompanyData header (Free Company Data Product), trimmed. The published
 * file has leading spaces on some names (` CompanyNumber`, ` RegAddress.AddressLine2`, …);
 * we compare trimmed names and give DuckDB the column list ourselves.
 */
export const BASIC_COMPANY_COLUMNS = [
  'CompanyName', 'CompanyNumber', 'RegAddress.CareOf', 'RegAddress.POBox', 'RegAddress.AddressLine1', 'RegAddress.AddressLine2',
  'RegAddress.PostTown', 'RegAddress.County', 'RegAddress.Country', 'RegAddress.PostCode', 'CompanyCategory', 'CompanyStatus',
  'CountryOfOrigin', 'DissolutionDate', 'IncorporationDate', 'Accounts.AccountRefDay', 'Accounts.AccountRefMonth',
  'Accounts.NextDueDate', 'Accounts.LastMadeUpDate', 'Accounts.AccountCategory', 'Returns.NextDueDate', 'Returns.LastMadeUpDate',
  'Mortgages.NumMortCharges', 'Mortgages.NumMortOutstanding', 'Mortgages.NumMortPartSatisfied', 'Mortgages.NumMortSatisfied',
  'SICCode.SicText_1', 'SICCode.SicText_2', 'SICCode.SicText_3', 'SICCode.SicText_4',
  'LimitedPartnerships.NumGenPartners', 'LimitedPartnerships.NumLimPartners', 'URI',
  ...Array.from({ length: 10 }, (_, i) => [`PreviousName_${i + 1}.CONDATE`, `PreviousName_${i + 1}.CompanyName`]).flat(),
  'ConfStmtNextDueDate', 'ConfStmtLastMadeUpDate',
] as const;

/** Read just the first line of a file (the header), without loading the file. */
async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const end = text.search(/\r?\n/);
    return end < 0 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}

/** Check a BasicCompanyData file's header against the official one; throws naming the first difference. */
export async function checkBasicCompanyHeader(file: string): Promise<void> {
  if (!existsSync(file)) throw new RegisterInputError('file not found', { file, hint: 'check the path' });
  const header = (await firstLine(file)).split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
  for (let i = 0; i < BASIC_COMPANY_COLUMNS.length; i++) {
    if (header[i] !== BASIC_COMPANY_COLUMNS[i]) {
      throw new RegisterInputError(`header column ${i + 1} is "${header[i] ?? '(missing)'}", expected "${BASIC_COMPANY_COLUMNS[i]}"`, {
        file,
        line: 1,
        hint: 'pass the Companies House BasicCompanyData CSV (BasicCompanyDataAsOneFile or a BasicCompanyData-…-partN_M file) unchanged',
      });
    }
  }
  if (header.length !== BASIC_COMPANY_COLUMNS.length) {
    throw new RegisterInputError(`header has ${header.length} columns, expected ${BASIC_COMPANY_COLUMNS.length}`, { file, line: 1 });
  }
}

const c = (name: (typeof BASIC_COMPANY_COLUMNS)[number]) => q(name);
const blankToNull = (expr: string) => `nullif(trim(${expr}), '')`;
const ukDate = (expr: string) => `try_strptime(${blankToNull(expr)}, '%d/%m/%Y')::DATE`;
/** Postcode as the register prints it, normalised to upper case with one space. */
const postcodeSql = (expr: string) => `CASE WHEN regexp_full_match(upper(replace(${expr}, ' ', '')), '[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}')
  THEN regexp_replace(upper(replace(${expr}, ' ', '')), '^(.+)([0-9][A-Z]{2})$', '\\1 \\2') END`;

/**
 * Load one BasicCompanyData file or its multi-part split into `organisations` (scheme GB-COH)
 * and `organisation_names` (current and previous names). Set-based in one transaction: DuckDB's
 * CSV reader (every column text) feeds both inserts straight from the files, the checks run
 * on the rows inserted, and a failed check rolls everything back, so a reload of the same
 * files replaces the Companies House bulk rows or leaves the old ones whole. No staging
 * table: memory stays within the connection's memory_limit however big the register.
 * Returns the row count.
 */
export async function loadBasicCompanyData(conn: DuckDBConnection, files: readonly string[]): Promise<number> {
  if (files.length === 0) throw new RegisterInputError('no BasicCompanyData files given', { hint: 'pass one file or every part of the split' });
  for (const file of files) await checkBasicCompanyHeader(file);
  const list = `[${files.map((f) => quotedString(f)).join(', ')}]`;
  const columns = `{${BASIC_COMPANY_COLUMNS.map((name) => `${quotedString(name)}: 'VARCHAR'`).join(', ')}}`;
  const source = `read_csv(${list}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
      columns = ${columns}, filename = true, strict_mode = true, parallel = true)`;
  const bulk = `FROM organisations WHERE source = 'companies-house-bulk'`;
  const number = `coalesce(trim(${c('CompanyNumber')}), '')`;
  return inTransaction(conn, async () => {
    await conn.run(`DELETE FROM organisation_names WHERE org_id IN (SELECT org_id ${bulk})`);
    await conn.run(`DELETE ${bulk}`);
    const sic = [1, 2, 3, 4].map((i) => blankToNull(q(`SICCode.SicText_${i}`))).join(', ');
    await conn.run(`INSERT INTO organisations
      SELECT 'GB-COH-' || ${number}, 'GB-COH', ${number}, trim(${c('CompanyName')}),
        ${postcodeSql(c('RegAddress.PostCode'))}, ${blankToNull(c('CompanyCategory'))}, ${blankToNull(c('CompanyStatus'))},
        ${blankToNull(c('CompanyStatus'))} NOT IN ('Dissolved', 'Converted / Closed', 'Removed'),
        ${blankToNull(c('CountryOfOrigin'))}, ${blankToNull(c('Accounts.AccountCategory'))},
        list_filter([${sic}], s -> s IS NOT NULL),
        ${ukDate(c('IncorporationDate'))}, ${ukDate(c('DissolutionDate'))}, NULL, 'companies-house-bulk', filename
      FROM ${source}`);

    await failOnRows(conn, `SELECT number AS n, source_file ${bulk} AND NOT regexp_full_match(number, '[0-9]{8}|[A-Z]{2}[0-9]{6}|R0[0-9]{6}')`, (r, n) => ({
      problem: `${n} row(s) have a company number that is not 8 digits or 2 letters + 6 digits, first "${String(r.n)}"`,
      file: String(r.source_file),
      hint: 'the file may be truncated or not BasicCompanyData; grep for the value',
    }));
    // Count the repeated numbers first (a plain aggregate, which spills), then list the files
    // of the first one only: a list() per number over 5.7 million rows ran out of memory.
    await failOnRows(conn, `WITH dup AS (SELECT number ${bulk} GROUP BY number HAVING count(*) > 1)
      SELECT first.n, (SELECT count(*) FROM dup) AS repeated, list(DISTINCT o.source_file ORDER BY o.source_file) AS files
      FROM (SELECT min(number) AS n FROM dup) AS first JOIN organisations AS o ON o.number = first.n AND o.source = 'companies-house-bulk'
      GROUP BY first.n`, (r) => ({
      problem: `${String(r.repeated)} company number(s) appear more than once, first ${String(r.n)}`,
      file: String((r.files as string[])[0]),
      hint: 'pass each part of the split once, and do not mix two monthly snapshots in one load',
    }));

    // Current and previous names in a second scan of the files (unnest of a list of structs);
    // only the name columns are kept from it.
    const names = [`{name: trim(${c('CompanyName')}), is_current: true, changed_on: NULL::DATE}`, ...Array.from({ length: 10 }, (_, i) =>
      `{name: ${blankToNull(q(`PreviousName_${i + 1}.CompanyName`))}, is_current: false, changed_on: ${ukDate(q(`PreviousName_${i + 1}.CONDATE`))}}`)].join(', ');
    await conn.run(`INSERT INTO organisation_names
      SELECT org_id, n.name, n.is_current, n.changed_on FROM (
        SELECT 'GB-COH-' || ${number} AS org_id, unnest([${names}]) AS n FROM ${source})
      WHERE n.name IS NOT NULL`);
    await conn.run(`INSERT INTO register_inputs SELECT 'companies', source_file, count(*), now() ${bulk} GROUP BY source_file`);
    return Number((await conn.runAndReadAll(`SELECT count(*) AS n ${bulk}`)).getRowObjectsJS()[0]?.n ?? 0);
  });
}
