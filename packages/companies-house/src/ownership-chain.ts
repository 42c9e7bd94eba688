import type { DuckDBConnection } from '@duckdb/node-api';

/** How far a chain is followed before it is cut (real chains rarely exceed 6 levels). */
export const MAX_OWNERSHIP_DEPTH = 20;

/** A UK registration: the register is Companies House or a UK nation. */
const UK_PLACE = `'(?i)(companies house|england|wales|scotland|northern ireland|united kingdom|great britain|^uk$|^gb$|u\\.k\\.|registrar of companies|register of companies)'`;

/** A registration number in the 8-character Companies House form, or NULL. */
const companyNumberSql = (expr: string) => `CASE
    WHEN regexp_full_match(regexp_replace(upper(coalesce(${expr}, '')), '[^A-Z0-9]', '', 'g'), '[0-9]{1,8}')
      THEN lpad(regexp_replace(upper(${expr}), '[^A-Z0-9]', '', 'g'), 8, '0')
    WHEN regexp_full_match(regexp_replace(upper(coalesce(${expr}, '')), '[^A-Z0-9]', '', 'g'), '(SC|NI|OC|SO|NC|FC|SF|NF|SE|GE|ES|LP|SL|NL|RS|IP|SP|CE|CS|R0)[0-9]{1,6}')
      THEN left(regexp_replace(upper(${expr}), '[^A-Z0-9]', '', 'g'), 2) || lpad(substr(regexp_replace(upper(${expr}), '[^A-Z0-9]', '', 'g'), 3), 6, '0')
  END`;

/**
 * Resolve every company's ownership chain from the loaded PSC snapshot into `ownership`.
 *
 * A company's controller is its one live (not ceased) corporate-entity or legal-person PSC
 * with the highest control band: majority (more than 50% of shares, votes or LLP surplus
 * assets) before 25–50%. Two controllers in the same top band (a joint venture) stop the
 * chain: nobody controls it alone. A UK-registered controller whose registration number is a
 * company in `organisations` is followed; a foreign controller ends the chain and is identified
 * by its registration details (country, register, number). Cycles and chains longer than
 * MAX_OWNERSHIP_DEPTH are cut and said so in `stopped_because`.
 *
 * Grain: one row per company that has a corporate controller. A company without one is its
 * own ultimate parent; `ownership_resolved` (a view) gives every company either way.
 * Returns the number of rows written.
 */
