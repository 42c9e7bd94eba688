import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedIdentifier as q, quotedString } from '@duckdb/node-api';
import { z } from 'zod';
import { optionalColumn } from './column-match';
import { readCsvHeader, readCsvSql, type CsvHeader } from './csv-header';
import { ReferenceInputError } from './reference-input-error';
import { failOnRows } from './sql-checks';

/**
 * The ONS area lookups the loader recognises, by header (the two digits are the vintage year):
 * - `ward_hierarchy`: WDyyCD, LADyyCD/NM, CTYyyCD/NM, RGNyyCD/NM, CTRYyyCD/NM (ward → LAD → county → region → country)
 * - `lad_region`:     LADyyCD/NM, RGNyyCD/NM (LAD → region, England)
 * - `lad_names`:      LADyyCD, LADyyNM and optionally LADyyNMW (Welsh name)
 * - `country_names`:  CTRYyyCD, CTRYyyNM and optionally CTRYyyNMW
 */
export const areaFileKindSchema = z.enum(['ward_hierarchy', 'lad_region', 'lad_names', 'country_names']);
export type AreaFileKind = z.infer<typeof areaFileKindSchema>;

export const areaColumnsSchema = z.object({
  kind: areaFileKindSchema,
  vintageYear: z.number().int().min(1990).max(2099),
  ladCode: z.string().nullable(),
  ladName: z.string().nullable(),
  ladNameWelsh: z.string().nullable(),
  countyCode: z.string().nullable(),
  countyName: z.string().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  countryCode: z.string().nullable(),
  countryName: z.string().nullable(),
  countryNameWelsh: z.string().nullable(),
});
export type AreaColumns = z.infer<typeof areaColumnsSchema>;

const col = (header: CsvHeader, prefix: string, suffix: string) => optionalColumn(header, new RegExp(`^${prefix}\\d{2}${suffix}$`, 'i'));

/** Recognise an area lookup by its header; throws a ReferenceInputError listing the shapes accepted. */
export function detectAreaColumns(header: CsvHeader): AreaColumns {
  const c = {
    ward: col(header, 'WD', 'CD'),
    ladCode: col(header, 'LAD', 'CD'),
    ladName: col(header, 'LAD', 'NM'),
    ladNameWelsh: col(header, 'LAD', 'NMW'),
    countyCode: col(header, 'CTY', 'CD'),
    countyName: col(header, 'CTY', 'NM'),
    regionCode: col(header, 'RGN', 'CD'),
    regionName: col(header, 'RGN', 'NM'),
    countryCode: col(header, 'CTRY', 'CD'),
    countryName: col(header, 'CTRY', 'NM'),
    countryNameWelsh: col(header, 'CTRY', 'NMW'),
  };
  const kind: AreaFileKind | null =
    c.ward && c.ladCode && c.countryCode ? 'ward_hierarchy'
    : c.ladCode && c.regionCode ? 'lad_region'
    : c.ladCode && c.ladName ? 'lad_names'
    : c.countryCode && c.countryName ? 'country_names'
    : null;
  if (kind === null) {
    throw new ReferenceInputError('not a recognised ONS area lookup', {
      file: header.file,
      line: 1,
      hint: `expected WDyyCD+LADyyCD+CTRYyyCD (ward lookup), LADyyCD+RGNyyCD (LAD to region), LADyyCD+LADyyNM (LAD names) or CTRYyyCD+CTRYyyNM (country names); the header is: ${header.columns.join(', ')}`,
    });
  }
  const yearColumn = kind === 'country_names' ? c.countryCode : c.ladCode;
  const yy = Number(/(\d{2})CD$/i.exec(yearColumn ?? '')?.[1]);
  const { ward: _ward, ...rest } = c;
  return areaColumnsSchema.parse({ kind, vintageYear: 2000 + yy, ...rest });
}

/** A trimmed value, NULL when blank or a single space (LAD23NMW is " " for non-Welsh LADs). */
const clean = (name: string | null) => (name === null ? 'NULL::VARCHAR' : `nullif(trim(${q(name)}), '')`);

