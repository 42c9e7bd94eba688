import { appendFile } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedString } from '@duckdb/node-api';

/**
 * A generated (not real) PSC snapshot in the published JSON-lines shape: ~70% individuals
 * (no names kept by the loader), ~20% corporate entities (chains: a company's parent is a
 * company with a lower number, some abroad), legal persons, super-secure, statements,
 * exemptions, ~15% ceased, and the totals trailer. Company numbers match the generated
 * BasicCompanyData numbering (8 digits from 20000001). Deterministic.
 */
export async function writeGeneratedPscSnapshot(conn: DuckDBConnection, file: string, lines: number, companies: number, seed = 1): Promise<void> {
  const h = (salt: string) => `hash(i, ${seed}, '${salt}')`;
  const company = `(20000000 + 1 + (${h('c')} % ${companies}))::VARCHAR`;
  await conn.run(`COPY (
    WITH base AS (SELECT range AS i, ${h('k')} % 100 AS k FROM range(${lines}))
    SELECT ${company} AS company_number,
      CASE
        WHEN k < 70 THEN {kind: 'individual-person-with-significant-control', name: 'Generated Person ' || i, natures_of_control: ['ownership-of-shares-25-to-50-percent'], notified_on: '2016-04-06',
                          ceased_on: CASE WHEN ${h('ce')} % 7 = 0 THEN '2020-01-01' END, identification: NULL, address: NULL, statement: NULL}
        WHEN k < 90 THEN {kind: 'corporate-entity-person-with-significant-control', name: 'GENERATED PARENT ' || i, natures_of_control: ['ownership-of-shares-75-to-100-percent', 'voting-rights-75-to-100-percent'], notified_on: '2016-04-06',
                          ceased_on: CASE WHEN ${h('ce')} % 9 = 0 THEN '2021-01-01' END,
                          identification: CASE WHEN k < 86 THEN {legal_authority: 'Companies Act 2006', place_registered: 'Companies House', country_registered: 'England', registration_number: (20000000 + 1 + (${h('p')} % ${companies}))::VARCHAR}
                                               ELSE {legal_authority: 'Delaware', place_registered: 'Delaware Secretary Of State', country_registered: 'United States', registration_number: 'D' || i::VARCHAR} END,
                          address: {country: CASE WHEN k < 86 THEN 'England' ELSE 'United States' END, postal_code: 'LS1 1AA'}, statement: NULL}
        WHEN k < 92 THEN {kind: 'legal-person-person-with-significant-control', name: 'GENERATED COUNCIL ' || i, natures_of_control: ['significant-influence-or-control'], notified_on: '2016-04-06', ceased_on: NULL, identification: {legal_authority: 'Local Government Act', place_registered: NULL, country_registered: 'England', registration_number: NULL}, address: NULL, statement: NULL}
        WHEN k < 93 THEN {kind: 'super-secure-person-with-significant-control', name: NULL, natures_of_control: NULL, notified_on: NULL, ceased_on: NULL, identification: NULL, address: NULL, statement: NULL}
        WHEN k < 99 THEN {kind: 'persons-with-significant-control-statement', name: NULL, natures_of_control: NULL, notified_on: '2016-04-06', ceased_on: NULL, identification: NULL, address: NULL, statement: 'no-individual-or-entity-with-signficant-control'}
        ELSE {kind: 'exemptions', name: NULL, natures_of_control: NULL, notified_on: NULL, ceased_on: NULL, identification: NULL, address: NULL, statement: NULL}
      END AS data
    FROM base) TO ${quotedString(file)} (FORMAT json)`);
  const counts = (await conn.runAndReadAll(`SELECT
      count(*) FILTER (WHERE k < 93) AS psc, count(*) FILTER (WHERE k >= 93 AND k < 99) AS statements, count(*) FILTER (WHERE k >= 99) AS exemptions
    FROM (SELECT ${h('k')} % 100 AS k FROM range(${lines}) t(i))`)).getRowObjectsJS()[0]!;
  await appendFile(file, `${JSON.stringify({ data: { kind: 'totals#persons-of-significant-control-snapshot', persons_of_significant_control_count: Number(counts.psc), statements_count: Number(counts.statements), exemptions_count: Number(counts.exemptions), generated_at: '2026-11-01T06:00:00Z' } })}\n`);
}
