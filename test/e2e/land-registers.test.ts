import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LoadedConfig } from '@cwb/config';
import { samplePath } from '@cwb/sample-data';
import { queryIndicators, type IndicatorRow } from '@cwb/warehouse';
import { fileCounts, indicatorFigure, refreshConfig } from './config-refresh';

// Land and property, step 1 of issue 19: the three real registers as published (Trafford's
// LGTC file; Cheltenham's 2021 file, Windows-1252 with duplicate headers and records spanning
// lines, and its 2023 file in a new layout) through the real pipeline (BullMQ on real Redis, a
// real DuckDB warehouse), every figure checked against counts made by hand from the files
// (Python's csv module over the published bytes):
//
// Trafford (608 assets; latest EffectiveDate 2025-09-12, so financial year 2025-26). TenureDetail:
//   Vacant 187, Owner Occupied 171, Leasehold Out 122 + `Leasehold out` 1 = 123, Other 121,
//   Leasehold In 6. TenureType: Freehold 593, Leasehold 14, blank 1. HoldingType: Land 309,
//   Land/Buildings 174, Buildings 125. BuildingSize on 163 rows, 137,070.37 m² in all, of which
//   vacant 8,616.3 m² (14 rows). No surplus column or holding type: no surplus figure.
// Cheltenham 2021 (498 assets, register date set on the source: 2021-03-31, so 2020-21):
//   Occupied by local authority 323 + `Occupied by Local Authority` 7 = 330, Leasehold 141 +
//   Ground leasehold 1 = 142 leased out, Licence 13, Vacant 13.
// Cheltenham 2023 (459 assets + 2 blank lines, which are not records; 2023-03-31, so 2022-23):
//   Occupied 263, Leasehold 169 + Leashold 1 + Groundlease 1 = 171, Licence 21, Vacant 4;
//   Buildings/Land Declared Surplus 5 + 1 = 6 of the 437 assets with a holding type.

const REGISTERS = {
  trafford: samplePath('land_property/trafford_land_and_building_assets_2022-2025.csv'),
  cheltenham2021: samplePath('land_property/cheltenham_land_and_assets_2021_dup_headers_embedded_newlines.csv'),
  cheltenham2023: samplePath('land_property/cheltenham_land_and_assets_2023_surplus_holding_types.csv'),
};

let loaded: LoadedConfig;
let rows: IndicatorRow[];
let files: [string, number, number, number, number][];

beforeAll(async () => {
  const run = await refreshConfig(
    inject('redisUrl'),
    'land',
    `version: 1
data_dir: data
anchors:
  - id: trafford-council
    name: Trafford Council
    type: council
    home: { name: Trafford, lad_codes: [E08000009] }
    sources:
      - path: ${REGISTERS.trafford}
        connector: land-assets
  - id: cheltenham-council
    name: Cheltenham Borough Council
    type: council
    home: { name: Cheltenham, lad_codes: [E07000078] }
    sources:
      - path: ${REGISTERS.cheltenham2021}
        connector: land-assets
        options: { register_date: 2021-03-31 }
      - path: ${REGISTERS.cheltenham2023}
        connector: land-assets
        options: { register_date: 2023-03-31 }
partnerships:
  - id: land-partnership
    name: Trafford and Cheltenham
    anchors: [trafford-council, cheltenham-council]
`,
    async (w) => ({ rows: (await queryIndicators(w)).filter((row) => row.metric.startsWith('land_')), files: await fileCounts(w) }),
  );
  ({ loaded } = run);
  ({ rows, files } = run.inspected);
});

afterAll(async () => {
  if (loaded) await rm(loaded.configDir, { recursive: true, force: true });
});

const figure = (metric: string, entity: string, period: string, category = 'all') => indicatorFigure(rows, metric, entity, period, category);
const share = (numerator: number, denominator: number) => Math.round((numerator / denominator) * 1e6) / 1e6;