export async function resolveOwnership(conn: DuckDBConnection): Promise<number> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE control_links AS
    WITH corporate AS (
      SELECT company_number, name, registration_number, country_registered, place_registered, legal_authority, address_country, address_postcode,
        list_max(list_transform(natures_of_control, n ->
          CASE WHEN regexp_matches(n, '(shares|voting-rights|surplus-assets).*(50-to-75|75-to-100)') THEN 2
               WHEN regexp_matches(n, '(shares|voting-rights|surplus-assets).*25-to-50') THEN 1 ELSE 0 END)) AS band
      FROM psc
      WHERE NOT is_ceased AND kind IN ('corporate-entity-person-with-significant-control', 'legal-person-person-with-significant-control')),
    ranked AS (
      SELECT *, count(*) OVER (PARTITION BY company_number, band) AS in_band,
             max(band) OVER (PARTITION BY company_number) AS top_band
      FROM corporate WHERE band > 0)
    SELECT company_number AS child, name AS parent_name,
      concat_ws(': ', coalesce(legal_authority, place_registered, country_registered), registration_number) AS registration_number,
      coalesce(address_country, country_registered, place_registered, legal_authority) AS parent_country,
      regexp_matches(concat_ws(' ', country_registered, place_registered, legal_authority), ${UK_PLACE}) AS is_uk_registered,
      ${companyNumberSql('registration_number')} AS parent_number,
      address_postcode AS parent_address_postcode,
      in_band > 1 AS is_joint
    FROM ranked WHERE band = top_band`);
  // One row per child: a joint top band becomes a single "joint control" link.
  await conn.run(`CREATE OR REPLACE TEMP TABLE control_link AS
    SELECT child, any_value(parent_name) AS parent_name, any_value(registration_number) AS registration_number,
      any_value(parent_country) AS parent_country, bool_or(is_uk_registered) AS is_uk_registered,
      CASE WHEN bool_or(is_joint) THEN NULL ELSE any_value(CASE WHEN is_uk_registered THEN parent_number END) END AS parent_number,
      any_value(parent_address_postcode) AS parent_address_postcode, bool_or(is_joint) AS is_joint
    FROM control_links GROUP BY child`);
  await conn.run(`DELETE FROM ownership`);
  await conn.run(`INSERT INTO ownership
    WITH RECURSIVE walk(company_number, node, depth, chain, is_cycle) AS (
      SELECT child, child, 0, [child], false FROM control_link
      UNION ALL
      SELECT w.company_number, l.parent_number, w.depth + 1, list_append(w.chain, l.parent_number), list_contains(w.chain, l.parent_number)
      FROM walk w JOIN control_link l ON l.child = w.node
      WHERE l.parent_number IS NOT NULL AND NOT w.is_cycle AND w.depth < ${MAX_OWNERSHIP_DEPTH}
        AND EXISTS (SELECT 1 FROM organisations o WHERE o.org_id = 'GB-COH-' || l.parent_number)),
    last AS (SELECT company_number, arg_max(node, depth) AS node, max(depth) AS depth, arg_max(chain, depth) AS chain, bool_or(is_cycle) AS is_cycle
             FROM walk GROUP BY company_number)
    SELECT last.company_number, 'GB-COH-' || last.company_number, last.depth, last.chain,
      CASE WHEN last.is_cycle THEN top.name WHEN l.child IS NULL OR l.is_joint THEN top.name ELSE l.parent_name END,
      CASE WHEN last.is_cycle OR l.child IS NULL OR l.is_joint THEN 'GB-COH-' || last.node
           WHEN l.parent_number IS NOT NULL AND top_parent.org_id IS NOT NULL THEN top_parent.org_id END,
      CASE WHEN last.is_cycle OR l.child IS NULL OR l.is_joint THEN coalesce(top.country_of_origin, 'United Kingdom')
           WHEN l.is_uk_registered THEN 'United Kingdom' ELSE l.parent_country END,
      CASE WHEN l.child IS NOT NULL AND NOT l.is_joint AND NOT last.is_cycle THEN l.registration_number END,
      CASE WHEN last.is_cycle OR l.child IS NULL OR l.is_joint THEN top.postcode ELSE top_parent.postcode END,
      CASE WHEN last.is_cycle OR l.child IS NULL OR l.is_joint THEN NOT starts_with(last.node, 'FC') AND NOT starts_with(last.node, 'SF') AND NOT starts_with(last.node, 'NF')
           ELSE l.is_uk_registered END,
      false,
      CASE WHEN last.is_cycle THEN 'cycle'
           WHEN last.depth >= ${MAX_OWNERSHIP_DEPTH} THEN 'max depth'
           WHEN l.child IS NULL THEN 'no corporate controller'
           WHEN l.is_joint THEN 'joint control'
           WHEN NOT l.is_uk_registered THEN 'foreign parent'
           WHEN l.parent_number IS NULL THEN 'uk parent without a company number'
           ELSE 'uk parent not in register' END
    FROM last
    LEFT JOIN control_link l ON l.child = last.node
    LEFT JOIN organisations top ON top.org_id = 'GB-COH-' || last.node
    LEFT JOIN organisations top_parent ON top_parent.org_id = 'GB-COH-' || l.parent_number`);
  await conn.run(`UPDATE ownership SET is_foreign_controlled = coalesce(NOT is_ultimate_parent_uk, false)`);
  await conn.run(`CREATE OR REPLACE VIEW ownership_resolved AS
    SELECT o.org_id, o.number AS company_number,
      coalesce(w.chain_depth, 0) AS chain_depth,
      coalesce(w.ultimate_parent_name, o.name) AS ultimate_parent_name,
      CASE WHEN w.org_id IS NULL THEN o.org_id ELSE w.ultimate_parent_org_id END AS ultimate_parent_org_id,
      CASE WHEN w.org_id IS NULL THEN coalesce(o.country_of_origin, 'United Kingdom') ELSE w.ultimate_parent_country END AS ultimate_parent_country,
      CASE WHEN w.org_id IS NULL THEN o.postcode ELSE w.ultimate_parent_postcode END AS ultimate_parent_postcode,
      coalesce(w.is_foreign_controlled, coalesce(o.country_of_origin, 'United Kingdom') NOT IN ('United Kingdom', 'UNITED KINGDOM', 'England', 'Wales', 'Scotland', 'Northern Ireland')) AS is_foreign_controlled,
      coalesce(w.stopped_because, 'no corporate controller') AS stopped_because
    FROM organisations o LEFT JOIN ownership w USING (org_id) WHERE o.scheme = 'GB-COH'`);
  return Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM ownership`)).getRowObjectsJS()[0]?.n ?? 0);
}
