import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier as q, quotedString } from '@duckdb/node-api';
import { z } from 'zod';
import { RegisterInputError } from './register-input-error';
import { failOnRows } from './sql-checks';

/**
 * A register's other names of its organisations (working names, former names, the names a
 * charity is also known by), as rows of `organisation_names` that are not the current name,
 * so a ledger that pays "ACTION ON HEARING LOSS" matches the RNID's registration.
 * Validated with zod, so a hand-written mapping fails with its problem.
 */
export const otherNamesMappingSchema = z.object({
  name: z.string().min(1),
  /** A fixed org-id scheme, or null to read it from the `scheme` column. */
  scheme: z.string().regex(/^[A-Z]{2}-[A-Z]{2,6}$/, 'an org-id scheme such as GB-CHC').nullable(),
  delimiter: z.string().length(1).default(','),
  columns: z.object({ scheme: z.string().min(1).optional(), number: z.string().min(1), name: z.string().min(1) }),
  /** Keep only rows where this column equals this value (e.g. main charities, not linked ones). */
  where_equals: z.object({ column: z.string().min(1), value: z.string() }).optional(),
});
export type OtherNamesMapping = z.infer<typeof otherNamesMappingSchema>;

/** The generic CSV: `scheme,number,name`, one row per other name, e.g. `GB-CHC,207720,ACTION ON HEARING LOSS`. */
export const GENERIC_OTHER_NAMES: OtherNamesMapping = otherNamesMappingSchema.parse({
  name: 'generic',
  scheme: null,
  columns: { scheme: 'scheme', number: 'number', name: 'name' },
});

/**
 * Charity Commission for England and Wales, the public extract's other names
 * (`publicextract.charity_other_names.txt`, tab-separated; column names from the Commission's
 * data definition: registered_charity_number, linked_charity_number, charity_name_type,
 * charity_name). Linked (subsidiary) charities' names are left out, as in the register mapping.
 */
export const CHARITY_COMMISSION_OTHER_NAMES: OtherNamesMapping = otherNamesMappingSchema.parse({
  name: 'charity-commission',
  scheme: 'GB-CHC',
  delimiter: '\t',
  columns: { number: 'registered_charity_number', name: 'charity_name' },
  where_equals: { column: 'linked_charity_number', value: '0' },
});

export const OTHER_NAMES_MAPPINGS = { generic: GENERIC_OTHER_NAMES, 'charity-commission': CHARITY_COMMISSION_OTHER_NAMES } as const;
export type OtherNamesMappingName = keyof typeof OTHER_NAMES_MAPPINGS;

export interface OtherNamesLoad {
  /** Other names added to organisations in the registers. */
  names: number;
  /** Rows naming an organisation the registers do not hold (load its register first), not added. */
  unknown_organisations: number;
  /** Rows repeating a name the organisation already has (or another row of the file), not added. */
  already_known: number;
}

/**
 * Load other names of organisations already in the registers into `organisation_names`
 * (`is_current` false). Loading again replaces the other names of the organisations the file
 * names; rows for organisations not loaded are counted, not added. Rebuild the matching index
 * afterwards (`buildNameIndex`), as `cwb reference load other-names` does.
 */
export async function loadOtherNames(conn: DuckDBConnection, file: string, mapping: OtherNamesMapping = GENERIC_OTHER_NAMES): Promise<OtherNamesLoad> {
  if (!existsSync(file)) throw new RegisterInputError('file not found', { file, hint: 'check the path' });
  const header = (
    await conn.runAndReadAll(`SELECT list_transform(Columns, c -> c.name) AS columns FROM sniff_csv(${quotedString(file)}, header = true, delim = ${quotedString(mapping.delimiter)}, sample_size = 1024)`)
  ).getRowObjectsJS()[0]?.columns as string[] | undefined;
  const columns = header ?? [];
  const wanted = [...Object.values(mapping.columns).filter((c): c is string => c !== undefined), ...(mapping.where_equals ? [mapping.where_equals.column] : [])];
  for (const column of wanted) {
    if (!columns.includes(column)) {
      throw new RegisterInputError(`has no "${column}" column; the header has ${columns.slice(0, 12).join(', ')}${columns.length > 12 ? ', …' : ''}`, {
        file,
        line: 1,
        hint: mapping.name === 'generic' ? 'the generic other-names CSV has the columns scheme, number, name' : `this is not a ${mapping.name} other-names file: pass --mapping`,
      });
    }
  }
  const col = (name: string) => `nullif(trim(${q(name)}), '')`;
  const scheme = mapping.scheme === null ? `upper(${col(mapping.columns.scheme ?? 'scheme')})` : quotedString(mapping.scheme);
  const where = mapping.where_equals ? `WHERE trim(${q(mapping.where_equals.column)}) = ${quotedString(mapping.where_equals.value)}` : '';
  await conn.run(`CREATE OR REPLACE TEMP TABLE other_names_staging AS
    SELECT ${scheme} || '-' || upper(${col(mapping.columns.number)}) AS org_id, ${col(mapping.columns.name)} AS name, row_number() OVER () + 1 AS line
    FROM read_csv(${quotedString(file)}, header = true, auto_detect = false, delim = ${quotedString(mapping.delimiter)}, quote = '"', escape = '"',
                  columns = {${columns.map((c) => `${quotedString(c)}: 'VARCHAR'`).join(', ')}}, null_padding = true) ${where}`);
  await failOnRows(conn, `SELECT line FROM other_names_staging WHERE org_id IS NULL OR name IS NULL ORDER BY line`, (r, n) => ({
    problem: `${n} row(s) have no organisation number or no name`,
    file,
    line: Number(r.line),
    hint: 'every row names one organisation by its register number and gives one other name',
  }));
  const [counts] = (
    await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE org_id NOT IN (SELECT org_id FROM organisations)) AS unknown_organisations FROM other_names_staging`)
  ).getRowObjectsJS();
  await conn.run(`DELETE FROM organisation_names WHERE NOT is_current AND org_id IN (SELECT org_id FROM other_names_staging) AND org_id NOT LIKE 'GB-COH-%'`);
  await conn.run(`INSERT INTO organisation_names
    SELECT DISTINCT s.org_id, s.name, false, NULL::DATE FROM other_names_staging s
    WHERE s.org_id IN (SELECT org_id FROM organisations)
      AND (s.org_id, upper(s.name)) NOT IN (SELECT org_id, upper(name) FROM organisation_names)`);
  const [added] = (
    await conn.runAndReadAll(`SELECT count(*) AS n FROM organisation_names WHERE NOT is_current AND org_id IN (SELECT org_id FROM other_names_staging) AND org_id NOT LIKE 'GB-COH-%'`)
  ).getRowObjectsJS();
  const total = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM other_names_staging`)).getRowObjectsJS()[0]?.n ?? 0);
  const names = Number(added?.n ?? 0);
  const unknown = Number(counts?.unknown_organisations ?? 0);
  await conn.run(`INSERT INTO register_inputs VALUES (${quotedString(`other-names:${mapping.name}`)}, ${quotedString(file)}, ${names}, now())`);
  await conn.run(`DROP TABLE other_names_staging`);
  return { names, unknown_organisations: unknown, already_known: total - names - unknown };
}
