import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { queryIndicators } from '@cwb/warehouse';
import { connectorByName } from '@cwb/worker';
import { fileCounts, indicatorFigure, refreshBeforeAll } from './config-refresh';

// Issue 19's "a data engineer can add another council's asset register or grants file with a
// mapping and no code": two files in layouts no shipped mapping knows (real Trafford Council
// files, OGL v3.0, with their headers renamed and columns reordered: fixtures/another-council/
// README.md), each read through a mapping file the user keeps beside cwb.config.yaml, pinned on
// the source (`mapping: ./….yaml`) or found in a folder the source names (`mappings_dir`), through the real pipeline (BullMQ on real Redis, a real DuckDB
// warehouse). Counted by hand from the fixtures (Python's csv module, fixtures README):
//
// Register, 150 assets, latest Date of Record 2025-09-12 (financial year 2025-26). Occupancy:
//   Owner Occupied 80, Leasehold Out 46, Other 13, Vacant 10, Leasehold In 1. Ownership: Freehold
//   149, Leasehold 1. Asset Type: Land 61, Buildings 57, Land/Buildings 32. GIA on 55 rows,
//   59,401.55 m², of which vacant 1,723.3 m².
// Grants, 150 (all GBP, all Voluntary Sector Grants), £365,727.30: 2012-13 £20,680.00 (8),
//   2013-14 £136,552.62 (41), 2014-15 £99,018.74 (35), 2016-17 £74,455.51 (43), 2017-18
//   £35,020.43 (23). No recipient postcode: every pound's recipient is unknown-located.

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/another-council/${name}`, import.meta.url));
const REGISTER = 'asset-register-renamed-trafford-head150.csv';
const GRANTS = 'grants-renamed-trafford-head150.csv';

// The user's mappings, written as the README's "add a source" steps say: the nearest shipped
// mapping copied, renamed, its headers replaced by the file's.
const LAND_MAPPING = `name: borough-asset-register
description: Another council's asset register export (property management system column names).
based_on: the council's published register (fixtures/another-council/README.md); words as lgtc-land.
columns:
  effective_date: [Date of Record]
  uprn: [Unique Property Ref No]
  asset_code: [Property Reference]
  property_name: [Site Name]
  street_number: [No.]
  address: [Road]
  post_town: [Town]
  postcode: [Post Code]
  geo_x: [Longitude]
  geo_y: [Latitude]
  tenure: [Ownership]
  use: [Occupancy]
  holding: [Asset Type]
  other_detail: [Notes]
  building_size: ['GIA (sq m)']
  land_area: [Site Area (ha)]
  energy_rating: [EPC]
required: [asset_code, tenure, use]
signature: [Property Reference, Occupancy]
values:
  tenure:
    freehold: [Freehold]
    leasehold: [Leasehold]
  use_status:
    occupied: [Owner Occupied]
    vacant: [Vacant]
    leased_out: [Leasehold Out]
    leased_in: [Leasehold In]
    other: [Other]
  holding_kind:
    land: [Land]
    building: [Buildings]
    land_and_building: [Land/Buildings]
parse:
  coordinate_system: wgs84
  land_area_unit: ha
`;

const GRANTS_MAPPING = `name: borough-grants-export
description: Another council's grants export (its grants system's column names, not 360Giving's).
based_on: the council's published grants (fixtures/another-council/README.md).
columns:
  grant_id: [Grant Ref]
  title: [Project]
  currency: [Currency]
  amount: [Grant Amount (GBP)]
  award_date: [Date Approved]
  programme_code: [Fund Code]
  programme_title: [Fund]
  recipient_org_id: [Organisation ID]
  recipient_name: [Organisation Name]
  recipient_charity_number: [Registered Charity No]
  recipient_company_number: [Company Reg No]
  recipient_postcode: [Organisation Postcode]
  funder_org_id: [Funder ID]
  funder_name: [Funder]
required: [grant_id, amount, award_date]
signature: [Grant Ref, Date Approved]
values:
  recipient_kinds:
    company: [GB-COH]
    charity: [GB-CHC, GB-SC, GB-NIC]
    mutual: [GB-MPR]
    unregistered: [360G]
  currencies: [GBP]
`;

const snapshot = refreshBeforeAll(
  'mapped-by-config',
  `version: 1
data_dir: data
anchors:
  - id: borough-council
    name: Borough Council
    type: council
    home: { name: Trafford, lad_codes: [E08000009] }
    sources:
      - path: exports/${REGISTER}
        connector: land-assets
        mapping: ./mappings/borough-asset-register.yaml
      - path: exports/${GRANTS}
        connector: grants-360giving
        options: { mappings_dir: grant-mappings }   # chosen from the folder by its header, like a shipped one