describe('land and assets registers through the pipeline', () => {
  it('loads every asset of the three registers: none quarantined, none skipped, none lost', () => {
    expect(files).toEqual([
      ['cheltenham_land_and_assets_2021_dup_headers_embedded_newlines.csv', 498, 498, 0, 0],
      ['cheltenham_land_and_assets_2023_surplus_holding_types.csv', 459, 459, 0, 0],
      ['trafford_land_and_building_assets_2022-2025.csv', 608, 608, 0, 0],
    ]);
  });

  it("gives Trafford's assets by use, tenure and holding, and 187 of 608 vacant", () => {
    const byUse = (category: string) => figure('land_assets_by_use', 'trafford-council', '2025-26', category);
    expect([byUse('vacant'), byUse('occupied'), byUse('leased_out'), byUse('other'), byUse('leased_in')].map((f) => f.value)).toEqual([187, 171, 123, 121, 6]);
    expect(byUse('vacant')).toMatchObject({ numerator: 187, denominator: 608, unit: 'assets' });
    const byTenure = (category: string) => figure('land_assets_by_tenure', 'trafford-council', '2025-26', category).value;
    expect([byTenure('freehold'), byTenure('leasehold'), byTenure('not_given')]).toEqual([593, 14, 1]);
    const byHolding = (category: string) => figure('land_assets_by_holding', 'trafford-council', '2025-26', category).value;
    expect([byHolding('land'), byHolding('land_and_building'), byHolding('building')]).toEqual([309, 174, 125]);
    expect(figure('land_share_vacant', 'trafford-council', '2025-26')).toEqual({ value: share(187, 608), numerator: 187, denominator: 608, coverage: 1, unit: 'share', baseline_period: null });
    expect(figure('land_share_leased_out', 'trafford-council', '2025-26')).toMatchObject({ value: share(123, 608), numerator: 123 });
    expect(figure('land_share_vacant_surplus_or_leased_out', 'trafford-council', '2025-26')).toMatchObject({ value: share(310, 608), numerator: 310 });
    // no surplus declaration in Trafford's register: no figure, and coverage says why
    expect(figure('land_share_surplus', 'trafford-council', '2025-26')).toMatchObject({ value: null, denominator: null, coverage: 0 });
  });

  it("gives Trafford's floor area by use, covering the 163 of 608 assets with a building size", () => {
    const vacant = figure('land_floor_area_by_use', 'trafford-council', '2025-26', 'vacant');
    expect(vacant).toMatchObject({ value: 8616.3, denominator: 137070.37, unit: 'm2', coverage: share(163, 608) });
    expect(figure('land_floor_area_share_vacant', 'trafford-council', '2025-26')).toMatchObject({ value: share(8616.3, 137070.37), coverage: share(163, 608) });
  });

  it("gives Cheltenham's two registers and the change between them, surplus from the 2023 layout", () => {
    expect(figure('land_share_vacant', 'cheltenham-council', '2020-21')).toMatchObject({ value: share(13, 498), numerator: 13, denominator: 498 });
    expect(figure('land_share_vacant', 'cheltenham-council', '2022-23')).toMatchObject({ value: share(4, 459), numerator: 4, denominator: 459 });
    expect(figure('land_share_leased_out', 'cheltenham-council', '2020-21')).toMatchObject({ numerator: 155, denominator: 498 });
    expect(figure('land_share_leased_out', 'cheltenham-council', '2022-23')).toMatchObject({ numerator: 192, denominator: 459 });
    expect(figure('land_share_surplus', 'cheltenham-council', '2022-23')).toMatchObject({ value: share(6, 437), numerator: 6, denominator: 437, coverage: share(437, 459) });
    expect(figure('land_share_vacant_change', 'cheltenham-council', '2022-23')).toEqual({
      value: Math.round((share(4, 459) - share(13, 498)) * 100 * 1e4) / 1e4,
      numerator: share(4, 459),
      denominator: share(13, 498),
      coverage: 1,
      unit: 'pp',
      baseline_period: '2020-21',
    });
    expect(figure('land_assets_by_use_change', 'cheltenham-council', '2022-23', 'vacant')).toMatchObject({ value: -9, numerator: 4, denominator: 13, unit: 'assets' });
    expect(figure('land_assets_by_use_change', 'cheltenham-council', '2022-23', 'leased_out')).toMatchObject({ value: 171 - 142 });
    // Trafford has one register: no change
    expect(rows.filter((r) => r.entity_id === 'trafford-council' && r.metric.endsWith('_change'))).toEqual([]);
  });

  it('adds the members up for the partnership, year by year', () => {
    expect(figure('land_assets_by_use', 'land-partnership', '2025-26', 'vacant')).toMatchObject({ value: 187, denominator: 608 });
    expect(figure('land_assets_by_use', 'land-partnership', '2022-23', 'vacant')).toMatchObject({ value: 4, denominator: 459 });
  });
});
