import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stagedNhsEstateReturnSchema, type StagedNhsEstateReturn } from '@cwb/contracts';
import type { ReadBatch } from '@cwb/connector-sdk';
import { describeConformance } from '@cwb/connector-sdk/conformance';
import { samplePath } from '@cwb/sample-data';
import { ericMappingsDir, loadEricMappingFolder, nhsEricConnector, type NhsEricSpecInput } from '../src/index';

// The SDK's conformance kit on the nhs-eric connector with the estates-return contract, then its
// own rules, on NHS Digital's ERIC 2016/17 trust-level files as published ($-delimited; OGL):
// the clean 45-column trust data, and the later 134-column file whose trust columns were garbled
// in transit. Figures checked by hand (split on $, Python): RLN City Hospitals Sunderland owns
// 15.24 ha, 0 not delivering services, GIA 141,276 m²; RKL West London Mental Health 162.77 ha
// and 109.23 ha; RF4's name is split at its comma in the later file.

const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
const TRUST_DATA = samplePath('land_property/nhs_eric_2016-17_trust_data_dollar_delimited.csv');
const AGGREGATES = samplePath('land_property/nhs_eric_2016-17_trust_and_site_aggregates_dollar_delimited_garbled_trust_columns.csv');
const connector = nhsEricConnector();

async function read(input: NhsEricSpecInput): Promise<ReadBatch<StagedNhsEstateReturn>[]> {
  const spec = connector.spec.parse(input);
  const [file] = await connector.discover(spec);
  const batches: ReadBatch<StagedNhsEstateReturn>[] = [];
  for await (const batch of connector.read(file!, spec, { load_id: 'test', anchor_id: 'a', source_file: 'f' })) batches.push(batch);
  return batches;
}

describeConformance({
  connector,
  row_schema: stagedNhsEstateReturnSchema,
  valid_configs: [
    { path: 'eric/*.csv', trust_code: 'RLN', financial_year: '2016-17' },
    { path: 'a.csv', mapping: 'eric-trust-data', trust_code: 'RXN', financial_year: '2016-17', delimiter: '$', on_bad_row: 'halt' },
  ],
  invalid_configs: [
    { config: { path: 'a.csv', financial_year: '2016-17' }, problem: /trust_code/ },
    { config: { path: 'a.csv', trust_code: 'rln!', financial_year: '2016-17' }, problem: /ODS trust code/ },
    { config: { path: 'a.csv', trust_code: 'RLN', financial_year: '2016/17' }, problem: /UK financial year/ },
    { config: { path: 'a.csv', trust_code: 'RLN', financial_year: '2016-17', site: 'x' }, problem: /Unrecognized/ },
  ],
  samples: [
    { name: 'ERIC 2016/17 trust data (RLN)', config: { path: TRUST_DATA, trust_code: 'RLN', financial_year: '2016-17' }, golden: golden('eric-2016-17-trust-data-rln') },
    { name: 'ERIC 2016/17 trust and site aggregates (RF4)', config: { path: AGGREGATES, trust_code: 'RF4', financial_year: '2016-17' }, golden: golden('eric-2016-17-aggregates-rf4') },
  ],
  bad_row: { config: { path: fileURLToPath(new URL('./fixtures/eric-aggregates-head-with-bad-row.csv', import.meta.url)), trust_code: 'RLN', financial_year: '2016-17' }, reason: 'unparseable area' },
  rejected: [
    { name: 'a land register', config: { path: samplePath('land_property/trafford_land_and_building_assets_2022-2025.csv'), trust_code: 'RLN', financial_year: '2016-17', delimiter: ',' }, reason: /not an ERIC trust file this connector knows/ },
  ],
});

describe('connector nhs-eric: its own rules', () => {
  it('ships ERIC layouts that all validate, each saying what it is based on', async () => {
    const mappings = await loadEricMappingFolder(ericMappingsDir);
    expect(mappings.map((m) => m.name).sort()).toEqual(['eric-trust-data', 'eric-trust-site-aggregates']);
    for (const mapping of mappings) expect(mapping.based_on.length).toBeGreaterThan(50);
  });

  it("loads the anchor's own trust row and skips the other 235 with the reason: nothing read is lost", async () => {
    for (const path of [TRUST_DATA, AGGREGATES]) {
      const batches = await read({ path, trust_code: 'RLN', financial_year: '2016-17' });
      const rows = batches.flatMap((b) => b.rows);
      const skipped = batches.flatMap((b) => b.skipped);
      expect(rows.map((r) => r.trust_code)).toEqual(['RLN']);
      expect(skipped).toHaveLength(235);
      expect(new Set(skipped.map((s) => s.reason))).toEqual(new Set(["another trust's return"]));
      expect(batches.flatMap((b) => b.quarantined)).toEqual([]);
      // line 1 is the section super-header; the header is line 2
      expect(batches[0]!.facts.header_line).toBe(2);
    }
  });

  it('reads the land areas of the later file in m², intact where the trust block is garbled', async () => {
    const [rln] = (await read({ path: AGGREGATES, trust_code: 'RLN', financial_year: '2016-17' })).flatMap((b) => b.rows);
    expect(rln).toMatchObject({ trust_name: 'CITY HOSPITALS SUNDERLAND NHS FOUNDATION TRUST', trust_columns_status: 'proven', land_owned_m2: 152_400, land_not_delivering_services_m2: 0, gross_internal_floor_area_m2: 141_276 });
    const [rkl] = (await read({ path: AGGREGATES, trust_code: 'RKL', financial_year: '2016-17' })).flatMap((b) => b.rows);
    expect(rkl).toMatchObject({ land_owned_m2: 1_627_700, land_not_delivering_services_m2: 1_092_300 });
    // the clean trust-data file has no site aggregates: no areas
    const [clean] = (await read({ path: TRUST_DATA, trust_code: 'RKL', financial_year: '2016-17' })).flatMap((b) => b.rows);
    expect(clean).toMatchObject({ trust_name: 'WEST LONDON MENTAL HEALTH NHS TRUST', land_owned_m2: null, land_not_delivering_services_m2: null });
  });

  it('refuses the name, region and type of a trust whose name the later export split at its comma, keeping its code and areas', async () => {
    for (const code of ['RF4', 'RRF', 'RRP', 'RX3', 'RX4']) {
      const batches = await read({ path: AGGREGATES, trust_code: code, financial_year: '2016-17' });
      const [row] = batches.flatMap((b) => b.rows);
      expect(row).toMatchObject({ trust_code: code, trust_name: null, commissioning_region: null, organisation_type: null, trust_columns_status: 'name_split_at_comma' });
      expect(row!.trust_columns_detail).toMatch(/was split at its comma/);
      expect(row!.land_owned_m2).not.toBeNull();
      expect(batches.flatMap((b) => b.notes).map((n) => n.note)).toEqual(['trust name split at its comma: name, region and type not loaded']);
    }
    const [clean] = (await read({ path: TRUST_DATA, trust_code: 'RF4', financial_year: '2016-17' })).flatMap((b) => b.rows);
    expect(clean).toMatchObject({ trust_name: 'BARKING, HAVERING AND REDBRIDGE UNIVERSITY HOSPITALS NHS TRUST', trust_columns_status: 'proven' });
  });
});
