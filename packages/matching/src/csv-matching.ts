import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { quotedIdentifier as q, quotedString } from '@duckdb/node-api';
import { buildMatchReport, type MatchReport } from './match-report';
import type { SupplierMatcher } from './supplier-matcher';
import type { SupplierMatch } from './supplier-input';

const IDENTIFIER_COLUMNS = ['postcode', 'company_number', 'vat_number', 'charity_number', 'supplier_id'] as const;
const OUTPUT_COLUMNS = ['org_id', 'matched_name', 'method', 'confidence'] as const;

export interface CsvMatchResult {
  rows: number;
  suppliers: number;
  report: MatchReport;
  /** Each distinct supplier's name and match (for a review file). */
  matches: { name: string | null; spend_pence: number; match: SupplierMatch }[];
}

/**
 * `cwb match <csv> --out <csv>`: read a CSV with a `name` column (optional postcode,
 * company_number, vat_number, charity_number, supplier_id, and spend in pounds), match each
 * distinct supplier once, and write every input row with all its columns plus org_id,
 * matched_name, method and confidence (blank org_id where the matcher abstains). DuckDB reads
 * and writes the files; only distinct suppliers pass through JavaScript.
 */
export async function matchCsvFile(matcher: SupplierMatcher, input: string, output: string, batchSize = 5000): Promise<CsvMatchResult> {
  if (!existsSync(input)) throw new Error(`${input}: file not found. Fix: check the path`);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`CREATE TABLE input AS SELECT row_number() OVER () AS _row, * FROM read_csv(${quotedString(input)}, header = true, all_varchar = true)`);
    const columns = (await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = 'input' ORDER BY ordinal_position`)).getRowObjectsJS().map((r) => String(r.column_name));
    if (!columns.includes('name')) {
      throw new Error(`${input}:1: no "name" column (the header has ${columns.filter((c) => c !== '_row').join(', ')}). Fix: name the supplier-name column "name"`);
    }
    const clash = OUTPUT_COLUMNS.filter((c) => columns.includes(c));
    if (clash.length > 0) throw new Error(`${input}:1: the input already has ${clash.join(', ')} column(s), which the output adds. Fix: rename them`);
    const keys = ['name', ...IDENTIFIER_COLUMNS.filter((c) => columns.includes(c))];
    const spend = columns.includes('spend') ? `sum(coalesce(try_cast(replace(replace(spend, ',', ''), '£', '') AS DECIMAL(18, 2)), 0)) * 100` : '0';
    const distinct = (await conn.runAndReadAll(`SELECT ${keys.map(q).join(', ')}, (${spend})::BIGINT AS spend_pence FROM input GROUP BY ALL ORDER BY ALL`)).getRowObjectsJS();
    const matches: SupplierMatch[] = [];
    for (let start = 0; start < distinct.length; start += batchSize) {
      const batch = distinct.slice(start, start + batchSize).map((row) => ({
        name: row.name === null ? null : String(row.name),
        ...Object.fromEntries(IDENTIFIER_COLUMNS.map((c) => [c, row[c] === undefined || row[c] === null ? null : String(row[c])])),
      }));
      matches.push(...(await matcher.matchBatch(batch)));
    }
    const results = distinct.map((row, i) => ({ ...Object.fromEntries(keys.map((k) => [k, row[k] ?? null])), org_id: matches[i]!.org_id, matched_name: matches[i]!.matched_name, method: matches[i]!.method, confidence: matches[i]!.confidence }));
    const struct = `[{${[...keys, 'org_id', 'matched_name', 'method'].map((k) => `"${k}":"VARCHAR"`).join(',')},"confidence":"DOUBLE"}]`;
    await conn.run(`CREATE TABLE matches AS SELECT unnest(from_json($m::JSON, '${struct}'), recursive := true)`, { m: JSON.stringify(results) });
    const join = keys.map((k) => `i.${q(k)} IS NOT DISTINCT FROM m.${q(k)}`).join(' AND ');
    await conn.run(`COPY (SELECT i.* EXCLUDE (_row), m.org_id, m.matched_name, m.method, round(m.confidence, 3) AS confidence
      FROM input i LEFT JOIN matches m ON ${join} ORDER BY i._row) TO ${quotedString(output)} (FORMAT csv, HEADER true)`);
    const rows = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM input`)).getRowObjectsJS()[0]?.n ?? 0);
    const report = buildMatchReport(distinct.map((row, i) => ({ name: row.name === null ? null : String(row.name), spend_pence: Number(row.spend_pence), match: matches[i]! })));
    return { rows, suppliers: distinct.length, report, matches: distinct.map((row, i) => ({ name: row.name === null ? null : String(row.name), spend_pence: Number(row.spend_pence), match: matches[i]! })) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
