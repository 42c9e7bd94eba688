import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LoadedConfig } from '@cwb/config';
import { samplePath } from '@cwb/sample-data';
import { queryIndicators, type IndicatorRow } from '@cwb/warehouse';
import { fileCounts, indicatorFigure, refreshConfig } from './config-refresh';

// NHS estates, issue 19: NHS Digital's ERIC 2016/17 trust-level files as published ($-delimited,
// OGL), the clean trust data and the later file with garbled trust columns, through the real
// pipeline. Figures by hand (split on $, Python), ERIC hectares × 10,000 = m²:
//   RLN City Hospitals Sunderland: owned 15.24 ha = 152,400 m², not delivering services 0; GIA 141,276 m².
//   RKL West London Mental Health: owned 162.77 ha = 1,627,700 m², not delivering 109.23 ha =
//     1,092,300 m²: share 109.23 / 162.77 = 0.671070 (ERIC's own percentage columns are not read).
//   RF4 Barking, Havering and Redbridge: owned 28.88 ha; its name is split at its comma in the
//     later file, so the name comes from the clean file.
//   Partnership RLN + RKL: 109.23 / (15.24 + 162.77) = 0.613617.

const TRUST_DATA = samplePath('land_property/nhs_eric_2016-17_trust_data_dollar_delimited.csv');
const AGGREGATES = samplePath('land_property/nhs_eric_2016-17_trust_and_site_aggregates_dollar_delimited_garbled_trust_columns.csv');

let loaded: LoadedConfig;
let rows: IndicatorRow[];
let files: [string, number, number, number, number][];
let estates: Record<string, unknown>[];

const trust = (id: string, name: string, code: string, both: boolean) => `  - id: ${id}
    name: ${name}
    type: nhs_trust
    home: { name: ${name.split(' ')[0]}, lad_codes: [E08000024] }
    sources:
      - path: ${AGGREGATES}
        connector: nhs-eric
        options: { trust_code: ${code}, financial_year: 2016-17 }
${both ? `      - path: ${TRUST_DATA}\n        connector: nhs-eric\n        options: { trust_code: ${code}, financial_year: 2016-17 }\n` : ''}`;

beforeAll(async () => {
  const run = await refreshConfig(
    inject('redisUrl'),
    'eric',
    `version: 1
data_dir: data
anchors:
${trust('city-hospitals-sunderland', 'City Hospitals Sunderland', 'RLN', true)}${trust('west-london-mh', 'West London Mental Health', 'RKL', false)}${trust('barking-havering', 'Barking Havering and Redbridge', 'RF4', true)}partnerships:
  - id: eric-partnership
    name: Sunderland and West London
    anchors: [city-hospitals-sunderland, west-london-mh]
`,
    async (w) => ({
      rows: (await queryIndicators(w)).filter((row) => row.metric.startsWith('nhs_')),
      files: await fileCounts(w),
      estates: await w.all<Record<string, unknown>>('select anchor_id, trust_code, trust_name, has_unproven_return, returns from marts.fct_nhs_estates order by anchor_id'),
    }),
  );
  ({ loaded } = run);
  ({ rows, files, estates } = run.inspected);
});

afterAll(async () => {
  if (loaded) await rm(loaded.configDir, { recursive: true, force: true });
});

const figure = (metric: string, entity: string) => indicatorFigure(rows, metric, entity, '2016-17');

describe('NHS estates (ERIC) through the pipeline', () => {
  it("loads each anchor's trust row of each file and skips the other 235 trusts with the reason: nothing lost", () => {
    // five sources: read 236 = loaded 1 + skipped 235 each (the super-header and header are not records)
    expect(files).toEqual([
      ['nhs_eric_2016-17_trust_and_site_aggregates_dollar_delimited_garbled_trust_columns.csv', 236, 1, 0, 235],
      ['nhs_eric_2016-17_trust_and_site_aggregates_dollar_delimited_garbled_trust_columns.csv', 236, 1, 0, 235],
      ['nhs_eric_2016-17_trust_and_site_aggregates_dollar_delimited_garbled_trust_columns.csv', 236, 1, 0, 235],
      ['nhs_eric_2016-17_trust_data_dollar_delimited.csv', 236, 1, 0, 235],
      ['nhs_eric_2016-17_trust_data_dollar_delimited.csv', 236, 1, 0, 235],
    ]);
  });

  it('gives land owned and land not delivering services in m², the share recomputed from the areas', () => {
    expect(figure('nhs_land_owned_m2', 'city-hospitals-sunderland')).toMatchObject({ value: 152_400, unit: 'm2', coverage: 1 });
    expect(figure('nhs_land_not_delivering_services_m2', 'city-hospitals-sunderland')).toMatchObject({ value: 0 });
    expect(figure('nhs_gross_internal_floor_area_m2', 'city-hospitals-sunderland')).toMatchObject({ value: 141_276 });
    expect(figure('nhs_land_share_not_delivering_services', 'west-london-mh')).toMatchObject({ value: 0.67107, numerator: 1_092_300, denominator: 1_627_700, coverage: 1 });
    expect(figure('nhs_land_share_not_delivering_services', 'eric-partnership')).toMatchObject({ value: 0.613617, numerator: 1_092_300, denominator: 1_780_100 });
    expect(figure('nhs_land_owned_m2', 'barking-havering')).toMatchObject({ value: 288_800 });
  });

  it("takes a split-named trust's name from the return that proves it, and records the unproven one", () => {
    expect(estates).toEqual([
      { anchor_id: 'barking-havering', trust_code: 'RF4', trust_name: 'BARKING, HAVERING AND REDBRIDGE UNIVERSITY HOSPITALS NHS TRUST', has_unproven_return: true, returns: 2n },
      { anchor_id: 'city-hospitals-sunderland', trust_code: 'RLN', trust_name: 'CITY HOSPITALS SUNDERLAND NHS FOUNDATION TRUST', has_unproven_return: false, returns: 2n },
      { anchor_id: 'west-london-mh', trust_code: 'RKL', trust_name: 'WEST LONDON MENTAL HEALTH NHS TRUST', has_unproven_return: false, returns: 1n },
    ]);
  });
});
