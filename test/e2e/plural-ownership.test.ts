import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LoadedConfig } from '@cwb/config';
import { generatedSamplePath, samplePath } from '@cwb/sample-data';
import { queryIndicators, type IndicatorRow } from '@cwb/warehouse';
import { fileCounts, indicatorFigure, refreshConfig } from './config-refresh';

// Plural ownership, issue 19: the Co-operatives UK open data organisations file (2017-06
// subset; ODC-By 1.0, Co-operatives UK open data) and the Companies House BasicCompanyData head
// as org-registers sources, with the generated Sunderland ledger, through the real pipeline
// (BullMQ on real Redis, a real DuckDB warehouse), the registered offices located with the
// bundled NSPL (SR and LD postcode areas). Counted by hand from the files (Python's csv module
// over the published bytes, postcodes joined to the NSPL's laua, the ownership-forms rules
// applied: FCA number ending in C = credit union, Legal Form CIC = CIC, Ownership
// Classification Employee Trust = employee-owned, else co-operative):
//
// 126 organisations, 94 live. Live and registered in Sunderland (E08000024): 31 co-operatives, 5
//   CICs, 1 credit union (Great North Two Thousand (Transport) Credit Union, 180C; Wearside First
//   Credit Union, 697C, is Dead). In Powys (W06000023): 9 co-operatives, 2 credit unions (Brecon &
//   District, Undeb Credyd Y Barcud Coch), 1 employee-owned. Live and not located (PR postcodes,
//   which the bundled reference does not cover, the Co-operative Group's M60 office, `PR1 TA8`,
//   `SR6 7`): 30 co-operatives, 1 CIC, 3 credit unions = 34.
// The 31 Companies House rows (2021-01) have no SR or LD postcode: the extract does not cover
//   either place, so their firm counts are unknown (the denominator null, never 0) and there is
//   no per-1,000-firms figure, with coverage 0.

let loaded: LoadedConfig;
let rows: IndicatorRow[];
let files: [string, number, number, number, number][];
let spend: { financial_year: string; pence: number; cic_pence: number }[];

beforeAll(async () => {
  const run = await refreshConfig(
    inject('redisUrl'),
    'plural',
    `version: 1
data_dir: data
reference:
  postcodes:
    - ${samplePath('geography/nspl_nov2021_SR_postcode_area_sunderland.csv')}
    - ${samplePath('geography/nspl_nov2021_LD_postcode_area_wales.csv')}
anchors:
  - id: sunderland-council
    name: Sunderland City Council
    type: council
    home: { name: Sunderland, lad_codes: [E08000024] }
    sources:
      - path: ${generatedSamplePath('sunderland_demo_ledger_GENERATED.csv')}
      - path: ${samplePath('coops/coops_uk_2017-06_organisations_PR_SR_LD_SUBSET.csv')}
        connector: org-registers
        options: { register_date: 2017-06-30 }
      - path: ${samplePath('companies_house/basic_company_data_2021-01_head31.csv')}
        connector: org-registers
        options: { register_date: 2021-01-01 }
  - id: powys-council
    name: Powys County Council
    type: council
    home: { name: Powys, lad_codes: [W06000023] }
partnerships:
  - id: plural-partnership
    name: Sunderland and Powys
    anchors: [sunderland-council, powys-council]
`,
    async (w) => ({
      rows: (await queryIndicators(w)).filter((row) => row.metric.startsWith('plural_')),
      files: await fileCounts(w),
      spend: (
        await w.all<Record<string, unknown>>(
          `select financial_year, sum(amount_pence) as pence, coalesce(sum(amount_pence) filter (where supplier_name like '% CIC'), 0) as cic_pence
           from marts.fct_ap_payments where is_influenceable group by all order by all`,
        )
      ).map((r) => ({ financial_year: String(r.financial_year), pence: Number(r.pence), cic_pence: Number(r.cic_pence) })),
    }),
  );
  ({ loaded } = run);
  ({ rows, files, spend } = run.inspected);
});

afterAll(async () => {
  if (loaded) await rm(loaded.configDir, { recursive: true, force: true });
});

const figure = (metric: string, entity: string, period: string, category = 'all') => indicatorFigure(rows, metric, entity, period, category);
const share = (numerator: number, denominator: number) => Math.round((numerator / denominator) * 1e6) / 1e6;

