import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The registers database: every organisation register in one shape, keyed by org-id.
 *
 * - `organisations`: grain one row per organisation (org_id). Companies House companies,
 *   charities, mutuals, public bodies, and companies fetched from the API.
 * - `organisation_names`: grain one row per (org_id, name): the current name and every
 *   previous name, so a ledger still using an old name can match.
 * - `psc`: grain one row per PSC snapshot line (company_number, source_line). Individual PSCs
 *   keep their kind, control and dates but not their name (personal data we do not need).
 * - `psc_snapshot_totals`: the snapshot's trailer, checked against what was loaded.
 * - `ownership`: grain one row per company with a resolved ownership chain.
 * - `register_inputs`: which file loaded how many rows, when.
 */
export const REGISTERS_DDL = `
CREATE TABLE IF NOT EXISTS organisations (
  org_id VARCHAR NOT NULL,
  scheme VARCHAR NOT NULL,
  number VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  postcode VARCHAR,
  org_type VARCHAR,
  status VARCHAR,
  is_active BOOLEAN,
  country_of_origin VARCHAR,
  accounts_category VARCHAR,
  sic_codes VARCHAR[],
  incorporated_on DATE,
  dissolved_on DATE,
  vat_number VARCHAR,
  source VARCHAR NOT NULL,
  source_file VARCHAR
);
CREATE TABLE IF NOT EXISTS organisation_names (
  org_id VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  is_current BOOLEAN NOT NULL,
  changed_on DATE
);
CREATE TABLE IF NOT EXISTS psc (
  company_number VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  name VARCHAR,
  natures_of_control VARCHAR[],
  notified_on DATE,
  ceased_on DATE,
  is_ceased BOOLEAN NOT NULL,
  legal_form VARCHAR,
  legal_authority VARCHAR,
  country_registered VARCHAR,
  place_registered VARCHAR,
  registration_number VARCHAR,
  address_country VARCHAR,
  address_postcode VARCHAR,
  statement VARCHAR,
  source_file VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS psc_snapshot_totals (
  source_file VARCHAR NOT NULL,
  psc_count BIGINT,
  statements_count BIGINT,
  exemptions_count BIGINT
);
CREATE TABLE IF NOT EXISTS ownership (
  company_number VARCHAR NOT NULL,
  org_id VARCHAR NOT NULL,
  chain_depth INTEGER NOT NULL,
  chain VARCHAR[] NOT NULL,
  ultimate_parent_name VARCHAR,
  ultimate_parent_org_id VARCHAR,
  ultimate_parent_country VARCHAR,
  ultimate_parent_registration VARCHAR,
  ultimate_parent_postcode VARCHAR,
  is_ultimate_parent_uk BOOLEAN,
  is_foreign_controlled BOOLEAN NOT NULL,
  stopped_because VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS register_inputs (
  kind VARCHAR NOT NULL,
  source_file VARCHAR NOT NULL,
  rows BIGINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL
);
`;

export async function createRegistersSchema(conn: DuckDBConnection): Promise<void> {
  await conn.run(REGISTERS_DDL);
}
