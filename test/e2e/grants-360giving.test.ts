import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LoadedConfig } from '@cwb/config';
import { samplePath } from '@cwb/sample-data';
import { queryIndicators, type IndicatorRow } from '@cwb/warehouse';
import { fileCounts, indicatorFigure, refreshConfig } from './config-refresh';

// Financial power, step 2 of issue 19: Trafford Council's VCSE grants in the 360Giving standard,
// as CSV (anchor trafford-council) and as JSON (anchor trafford-json, the same grants), through
// the real pipeline (BullMQ on real Redis, real DuckDB, the bundled postcode reference), every
// figure checked against sums made by hand from the published CSV (Python's csv and decimal):
// 555 grants, £1,291,436.54; per financial year of the award date, e.g. 2019-20: 106 grants,
// £188,948.83, of which £88,466.04 to recipients with a charity number or GB-CHC- id or CIC in
// the name; 2023-24: 6 Inclusive Neighbourhood Grants of £16,666 = £99,996, of which £83,330
// VCSE. Programmes: Voluntary Sector Grants £1,108,110.54, Inclusive Neighbourhood Grants
// £183,326. Only the 11 ING grants carry a recipient postcode, all in Trafford (M16, M31, M32,
// M33, M41, WA14), and the bundled reference has no M or WA postcodes: every pound is in the
// unknown band, and the indicators say so (coverage 0).

const CSV = samplePath('finance/trafford_vcse_grants_2013-2024_360giving.csv');
const JSON_FILE = samplePath('finance/trafford_vcse_grants_2013-2024_360giving.json');

let loaded: LoadedConfig;
let rows: IndicatorRow[];
let files: [string, number, number, number, number][];
let facts: { anchor_id: string; grants: number; pence: number }[];

beforeAll(async () => {
  const home = '{ name: Trafford, lad_codes: [E08000009] }';
  const run = await refreshConfig(
    inject('redisUrl'),
    'grants',
    `version: 1
data_dir: data
reference:
  postcodes: [${samplePath('geography/onspd_extract_postcodesio_seed_subset.csv')}]
anchors:
  - id: trafford-council
    name: Trafford Council
    type: council
    home: ${home}
    sources:
      - path: ${CSV}
        connector: grants-360giving
      - path: ${samplePath('land_property/trafford_land_and_building_assets_2022-2025.csv')}
        connector: land-assets
  - id: trafford-json
    name: Trafford Council (JSON)
    type: council
    home: ${home}
    sources:
      - path: ${JSON_FILE}
        connector: grants-360giving
`,
    async (w) => ({
      rows: (await queryIndicators(w)).filter((row) => row.metric.startsWith('grants_') || row.metric === 'land_share_vacant'),
      files: await fileCounts(w),
      facts: (await w.all<Record<string, unknown>>('select anchor_id, count(*) as grants, sum(amount_pence) as pence from marts.fct_grants group by all order by all')).map((f) => ({
        anchor_id: String(f.anchor_id),
        grants: Number(f.grants),
        pence: Number(f.pence),
      })),
    }),
  );
  ({ loaded } = run);
  ({ rows, files, facts } = run.inspected);
});

afterAll(async () => {
  if (loaded) await rm(loaded.configDir, { recursive: true, force: true });
});

const figure = (metric: string, entity: string, period: string, category = 'all') => {
  const { baseline_period: _baseline, ...found } = indicatorFigure(rows, metric, entity, period, category);
  return found;
};

describe('360Giving grants through the pipeline', () => {
  it('loads all 555 grants from the CSV and from the JSON, and the land register beside them', () => {
    expect(files).toEqual([
      ['trafford_land_and_building_assets_2022-2025.csv', 608, 608, 0, 0],
      ['trafford_vcse_grants_2013-2024_360giving.csv', 555, 555, 0, 0],
      ['trafford_vcse_grants_2013-2024_360giving.json', 555, 555, 0, 0],
    ]);
    expect(facts).toEqual([
      { anchor_id: 'trafford-council', grants: 555, pence: 129_143_654 },
      { anchor_id: 'trafford-json', grants: 555, pence: 129_143_654 },
    ]);
  });

  it('gives grant pounds by year and programme, the same from the CSV and the JSON', () => {
    for (const anchor of ['trafford-council', 'trafford-json']) {
      expect(figure('grants_awarded', anchor, '2019-20')).toMatchObject({ value: 188_948.83, unit: 'gbp' });
      expect(figure('grants_count', anchor, '2019-20')).toMatchObject({ value: 106, unit: 'grants' });
      expect(figure('grants_awarded', anchor, '2012-13').value).toBe(20_680);
      expect(figure('grants_awarded_by_programme', anchor, '2023-24', 'Inclusive Neighbourhood Grants')).toMatchObject({ value: 99_996, denominator: 99_996 });
    }
    const total = (metric: string, category = 'all') =>
      Math.round(rows.filter((r) => r.metric === metric && r.entity_id === 'trafford-council' && r.category === category).reduce((sum, r) => sum + (r.value ?? 0) * 100, 0));
    expect(total('grants_awarded')).toBe(129_143_654);
    expect(total('grants_awarded_by_programme', 'Voluntary Sector Grants')).toBe(110_811_054);
    expect(total('grants_awarded_by_programme', 'Inclusive Neighbourhood Grants')).toBe(18_332_600);
    expect(rows.filter((r) => r.entity_id === 'trafford-json').map((r) => [r.metric, r.period, r.category, r.value]).sort()).toEqual(
      rows.filter((r) => r.entity_id === 'trafford-council' && r.metric.startsWith('grants_')).map((r) => [r.metric, r.period, r.category, r.value]).sort(),
    );
  });

  it('gives the share to VCSE organisations with its coverage, and states the unknown share of where recipients are', () => {
    expect(figure('grants_share_vcse', 'trafford-council', '2019-20')).toEqual({
      value: Math.round((88_466.04 / 188_948.83) * 1e6) / 1e6,
      numerator: 88_466.04,
      denominator: 188_948.83,
      coverage: Math.round((88_466.04 / 188_948.83) * 1e6) / 1e6,
      unit: 'share',
    });
    expect(figure('grants_share_vcse', 'trafford-council', '2023-24')).toMatchObject({ numerator: 83_330, denominator: 99_996 });
    expect(figure('grants_share_by_recipient_place', 'trafford-council', '2023-24', 'unknown')).toEqual({ value: 1, numerator: 99_996, denominator: 99_996, coverage: 0, unit: 'share' });
    expect(rows.filter((r) => r.metric === 'grants_share_by_recipient_place' && r.category !== 'unknown')).toEqual([]);
  });

  it('reports the land register of the same anchor beside its grants', () => {
    expect(figure('land_share_vacant', 'trafford-council', '2025-26')).toMatchObject({ numerator: 187, denominator: 608 });
  });
});