describe('plural ownership through the pipeline', () => {
  it('loads every organisation of both registers: none quarantined, none skipped, none lost', () => {
    expect(files.filter(([name]) => !name.startsWith('sunderland_demo'))).toEqual([
      ['basic_company_data_2021-01_head31.csv', 31, 31, 0, 0],
      ['coops_uk_2017-06_organisations_PR_SR_LD_SUBSET.csv', 126, 126, 0, 0],
    ]);
  });

  it("counts each place's live co-operatives, CICs and credit unions by ownership form, with the unlocated as the coverage gap", () => {
    const sunderland = (form: string) => figure('plural_organisations_by_form', 'sunderland-council', '2017-18', form);
    expect(sunderland('co_operative')).toMatchObject({ value: 31, numerator: 31, denominator: 37, coverage: share(37, 37 + 34), unit: 'organisations' });
    expect(sunderland('community_interest_company')).toMatchObject({ value: 5, denominator: 37 });
    expect(sunderland('credit_union')).toMatchObject({ value: 1, denominator: 37 });
    const powys = (form: string) => figure('plural_organisations_by_form', 'powys-council', '2017-18', form);
    expect(powys('co_operative')).toMatchObject({ value: 9, denominator: 12, coverage: share(12, 12 + 34) });
    expect(powys('credit_union')).toMatchObject({ value: 2, denominator: 12 });
    expect(powys('employee_owned')).toMatchObject({ value: 1, denominator: 12 });
    // the partnership: its members' homes together (the 34 unlocated could be in either: counted once per member)
    expect(figure('plural_organisations_by_form', 'plural-partnership', '2017-18', 'credit_union')).toMatchObject({ value: 3, denominator: 49, coverage: share(49, 49 + 68) });
    const place = rows.find((r) => r.metric === 'plural_organisations_by_form' && r.entity_id === 'plural-partnership');
    expect([place?.place, place?.place_name]).toEqual(['home', 'Powys + Sunderland']);
  });

  it('gives no per-1,000-firms figure where the Companies House register does not cover the place: the firm count unknown, coverage 0', () => {
    for (const metric of ['plural_co_operatives_per_1000_firms', 'plural_cics_per_1000_firms', 'plural_credit_unions_per_1000_firms', 'plural_mutuals_per_1000_firms']) {
      for (const entity of ['sunderland-council', 'powys-council', 'plural-partnership']) {
        expect(figure(metric, entity, '2017-18')).toMatchObject({ value: null, denominator: null, coverage: 0, unit: 'per_1000_firms' });
      }
    }
    expect(figure('plural_credit_unions_per_1000_firms', 'sunderland-council', '2017-18').numerator).toBe(1);
    expect(figure('plural_credit_unions_per_1000_firms', 'powys-council', '2017-18').numerator).toBe(2);
    // the Companies House extract (2020-21) has nobody located in either place
    expect(figure('plural_organisations_by_form', 'sunderland-council', '2020-21', 'company')).toMatchObject({ value: 0, coverage: 0 });
  });

  it("states the share of the anchor's spend with plural-ownership suppliers: without a registers database, only the suppliers whose names make them CICs are known", () => {
    expect(spend.length).toBeGreaterThan(0);
    // the generated ledger pays ten suppliers named "… CIC" (Castle Plant Hire CIC, Keel Catering CIC …) in every year
    expect(spend.every((year) => year.cic_pence > 0)).toBe(true);
    for (const { financial_year, pence, cic_pence } of spend) {
      expect(figure('plural_ownership_spend_share', 'sunderland-council', financial_year)).toMatchObject({
        value: share(cic_pence, pence),
        numerator: cic_pence / 100,
        denominator: pence / 100,
        coverage: share(cic_pence, pence),
        unit: 'share',
      });
      expect(figure('plural_ownership_spend_by_form', 'sunderland-council', financial_year, 'community_interest_company')).toMatchObject({ numerator: cic_pence / 100, denominator: pence / 100 });
      expect(figure('plural_ownership_spend_by_form', 'sunderland-council', financial_year, 'unknown').numerator).toBeCloseTo((pence - cic_pence) / 100, 2);
    }
  });
});
