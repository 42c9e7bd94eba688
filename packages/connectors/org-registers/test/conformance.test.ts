import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stagedOrganisationRecordSchema, type StagedOrganisationRecord } from '@cwb/contracts';
import type { ReadBatch } from '@cwb/connector-sdk';
import { describeConformance } from '@cwb/connector-sdk/conformance';
import { samplePath } from '@cwb/sample-data';
import { loadOrgRegisterMappingFolder, orgRegistersConnector, orgRegistersMappingsDir, type OrgRegistersSpecInput } from '../src/index';

// The SDK's conformance kit on the org-registers connector with the organisation contract,
// then the connector's own rules, on the real files as published: the Co-operatives UK open
// data organisations file (2017-06 subset, ODC-By 1.0: Co-operatives UK open data) and the
// Companies House BasicCompanyData head (2021-01).

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
const COOPS = samplePath('coops/coops_uk_2017-06_organisations_PR_SR_LD_SUBSET.csv');
const COMPANIES = samplePath('companies_house/basic_company_data_2021-01_head31.csv');
const connector = orgRegistersConnector();

async function read(input: OrgRegistersSpecInput): Promise<ReadBatch<StagedOrganisationRecord>[]> {
  const spec = connector.spec.parse(input);
  const [file] = await connector.discover(spec);
  const batches: ReadBatch<StagedOrganisationRecord>[] = [];
  for await (const batch of connector.read(file!, spec, { load_id: 'test', anchor_id: 'a', source_file: 'f' })) batches.push(batch);
  return batches;
}

describeConformance({
  connector,
  row_schema: stagedOrganisationRecordSchema,
  valid_configs: [
    { path: 'registers/*.csv', register_date: '2017-06-30' },
    { path: 'a.csv', mapping: 'coops-uk-organisations', register_date: '2017-06-30', on_bad_row: 'halt', batch_size: 100 },
    { path: 'book.xlsx', sheet: 'Organisations', encoding: 'windows-1252', delimiter: ';', date_order: 'dmy', register_date: '2021-01-01' },
  ],
  invalid_configs: [
    { config: { register_date: '2017-06-30' }, problem: /path/ },
    { config: { path: 'a.csv' }, problem: /register_date/ },
    { config: { path: 'a.csv', register_date: '30/06/2017' }, problem: /register_date is an ISO date/ },
    { config: { path: 'a.csv', register_date: '2017-06-30', edition: '2017-06' }, problem: /Unrecognized/ },
  ],
  samples: [
    { name: 'Co-operatives UK 2017-06 organisations', config: { path: COOPS, register_date: '2017-06-30' }, golden: golden('coops-uk-2017-06') },
    { name: 'Companies House BasicCompanyData head', config: { path: COMPANIES, register_date: '2021-01-01' }, golden: golden('companies-house-2021-01') },
  ],
  bad_row: { config: { path: fixture('coops-uk-head-with-bad-rows.csv'), register_date: '2017-06-30' }, reason: 'unknown status' },
  rejected: [
    { name: 'a land register', config: { path: samplePath('land_property/trafford_land_and_building_assets_2022-2025.csv'), register_date: '2022-03-31' }, reason: /not a register of organisations this connector knows/ },
  ],
});

describe('connector org-registers: its own rules', () => {
  it('ships mapping files that all validate, each saying what it is based on and which register it is', async () => {
    const mappings = await loadOrgRegisterMappingFolder(orgRegistersMappingsDir);
    expect(mappings.map((m) => [m.name, m.register]).sort()).toEqual([['companies-house-basic', 'companies_house'], ['coops-uk-organisations', 'coops_uk']]);
    for (const mapping of mappings) expect(mapping.based_on.length).toBeGreaterThan(50);
  });

  // Counts by hand (Python's csv module over the published bytes): 126 organisations; Registered
  // Status Live 94, Dead 32; Registrar FCA 104, Companies House 18, 'Unknown legal form' 3,
  // 'Legal Form is not defined' 1; postcodes `PR1 TA8` and `SR6 7` are not full postcodes.
  it('reads the Co-operatives UK file as published: every organisation, registrar numbers as org-ids, historic and unpadded dates', async () => {
    const batches = await read({ path: COOPS, register_date: '2017-06-30' });
    const rows = batches.flatMap((b) => b.rows);
    expect(batches[0]!.facts).toMatchObject({ mapping: 'coops-uk-organisations', encoding: 'utf-8' });
    expect(rows).toHaveLength(126);
    expect(batches.flatMap((b) => [...b.quarantined, ...b.skipped])).toEqual([]);
    expect(rows.filter((r) => r.is_live).length).toBe(94);
    expect(rows.filter((r) => r.org_id?.startsWith('GB-MPR-')).length).toBe(104);
    expect(rows.filter((r) => r.org_id?.startsWith('GB-COH-')).length).toBe(18);
    expect(rows.filter((r) => r.org_id === null).length).toBe(4);
    // the Co-operative Group, incorporated 11/8/1863 (before the ledger's 1900 floor), and a d/m/yyyy date without padding
    expect(rows.find((r) => r.register_id === 'R000001')).toMatchObject({ org_id: 'GB-MPR-525R', incorporated_on: '1863-08-11', is_live: true });
    expect(rows.find((r) => r.registered_number === '06796421')).toMatchObject({ org_id: 'GB-COH-06796421', legal_form: 'Community Interest Company' });
    // the partial postcodes are kept as unknown, with a note on their lines
    expect(batches.flatMap((b) => b.notes).map((n) => n.note)).toEqual(['postcode not a full postcode: not located', 'postcode not a full postcode: not located']);
    expect(rows.filter((r) => r.registered_number?.endsWith('C') && /^\d+C$/.test(r.registered_number)).length).toBe(8);
  });

  it('quarantines a status the mapping does not know and a nameless record, naming them and the fix', async () => {
    const quarantined = (await read({ path: fixture('coops-uk-head-with-bad-rows.csv'), register_date: '2017-06-30' })).flatMap((b) => b.quarantined);
    expect(quarantined.map((q) => [q.reason, q.detail])).toEqual([
      ['unknown status', `status "Dormant" is not in mapping coops-uk-organisations's values.live or values.not_live; add it to one`],
      ['no organisation name', 'R001016 has no name'],
    ]);
    expect(quarantined[0]!.raw).toContain('Red Rose Taxis');
  });

  it('reads a Companies House extract with its headers as published (leading spaces), every row a GB-COH org-id', async () => {
    const rows = (await read({ path: COMPANIES, register_date: '2021-01-01' })).flatMap((b) => b.rows);
    expect(rows).toHaveLength(31);
    expect(rows.every((r) => r.register === 'companies_house' && r.org_id === `GB-COH-${r.register_id}` && r.is_live)).toBe(true);
    expect(rows.map((r) => r.legal_form).filter((f) => f !== 'Private Limited Company').sort()).toEqual([
      'Charitable Incorporated Organisation',
      'Other company type',
      'Other company type',
      'PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)',
    ]);
  });
});
