import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stagedGrantRecordSchema, type StagedGrantRecord } from '@cwb/contracts';
import type { ReadBatch } from '@cwb/connector-sdk';
import { describeConformance } from '@cwb/connector-sdk/conformance';
import { samplePath } from '@cwb/sample-data';
import { grantsConnector, grantsMappingsDir, loadGrantMappingFolder, type GrantsSpecInput } from '../src/index';

// The SDK's conformance kit on the grants connector with the grant contract, then its own
// rules, on Trafford Council's real 360Giving CSV and JSON.

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
const CSV = samplePath('finance/trafford_vcse_grants_2013-2024_360giving.csv');
const JSON_FILE = samplePath('finance/trafford_vcse_grants_2013-2024_360giving.json');
const connector = grantsConnector();

async function read(input: GrantsSpecInput): Promise<ReadBatch<StagedGrantRecord>[]> {
  const spec = connector.spec.parse(input);
  const [file] = await connector.discover(spec);
  const batches: ReadBatch<StagedGrantRecord>[] = [];
  for await (const batch of connector.read(file!, spec, { load_id: 'test', anchor_id: 'a', source_file: 'f' })) batches.push(batch);
  return batches;
}

describeConformance({
  connector,
  row_schema: stagedGrantRecordSchema,
  valid_configs: [{ path: 'grants/*.json' }, { path: 'g.csv', mapping: '360giving-spreadsheet', on_bad_row: 'halt', batch_size: 100, encoding: 'utf-8' }],
  invalid_configs: [
    { config: {}, problem: /path/ },
    { config: { path: 'a.csv', on_bad_row: 'ignore' }, problem: /on_bad_row/ },
    { config: { path: 'a.csv', register_date: '2023-03-31' }, problem: /Unrecognized/ },
  ],
  samples: [
    { name: 'trafford-grants.csv', config: { path: CSV }, golden: golden('trafford-grants-csv') },
    { name: 'trafford-grants.json', config: { path: JSON_FILE }, golden: golden('trafford-grants-json') },
  ],
  bad_row: { config: { path: fixture('trafford-grants-head-with-bad-rows.csv') }, reason: 'unparseable amount' },
  rejected: [{ name: 'a land register', config: { path: samplePath('land_property/trafford_land_and_building_assets_2022-2025.csv') }, reason: /not a grants file this connector knows/ }],
});

describe('connector grants-360giving: its own rules', () => {
  it('ships mapping files that all validate, each saying what it is based on', async () => {
    const mappings = await loadGrantMappingFolder(grantsMappingsDir);
    expect(mappings.map((m) => m.name).sort()).toEqual(['360giving-json', '360giving-spreadsheet']);
    for (const mapping of mappings) expect(mapping.based_on.length).toBeGreaterThan(50);
  });

  it('gives the same 555 grants and £1,291,436.54 from the CSV and the JSON, grant by grant', async () => {
    const csv = (await read({ path: CSV })).flatMap((b) => b.rows);
    const json = (await read({ path: JSON_FILE })).flatMap((b) => b.rows);
    const comparable = (rows: StagedGrantRecord[]) => rows.map(({ source_line: _l, source_file: _f, load_id: _i, ...row }) => row).sort((a, b) => a.grant_id.localeCompare(b.grant_id));
    expect(csv).toHaveLength(555);
    expect(csv.reduce((sum, r) => sum + r.amount_pence, 0)).toBe(129_143_654);
    expect(comparable(json)).toEqual(comparable(csv));
    // recipients by org-id: 289 grants (£481,076.39) to groups with the council's own 360G- id
    const unregistered = csv.filter((r) => r.recipient_kind === 'unregistered');
    expect([unregistered.length, unregistered.reduce((s, r) => s + r.amount_pence, 0)]).toEqual([289, 48_107_639]);
    // VCSE by the data itself: a charity number or GB-CHC- id, or CIC in the name: 205 grants, £639,822.17
    const vcse = csv.filter((r) => r.is_vcse === true);
    expect([vcse.length, vcse.reduce((s, r) => s + r.amount_pence, 0)]).toEqual([205, 63_982_217]);
    expect(csv.filter((r) => r.is_vcse === false)).toEqual([]);
  });

  it('quarantines an amount that is not money and a grant not in pounds, naming them', async () => {
    const quarantined = (await read({ path: fixture('trafford-grants-head-with-bad-rows.csv') })).flatMap((b) => b.quarantined);
    expect(quarantined.map((q) => [q.source_line, q.reason])).toEqual([
      [3, 'unparseable amount'],
      [5, 'not in pounds'],
    ]);
    expect(quarantined[1]!.detail).toMatch(/currency "EUR" is not one of mapping 360giving-spreadsheet's values.currencies \(GBP\)/);
  });
});