`,
  async (w) => ({
    rows: (await queryIndicators(w)).filter((row) => row.metric.startsWith('land_') || row.metric.startsWith('grants_')),
    files: await fileCounts(w),
  }),
  async () => ({
    [`exports/${REGISTER}`]: await readFile(fixture(REGISTER), 'utf8'),
    [`exports/${GRANTS}`]: await readFile(fixture(GRANTS), 'utf8'),
    'mappings/borough-asset-register.yaml': LAND_MAPPING,
    'grant-mappings/borough-grants-export.yaml': GRANTS_MAPPING,
  }),
);

const figure = (metric: string, period: string, category = 'all') => indicatorFigure(snapshot().rows, metric, 'borough-council', period, category);
const share = (numerator: number, denominator: number) => Math.round((numerator / denominator) * 1e6) / 1e6;

/** Reads a file with a connector as the pipeline would, with no mapping pinned. */
async function readUnmapped(connectorName: string, path: string): Promise<number> {
  const connector = connectorByName(connectorName);
  const spec = connector.spec.parse({ path });
  const [file] = await connector.discover(spec);
  let rowsRead = 0;
  for await (const batch of connector.read(file!, spec, { load_id: 'test', anchor_id: 'a', source_file: 'f' })) rowsRead += (batch as { rows: unknown[] }).rows.length;
  return rowsRead;
}

describe("another council's asset register and grants file, read with mappings in the user's config", () => {
  it('are layouts no shipped mapping reads: each is refused without the mapping', async () => {
    await expect(readUnmapped('land-assets', fixture(REGISTER))).rejects.toThrow(/not a land register this connector knows: no mapping fits the header .*lgtc-land; or a new mapping file/);
    await expect(readUnmapped('grants-360giving', fixture(GRANTS))).rejects.toThrow(/not a grants file this connector knows: no mapping fits the header .*360giving-spreadsheet; or a new mapping file/);
  });

  it('loads every record of both files with the mappings: none quarantined, none skipped, none lost', () => {
    expect(snapshot().files).toEqual([
      [REGISTER, 150, 150, 0, 0],
      [GRANTS, 150, 150, 0, 0],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  });

  it("gives the register's assets by use, tenure and holding, 10 of 150 vacant, and floor area on the 55 with a size", () => {
    const byUse = (category: string) => figure('land_assets_by_use', '2025-26', category).value;
    expect([byUse('occupied'), byUse('leased_out'), byUse('other'), byUse('vacant'), byUse('leased_in')]).toEqual([80, 46, 13, 10, 1]);
    expect([figure('land_assets_by_tenure', '2025-26', 'freehold').value, figure('land_assets_by_tenure', '2025-26', 'leasehold').value]).toEqual([149, 1]);
    const byHolding = (category: string) => figure('land_assets_by_holding', '2025-26', category).value;
    expect([byHolding('land'), byHolding('building'), byHolding('land_and_building')]).toEqual([61, 57, 32]);
    expect(figure('land_share_vacant', '2025-26')).toEqual({ value: share(10, 150), numerator: 10, denominator: 150, coverage: 1, unit: 'share', baseline_period: null });
    expect(figure('land_share_vacant_surplus_or_leased_out', '2025-26')).toMatchObject({ numerator: 10 + 46, denominator: 150 });
    expect(figure('land_floor_area_by_use', '2025-26', 'vacant')).toMatchObject({ value: 1723.3, denominator: 59401.55, coverage: share(55, 150) });
  });

  it('gives the grants by financial year, £365,727.30 in 150 grants, every pound stated as unknown-located', () => {
    const years: [string, number, number][] = [
      ['2012-13', 20_680.0, 8],
      ['2013-14', 136_552.62, 41],
      ['2014-15', 99_018.74, 35],
      ['2016-17', 74_455.51, 43],
      ['2017-18', 35_020.43, 23],
    ];
    for (const [year, pounds, count] of years) {
      expect(figure('grants_awarded', year)).toMatchObject({ value: pounds, unit: 'gbp' });
      expect(figure('grants_count', year).value).toBe(count);
      expect(figure('grants_awarded_by_programme', year, 'Voluntary Sector Grants')).toMatchObject({ value: pounds, denominator: pounds });
      expect(figure('grants_share_by_recipient_place', year, 'unknown')).toMatchObject({ value: 1, coverage: 0 });
    }
    const total = snapshot().rows.filter((r) => r.metric === 'grants_awarded' && r.entity_id === 'borough-council').reduce((sum, r) => sum + (r.value ?? 0), 0);
    expect(Math.round(total * 100)).toBe(36_572_730);
  });
});
