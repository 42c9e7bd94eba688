import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDemo, type DemoResult } from '@cwb/cli/demo';
import { generatedSamplePath, samplePath } from '@cwb/sample-data';
import { withDatabase } from '@cwb/warehouse';
import { countDataRows, localSpendFromFiles } from './independent-figures';

// The foundation's done-when: the demo refresh, through real Redis and a real DuckDB
// file, accounts for every data row of every input file and computes the indicator
// that an independent calculation from the same files gives.

let dataDir: string;
let demo: DemoResult;

beforeAll(async () => {
  process.env.REDIS_URL = inject('redisUrl');
  dataDir = await mkdtemp(join(tmpdir(), 'cwb-e2e-demo-'));
  demo = await runDemo({ dataDir });
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const inputs = [
  { anchor: 'sunderland-council', file: generatedSamplePath('sunderland_demo_ledger_GENERATED.csv'), encoding: 'utf-8' },
  { anchor: 'calderdale-council', file: samplePath('spending/local_authority/calderdale_2022-08_odileeds_clean.csv'), encoding: 'utf-8' },
  { anchor: 'leeds-council', file: samplePath('spending/local_authority/leeds_2020-06_windows1252.csv'), encoding: 'latin-1' },
  { anchor: 'barking-dagenham-ccg', file: samplePath('spending/nhs/nhs_barking_dagenham_ccg_2020-07_supplier_postcodes.csv'), encoding: 'utf-8' },
] as const;

describe('cwb demo (end to end)', () => {
  it('loads every configured file and publishes a snapshot', () => {
    // four ledgers, the Co-operatives UK register, two ERIC returns, Trafford's land register and grants
    expect(demo.filesLoaded).toBe(9);
    expect(demo.filesFailed).toBe(0);
  });

  it.each(inputs)('$anchor: rows loaded + quarantined + skipped = data rows in the file', async ({ anchor, file, encoding }) => {
    const expected = await countDataRows(file, encoding);
    expect(expected).toBeGreaterThan(100);
    const [counts] = await withDatabase(demo.snapshotPath, { mode: 'read_only' }, (w) =>
      w.all<{ loaded: bigint; rejected: bigint; recorded_read: number }>(
        `select
           (select count(*) from raw.ap_transactions where anchor_id = $1) as loaded,
           (select count(*) from raw.rejected_records join raw.source_files using (source_file_id) where rejected_records.anchor_id = $1 and source_files.source_file = $2) as rejected,
           (select sum(rows_read) from raw.source_files where anchor_id = $1 and source_file = $2) as recorded_read`,
        [anchor, file],
      ),
    );
    expect(Number(counts?.loaded) + Number(counts?.rejected)).toBe(expected);
    expect(Number(counts?.recorded_read)).toBe(expected);
  });

  it('computes the Sunderland local-spend indicator that plain SQL over the files gives', async () => {
    const expected = await localSpendFromFiles(
      generatedSamplePath('sunderland_demo_ledger_GENERATED.csv'),
      [
        samplePath('geography/nspl_nov2021_SR_postcode_area_sunderland.csv'),
        samplePath('geography/nspl_nov2021_LD_postcode_area_wales.csv'),
        samplePath('geography/onspd_extract_postcodesio_seed_subset.csv'),
      ],
      ['E08000024'],
    );
    const actual = await withDatabase(demo.snapshotPath, { mode: 'read_only' }, (w) =>
      w.all<{ financial_year: string; location_band: string; spend_pence: bigint }>(
        `select financial_year, location_band, round(spend_gbp * 100)::bigint as spend_pence
         from metrics.local_spend_by_financial_year where anchor_id = 'sunderland-council' and spend_gbp <> 0
         order by all`,
      ),
    );
    expect(actual.map((r) => ({ ...r, spend_pence: Number(r.spend_pence) }))).toEqual(expected);
    // The demo must show located spend, not only "unknown".
    expect(expected.filter((r) => r.location_band === 'home_area')).toHaveLength(2);
    const home = expected.filter((r) => r.location_band === 'home_area').reduce((s, r) => s + r.spend_pence, 0);
    expect(home).toBeGreaterThan(0);
  });

  it('keeps suppliers it cannot locate in the unknown band instead of dropping them', async () => {
    const [row] = await withDatabase(demo.snapshotPath, { mode: 'read_only' }, (w) =>
      w.all<{ total: number; banded: number }>(
        `select (select sum(amount_gbp) from marts.fct_ap_payments)::double as total,
                (select sum(spend_gbp) from metrics.local_spend_by_financial_year)::double as banded`,
      ),
    );
    expect(row?.banded).toBeCloseTo(row?.total ?? NaN, 2);
  });

  // The other pillars for the demo's anchors, checked by hand against the files (see the e2e tests
  // of each: land-registers, grants-360giving, nhs-estates, plural-ownership).
  it('shows land, grants, NHS estates and plural-ownership indicators for the demo anchors', async () => {
    const rows = await withDatabase(demo.snapshotPath, { mode: 'read_only' }, (w) =>
      w.all<{ metric: string; entity_id: string; period: string; category: string; value: number | null; numerator: number; denominator: number | null; coverage: number | null }>(
        `select metric, entity_id, period, category, value, numerator, denominator, coverage from metrics.indicators
         where entity_type = 'anchor' and (metric like 'land_%' or metric like 'grants_%' or metric like 'nhs_%' or metric like 'plural_%')`,
      ),
    );
    const one = (metric: string, entity: string, period: string, category = 'all') => {
      const found = rows.filter((r) => r.metric === metric && r.entity_id === entity && r.period === period && r.category === category);
      expect(found, `${metric} ${entity} ${period} ${category}`).toHaveLength(1);
      return found[0]!;
    };
    // Trafford's register: 187 of its 608 assets vacant (TenureDetail); 555 grants, £1,291,436.54 in all years
    expect(one('land_share_vacant', 'trafford-council', '2025-26')).toMatchObject({ numerator: 187, denominator: 608, value: 0.307566 });
    const grants = rows.filter((r) => r.metric === 'grants_awarded' && r.entity_id === 'trafford-council');
    expect(grants.reduce((sum, r) => sum + r.numerator, 0)).toBeCloseTo(1_291_436.54, 2);
    expect(rows.filter((r) => r.metric === 'grants_count' && r.entity_id === 'trafford-council').reduce((sum, r) => sum + r.numerator, 0)).toBe(555);
    // City Hospitals Sunderland (RLN) in ERIC 2016/17: 15.24 ha owned, none not delivering services
    expect(one('nhs_land_owned_m2', 'city-hospitals-sunderland', '2016-17')).toMatchObject({ value: 152_400 });
    expect(one('nhs_land_share_not_delivering_services', 'city-hospitals-sunderland', '2016-17')).toMatchObject({ value: 0, denominator: 152_400 });
    // the Co-operatives UK register (2017-06): 31 live co-operatives, 5 CICs, 1 credit union registered in Sunderland
    expect(one('plural_organisations_by_form', 'sunderland-council', '2017-18', 'co_operative')).toMatchObject({ value: 31, denominator: 37 });
    expect(one('plural_organisations_by_form', 'city-hospitals-sunderland', '2017-18', 'credit_union')).toMatchObject({ value: 1 });
    expect(rows.some((r) => r.metric === 'plural_ownership_spend_share' && r.entity_id === 'sunderland-council')).toBe(true);
    // Calderdale's August 2022 ledger names four CICs, none with a company number: Locala Community
    // Partnerships CIC £620,739.34 (7 rows), Future Directions CIC £95,483.52 (34), Ideas Alliance CIC
    // £7,500.00 (1), Inclusion Housing CIC Ltd £2,158.44 (2); their names alone make them CICs
    expect(one('plural_ownership_spend_by_form', 'calderdale-council', '2022-23', 'community_interest_company').numerator).toBeCloseTo(725_881.3, 2);
    expect(one('plural_ownership_spend_share', 'calderdale-council', '2022-23').numerator).toBeCloseTo(725_881.3, 2);
    // the demo loads no Companies House register: Sunderland's firm count is unknown, so no per-1,000-firms
    // figure, the denominator null (not 0) and coverage 0; the 31 co-operatives are still counted
    expect(one('plural_co_operatives_per_1000_firms', 'sunderland-council', '2017-18')).toMatchObject({ value: null, numerator: 31, denominator: null, coverage: 0 });
    expect(one('plural_credit_unions_per_1000_firms', 'city-hospitals-sunderland', '2017-18')).toMatchObject({ value: null, numerator: 1, denominator: null, coverage: 0 });
  });
});