/**
 * Load one area lookup into `area_names` (one row per code it names) and `lad_parents`
 * (one row per LAD it places in a county/region/country). Empty regions (Welsh, Scottish and
 * NI rows of the ward lookup) become NULL. Returns the number of distinct codes named.
 */
export async function loadAreaFile(conn: DuckDBConnection, file: string): Promise<{ kind: AreaFileKind; codes: number }> {
  const header = await readCsvHeader(conn, file);
  const c = detectAreaColumns(header);
  const y = c.vintageYear;
  await conn.run(`CREATE OR REPLACE TEMP TABLE area_staging AS SELECT * FROM ${readCsvSql([file], header)}`);
  const names: string[] = [];
  const named = (level: string, code: string | null, name: string | null, welsh: string | null = null) => {
    if (code && name) {
      names.push(`SELECT DISTINCT ${clean(code)} AS code, '${level}' AS level, ${clean(name)} AS name, ${clean(welsh)} AS name_welsh FROM area_staging`);
    }
  };
  named('lad', c.ladCode, c.ladName, c.ladNameWelsh);
  named('county', c.countyCode, c.countyName);
  named('region', c.regionCode, c.regionName);
  named('country', c.countryCode, c.countryName, c.countryNameWelsh);
  await conn.run(`CREATE OR REPLACE TEMP TABLE area_names_staging AS
    SELECT * FROM (${names.join(' UNION ')}) WHERE code IS NOT NULL AND name IS NOT NULL`);
  await failOnRows(conn, `SELECT code FROM area_names_staging WHERE NOT regexp_full_match(code, '[A-Z][0-9]{8}')`, (r, n) => ({
    problem: `${n} code(s) are not GSS codes (letter + 8 digits), first "${String(r.code)}"`,
    file,
    hint: 'check the file is an ONS names-and-codes lookup with its header on line 1',
  }));
  await failOnRows(conn, `SELECT code, list(DISTINCT name) AS names FROM area_names_staging GROUP BY code HAVING count(DISTINCT name) > 1`, (r) => ({
    problem: `code ${String(r.code)} has more than one name: ${(r.names as string[]).join(' / ')}`,
    file,
    hint: 'one file must give one name per code',
  }));
  await conn.run(`INSERT INTO area_names SELECT code, level, name, name_welsh, ${y}, ${quotedString(file)}
    FROM area_names_staging`);

  if (c.ladCode && (c.regionCode || c.countryCode || c.countyCode)) {
    const country = c.countryCode
      ? clean(c.countryCode)
      : `CASE left(${clean(c.ladCode)}, 1) WHEN 'E' THEN 'E92000001' WHEN 'W' THEN 'W92000004' WHEN 'S' THEN 'S92000003' WHEN 'N' THEN 'N92000002' END`;
    await conn.run(`CREATE OR REPLACE TEMP TABLE lad_parents_staging AS
      SELECT DISTINCT ${clean(c.ladCode)} AS lad_code, ${clean(c.countyCode)} AS county_code,
             ${clean(c.regionCode)} AS region_code, ${country} AS country_code
        FROM area_staging WHERE ${clean(c.ladCode)} IS NOT NULL`);
    await failOnRows(conn, `SELECT lad_code FROM lad_parents_staging GROUP BY lad_code HAVING count(*) > 1`, (r) => ({
      problem: `local authority ${String(r.lad_code)} is placed in more than one county/region/country`,
      file,
      hint: 'each LAD must sit in one county, region and country',
    }));
    await conn.run(`INSERT INTO lad_parents SELECT *, ${y}, ${quotedString(file)} FROM lad_parents_staging`);
    await conn.run(`DROP TABLE lad_parents_staging`);
  }
  const codes = Number((await conn.runAndReadAll(`SELECT count(DISTINCT code) AS n FROM area_names_staging`)).getRowObjectsJS()[0]?.n ?? 0);
  const rows = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM area_staging`)).getRowObjectsJS()[0]?.n ?? 0);
  await conn.run(`INSERT INTO reference_inputs VALUES ('areas', ${quotedString(file)}, ${rows}, now())`);
  await conn.run(`DROP TABLE area_staging; DROP TABLE area_names_staging`);
  return { kind: c.kind, codes };
}
