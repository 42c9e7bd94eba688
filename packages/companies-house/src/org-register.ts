import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier as q, quotedString } from '@duckdb/node-api';
import { z } from 'zod';
import { RegisterInputError } from './register-input-error';
import { failOnRows } from './sql-checks';

/**
 * How a register file's columns map onto the generic organisation-register shape
 * (`scheme, number, name, postcode, type, status`, optionally `vat_number`). The generic
 * CSV needs no mapping; the Charity Commission extract and the FCA mutuals register have
 * ready ones below. Validated with zod, so a hand-written mapping fails with its problem.
 */
export const registerMappingSchema = z.object({
  name: z.string().min(1),
  /** A fixed org-id scheme, or null to read it from the `scheme` column. */
  scheme: z.string().regex(/^[A-Z]{2}-[A-Z]{2,6}$/, 'an org-id scheme such as GB-CHC').nullable(),
  delimiter: z.string().length(1).default(','),
  /** For a file without a header row: the names of its columns, in order. */
  column_names: z.array(z.string().min(1)).min(1).optional(),
  columns: z.object({
    scheme: z.string().min(1).optional(),
    number: z.string().min(1),
    name: z.string().min(1),
    postcode: z.string().min(1).optional(),
    type: z.string().min(1).optional(),
    status: z.string().min(1).optional(),
    vat_number: z.string().min(1).optional(),
  }),
  /** Status values (case-insensitive) meaning the organisation is live. */
  active_statuses: z.array(z.string()).default(['active', 'registered', 'live']),
  /** Keep only rows where this column equals this value (e.g. main charities, not linked ones). */
  where_equals: z.object({ column: z.string().min(1), value: z.string() }).optional(),
});
export type RegisterMapping = z.infer<typeof registerMappingSchema>;
export type RegisterMappingInput = z.input<typeof registerMappingSchema>;

/** The generic CSV: `scheme,number,name,postcode,type,status[,vat_number]`, e.g. `GB-CHC,1074622,…`. */
export const GENERIC_REGISTER: RegisterMapping = registerMappingSchema.parse({
  name: 'generic',
  scheme: null,
  columns: { scheme: 'scheme', number: 'number', name: 'name', postcode: 'postcode', type: 'type', status: 'status' },
});

/**
 * Charity Commission for England and Wales, "register of charities" public extract
 * (`publicextract.charity.txt`, tab-separated). Column names are those of the Commission's
 * published data definition; linked (subsidiary) charities are left out, so the org-id is the
 * main registration (`GB-CHC-1074622`).
 */
export const CHARITY_COMMISSION_REGISTER: RegisterMapping = registerMappingSchema.parse({
  name: 'charity-commission',
  scheme: 'GB-CHC',
  delimiter: '\t',
  columns: {
    number: 'registered_charity_number',
    name: 'charity_name',
    postcode: 'charity_contact_postcode',
    type: 'charity_type',
    status: 'charity_registration_status',
  },
  where_equals: { column: 'linked_charity_number', value: '0' },
});

/**
 * FCA Mutuals Public Register export (co-operatives, community benefit societies and other
 * registered societies). The org-id is `GB-MPR-<register number>` (e.g. `GB-MPR-30480R`).
 */
export const FCA_MUTUALS_REGISTER: RegisterMapping = registerMappingSchema.parse({
  name: 'fca-mutuals',
  scheme: 'GB-MPR',
  columns: {
    number: 'Register Number',
    name: 'Society Name',
    postcode: 'Postcode',
    type: 'Registered As',
    status: 'Society Status',
  },
});

/**
 * NHS Digital ODS "etr" extract (NHS trusts; headerless, 27 columns, postcode in column 10).
 * The org-id is `GB-NHS-<ODS code>`, the identifier NHS vendor codes carry (`NHS0000RJ701` → RJ7).
 */
export const NHS_TRUSTS_REGISTER: RegisterMapping = registerMappingSchema.parse({
  name: 'nhs-trusts',
  scheme: 'GB-NHS',
  column_names: ['ods_code', 'name', 'national_grouping', 'health_geography', 'address_1', 'address_2', 'address_3', 'address_4', 'address_5', 'postcode',
    'open_date', 'close_date', ...Array.from({ length: 15 }, (_, i) => `column_${i + 13}`)],
  columns: { number: 'ods_code', name: 'name', postcode: 'postcode' },
});

export const REGISTER_MAPPINGS = {
  generic: GENERIC_REGISTER,
  'charity-commission': CHARITY_COMMISSION_REGISTER,
  'fca-mutuals': FCA_MUTUALS_REGISTER,
  'nhs-trusts': NHS_TRUSTS_REGISTER,
} as const;
export type RegisterMappingName = keyof typeof REGISTER_MAPPINGS;

/** Column names of a delimited file's header, read by DuckDB's sniffer. */
async function headerColumns(conn: DuckDBConnection, file: string, delimiter: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    `SELECT list_transform(Columns, c -> c.name) AS columns FROM sniff_csv(${quotedString(file)}, header = true, delim = ${quotedString(delimiter)}, sample_size = 1024)`,
  );
  return (reader.getRowObjectsJS()[0]?.columns as string[] | undefined) ?? [];
}

const postcodeSql = (expr: string) => `CASE WHEN regexp_full_match(upper(replace(coalesce(${expr}, ''), ' ', '')), '[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}')
  THEN regexp_replace(upper(replace(${expr}, ' ', '')), '^(.+)([0-9][A-Z]{2})$', '\\1 \\2') END`;

/**
 * Load an organisation register into `organisations` (and its name into `organisation_names`)
 * through one generic path. Each row gets an org-id `<scheme>-<number>`. Rows from the same
 * file are replaced on reload. Returns the number of organisations loaded.
 */
