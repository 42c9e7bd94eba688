import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stagedLandAssetRecordSchema, type StagedLandAssetRecord } from '@cwb/contracts';
import { FileRejectedError, type ReadBatch } from '@cwb/connector-sdk';
import { describeConformance } from '@cwb/connector-sdk/conformance';
import { samplePath } from '@cwb/sample-data';
import { landAssetsConnector, landAssetsMappingsDir, loadLandMappingFolder, type LandAssetsSpecInput } from '../src/index';

// The SDK's conformance kit on the land-assets connector with the land asset contract, then
// the connector's own rules, on the real registers as published.

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
const register = (name: string) => samplePath(`land_property/${name}`);
const connector = landAssetsConnector();

const TRAFFORD = 'trafford_land_and_building_assets_2022-2025.csv';
const CHELTENHAM_2021 = 'cheltenham_land_and_assets_2021_dup_headers_embedded_newlines.csv';
const CHELTENHAM_2023 = 'cheltenham_land_and_assets_2023_surplus_holding_types.csv';

async function read(input: LandAssetsSpecInput): Promise<ReadBatch<StagedLandAssetRecord>[]> {
  const spec = connector.spec.parse(input);
  const [file] = await connector.discover(spec);
  const batches: ReadBatch<StagedLandAssetRecord>[] = [];
  for await (const batch of connector.read(file!, spec, { load_id: 'test', anchor_id: 'a', source_file: 'f' })) batches.push(batch);
  return batches;
}

describeConformance({
  connector,
  row_schema: stagedLandAssetRecordSchema,
  valid_configs: [
    { path: 'land/*.csv' },
    { path: 'a.csv', mapping: 'lgtc-land', register_date: '2023-03-31', on_bad_row: 'halt', batch_size: 100 },
    { path: 'book.xlsx', sheet: 'Assets', encoding: 'windows-1252', delimiter: ';', date_order: 'dmy' },
  ],
  invalid_configs: [
    { config: {}, problem: /path/ },
    { config: { path: 'a.csv', register_date: '31/03/2023' }, problem: /register_date is an ISO date/ },
    { config: { path: 'a.csv', on_bad_row: 'ignore' }, problem: /on_bad_row/ },
    { config: { path: 'a.csv', snapshot_date: '2023-03-31' }, problem: /Unrecognized/ },
  ],
  samples: [
    { name: TRAFFORD, config: { path: register(TRAFFORD) }, golden: golden('trafford-2022-2025') },
    { name: CHELTENHAM_2021, config: { path: register(CHELTENHAM_2021), register_date: '2021-03-31' }, golden: golden('cheltenham-2021') },
    { name: CHELTENHAM_2023, config: { path: register(CHELTENHAM_2023), register_date: '2023-03-31' }, golden: golden('cheltenham-2023') },
  ],
  bad_row: { config: { path: fixture('trafford-head-with-bad-rows.csv') }, reason: 'unknown use' },
  rejected: [
    { name: 'a grants file', config: { path: samplePath('finance/trafford_vcse_grants_2013-2024_360giving.csv') }, reason: /not a land register this connector knows/ },
    { name: 'a register with no date', config: { path: register(CHELTENHAM_2023) }, reason: /no register date.*register_date/ },
  ],
});

describe('connector land-assets: its own rules', () => {
  it('ships mapping files that all validate, each saying what it is based on', async () => {
    const mappings = await loadLandMappingFolder(landAssetsMappingsDir);
    expect(mappings.map((m) => m.name).sort()).toEqual(['cheltenham-land-2021', 'cheltenham-land-2023', 'lgtc-land']);
    for (const mapping of mappings) expect(mapping.based_on.length).toBeGreaterThan(50);
  });

  it('quarantines a word the mapping does not know and a size that is not a number, naming them and the fix', async () => {
    const quarantined = (await read({ path: fixture('trafford-head-with-bad-rows.csv') })).flatMap((b) => b.quarantined);
    expect(quarantined.map((q) => [q.source_line, q.reason, q.detail])).toEqual([
      [3, 'unknown use', `tenure detail "Mothballed" is not in mapping lgtc-land's values.use_status; add it there`],
      [6, 'unparseable building size', 'building size "about 935" is not a non-negative number'],
    ]);
    expect(quarantined[0]!.raw).toContain('Broomwood Centre');
  });

  it('reads the Cheltenham 2021 register as published: Windows-1252, duplicate headers, records spanning lines', async () => {
    const batches = await read({ path: register(CHELTENHAM_2021), register_date: '2021-03-31' });
    const rows = batches.flatMap((b) => b.rows);
    expect(batches[0]!.facts).toMatchObject({ encoding: 'windows-1252', mapping: 'cheltenham-land-2021' });
    expect(batches[0]!.facts.header).toContain('OrganisationLabel #2');
    expect(rows).toHaveLength(498);
    // a multi-line street block (CR separators and blank padding lines) becomes one line
    const quarry = rows.find((r) => r.address?.startsWith('Disused Quarry'));
    expect(quarry?.address).toBe('Disused Quarry, Leckhampton Hill');
    expect(rows.some((r) => /[\r\n]/.test(`${r.address}${r.property_name}${r.postcode}`))).toBe(false);
    // the NBSP after Freehold (0xA0) is trimmed; 11-digit and zero-padded UPRNs agree
    expect(rows.filter((r) => r.tenure === 'freehold')).toHaveLength(490);
    expect(rows.every((r) => r.uprn === null || !r.uprn.startsWith('0'))).toBe(true);
  });

  it('dates a register by its latest effective date when the source sets none, and refuses a pinned mapping that does not fit', async () => {
    const batches = await read({ path: register(TRAFFORD) });
    expect(batches[0]!.facts.date_order).toMatch(/not needed/);
    expect(batches.flatMap((b) => b.rows).every((r) => r.register_date === '2025-09-12')).toBe(true);
    await expect(read({ path: register(TRAFFORD), mapping: 'cheltenham-land-2023' })).rejects.toThrow(FileRejectedError);
  });
});