export async function loadOrganisationRegister(conn: DuckDBConnection, file: string, mappingInput: RegisterMappingInput = GENERIC_REGISTER): Promise<number> {
  const parsed = registerMappingSchema.safeParse(mappingInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RegisterInputError(`register mapping is invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`, { hint: 'see registerMappingSchema in @cwb/companies-house' });
  }
  const mapping = parsed.data;
  if (!existsSync(file)) throw new RegisterInputError('file not found', { file, hint: 'check the path' });
  const header = mapping.column_names ?? (await headerColumns(conn, file, mapping.delimiter));
  const wanted = Object.entries(mapping.columns).filter(([, v]) => v !== undefined) as [string, string][];
  if (mapping.scheme === null && mapping.columns.scheme === undefined) {
    throw new RegisterInputError('the mapping has neither a fixed scheme nor a scheme column', { hint: 'set scheme (e.g. GB-CHC) or columns.scheme' });
  }
  for (const [field, column] of [...wanted, ...(mapping.where_equals ? [['filter', mapping.where_equals.column] as [string, string]] : [])]) {
    if (!header.includes(column)) {
      throw new RegisterInputError(`has no "${column}" column (needed for ${field}); the header has ${header.slice(0, 12).join(', ')}${header.length > 12 ? ', …' : ''}`, {
        file,
        line: 1,
        hint: mapping.name === 'generic' ? 'the generic register CSV needs the columns scheme, number, name, postcode, type, status' : `this is not a ${mapping.name} file, or its layout changed: pass a mapping`,
      });
    }
  }
  const col = (name: string | undefined) => (name === undefined ? 'NULL::VARCHAR' : `nullif(trim(${q(name)}), '')`);
  const columnsLiteral = `{${header.map((h) => `${quotedString(h)}: 'VARCHAR'`).join(', ')}}`;
  const scheme = mapping.scheme === null ? `upper(${col(mapping.columns.scheme)})` : quotedString(mapping.scheme);
  const where = mapping.where_equals ? `WHERE trim(${q(mapping.where_equals.column)}) = ${quotedString(mapping.where_equals.value)}` : '';
  await conn.run(`CREATE OR REPLACE TEMP TABLE register_staging AS
    SELECT ${scheme} AS scheme, upper(${col(mapping.columns.number)}) AS number, ${col(mapping.columns.name)} AS name,
      ${col(mapping.columns.postcode)} AS raw_postcode, ${col(mapping.columns.type)} AS org_type, ${col(mapping.columns.status)} AS status,
      ${col(mapping.columns.vat_number)} AS vat_number, row_number() OVER () + ${mapping.column_names ? 0 : 1} AS line
    FROM read_csv(${quotedString(file)}, header = ${mapping.column_names ? 'false' : 'true'}, auto_detect = false, delim = ${quotedString(mapping.delimiter)}, quote = '"', escape = '"',
                  columns = ${columnsLiteral}, null_padding = true) ${where}`);

  await failOnRows(conn, `SELECT line, scheme FROM register_staging WHERE scheme IS NULL OR NOT regexp_full_match(scheme, '[A-Z]{2}-[A-Z]{2,6}') ORDER BY line`, (r, n) => ({
    problem: `${n} row(s) have a scheme that is not an org-id scheme, first "${String(r.scheme ?? '')}"`,
    file, line: Number(r.line), column: mapping.columns.scheme ?? 'scheme',
    hint: 'use an org-id.guide scheme such as GB-CHC, GB-COH or GB-MPR',
  }));
  await failOnRows(conn, `SELECT line FROM register_staging WHERE number IS NULL OR name IS NULL ORDER BY line`, (r, n) => ({
    problem: `${n} row(s) have no number or no name`,
    file, line: Number(r.line),
    hint: 'every organisation needs its register number and its name',
  }));
  await failOnRows(conn, `SELECT scheme, number, min(line) AS line, max(line) AS other FROM register_staging GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY line`, (r, n) => ({
    problem: `${n} org-id(s) appear more than once, first ${String(r.scheme)}-${String(r.number)} (also line ${String(r.other)})`,
    file, line: Number(r.line),
    hint: 'each organisation once per file',
  }));

  const active = mapping.active_statuses.map((s) => quotedString(s.toLowerCase())).join(', ');
  await conn.run(`DELETE FROM organisation_names WHERE org_id IN (SELECT org_id FROM organisations WHERE source_file = ${quotedString(file)})`);
  await conn.run(`DELETE FROM organisations WHERE source_file = ${quotedString(file)}`);
  await conn.run(`INSERT INTO organisations
    SELECT scheme || '-' || number, scheme, number, name, ${postcodeSql('raw_postcode')}, org_type, status,
      CASE WHEN status IS NULL THEN NULL ELSE lower(status) IN (${active}) END, NULL, NULL, NULL, NULL, NULL,
      ${mapping.columns.vat_number ? `regexp_replace(upper(vat_number), '^GB|[^0-9A-Z]', '', 'g')` : 'NULL'}, ${quotedString(`register:${mapping.name}`)}, ${quotedString(file)}
    FROM register_staging`);
  await conn.run(`INSERT INTO organisation_names SELECT scheme || '-' || number, name, true, NULL FROM register_staging`);
  const count = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM register_staging`)).getRowObjectsJS()[0]?.n ?? 0);
  await conn.run(`INSERT INTO register_inputs VALUES (${quotedString(`register:${mapping.name}`)}, ${quotedString(file)}, ${count}, now())`);
  await conn.run(`DROP TABLE register_staging`);
  return count;
}
