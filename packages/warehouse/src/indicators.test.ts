import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Anchor, IndicatorSettingsInput, Partnership } from '@cwb/contracts';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildModels,
  metricCatalogue,
  migrate,
  openDatabase,
  replaceRespendRates,
  type AnchorGeography,
  type Warehouse,
} from './index';

// Given/expect tests of the indicator layer: small raw inputs, exact expected figures.

const anchors: Anchor[] = [
  { id: 'preston-council', name: 'Preston City Council', type: 'council', home: { name: 'Preston', lad_codes: ['E07000123'] }, sources: [] },
  { id: 'lancs-police', name: 'Lancashire Constabulary', type: 'police', home: { name: 'Preston', lad_codes: ['E07000123'] }, sources: [] },
];
const partnerships: Partnership[] = [{ id: 'preston-partnership', name: 'Preston anchors', anchors: ['preston-council', 'lancs-police'] }];

/** Preston home, Lancashire cluster (Chorley + Blackpool), North West region by code, England by code. */
const geographies: AnchorGeography[] = anchors.flatMap((a) => [
  { anchor_id: a.id, band: 'home', place_name: 'Preston', place_code: null, lad_code: 'E07000123' },
  { anchor_id: a.id, band: 'cluster', place_name: 'Lancashire', place_code: null, lad_code: 'E07000118' },
  { anchor_id: a.id, band: 'cluster', place_name: 'Lancashire', place_code: null, lad_code: 'E06000009' },
  { anchor_id: a.id, band: 'region', place_name: 'North West', place_code: 'E12000002', lad_code: null },
  { anchor_id: a.id, band: 'nation', place_name: 'England', place_code: 'E92000001', lad_code: null },
]);

// postcode → [lad, region, country, imd decile]
const postcodes: Record<string, [string | null, string | null, string | null, number | null]> = {
  'PR1 1AA': ['E07000123', 'E12000002', 'E92000001', 1], // Preston, most deprived decile
  'PR7 1AA': ['E07000118', 'E12000002', 'E92000001', 2], // Chorley
  'M1 1AA': ['E08000003', 'E12000002', 'E92000001', 5], // Manchester: region
  'LS1 1AA': ['E08000035', 'E12000003', 'E92000001', 9], // Leeds: nation
  'CF10 1AA': ['W06000015', 'W92000004', 'W92000004', 3], // Cardiff: rest of UK
  'JE2 3AA': [null, null, 'L93000001', null], // Jersey: outside UK
};

interface Pay {
  anchor?: string;
  date?: string;
  pence: number;
  supplier?: string;
  postcode?: string | null;
  company?: string | null;
  expense_type?: string | null;
  category?: string | null;
  pcard?: boolean;
  vcse?: boolean | null;
}

let open: Warehouse | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

async function given(
  payments: Pay[],
  options: { settings?: IndicatorSettingsInput; classifications?: string[]; firms?: [string, string, number][]; respend?: string } = {},
) {
  const w = await openDatabase(':memory:', { mode: 'read_write' });
  open = w;
  await migrate(w);
  let line = 2;
  for (const p of payments) {
    await w.run(
      `insert into raw.ap_transactions (run_id, load_id, anchor_id, source_file_id, source_file, source_line, payment_date,
         amount_pence, supplier_name, is_redacted, company_number, supplier_postcode, expense_type, category, is_procurement_card, is_vcse_flagged)
       values ('r', 'l', $1, 'f-' || $1, 'f.csv', $2, $3::date, $4, $5, false, $6, $7, $8, $9, $10, $11)`,
      [p.anchor ?? 'preston-council', line++, p.date ?? '2016-06-01', p.pence, p.supplier ?? 'ACME LTD', p.company ?? null,
        p.postcode === undefined ? 'PR1 1AA' : p.postcode, p.expense_type ?? null, p.category ?? null, p.pcard ?? false, p.vcse ?? null],
    );
  }
  for (const [postcode, [lad, region, country, decile]] of Object.entries(postcodes)) {
    await w.run(
      `insert into raw.postcode_locations (postcode, status, lad_code, region_code, country_code, imd_decile, imd_nation, located_at)
       values ($1, $2, $3, $4, $5, $6, 'E', current_timestamp)`,
      [postcode, lad ? 'located' : 'no_area', lad, region, country, decile],
    );
  }
  for (const sql of options.classifications ?? []) await w.run(`insert into raw.supplier_classifications ${sql}`);
  for (const [lad, section, firms] of options.firms ?? []) {
    await w.run('insert into raw.registered_firms values ($1, $2, $3, null)', [lad, section, firms]);
  }
  if (options.respend) {
    const dir = await mkdtemp(join(tmpdir(), 'cwb-respend-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'rates.csv'), options.respend);
    await replaceRespendRates(w, join(dir, 'rates.csv'));
  }
  await buildModels(w, anchors, { partnerships, geographies, settings: options.settings ?? {} });
  return w;
}

async function figures(w: Warehouse, where: string) {
  const { rows } = await w.json(
    `select metric, entity_id, period, place, value, numerator, denominator, coverage from metrics.indicators
     where ${where} order by metric, entity_id, period, place`,
  );
  return rows;
}

describe('exclusions', () => {
  const ledger: Pay[] = [
    { pence: 100_00, supplier: 'HM REVENUE & CUSTOMS' },
    { pence: 200_00, supplier: 'LANCASHIRE COUNTY PENSION FUND' },
    { pence: 300_00, supplier: 'ACME LTD', expense_type: 'Salaries - Basic Pay' },
    { pence: 400_00, supplier: 'CHORLEY BOROUGH COUNCIL' },
    { pence: 500_00, supplier: 'Preston Youth Trust', expense_type: 'Grants to voluntary organisations' },
    { pence: 600_00, supplier: 'TESCO STORES', pcard: true },
    { pence: 1000_00, supplier: 'ACME LTD', expense_type: 'Building repairs' },
  ];

  it('flags each payment instead of deleting it, and influenceable spend is the unflagged rest', async () => {
    const w = await given(ledger);
    const { rows } = await w.json(
      `select supplier_name, is_tax_payment as tax, is_pension_payment as pension, is_payroll_payment as payroll,
              is_public_body_payment as public_body, is_grant_payment as grant_, is_procurement_card_payment as pcard,
              is_influenceable, exclusion_reason
       from marts.fct_ap_payments order by source_line`,
    );
    expect(rows.map((r) => r.exclusion_reason)).toEqual(['tax', 'pension', 'payroll', 'public_body', 'grant', 'procurement_card', null]);
    expect(rows.map((r) => r.is_influenceable)).toEqual([false, false, false, false, false, false, true]);
    const out = await figures(w, "metric in ('total_spend', 'influenceable_spend', 'coverage_excluded') and entity_id = 'preston-council' and period_type = 'financial_year'");
    expect(out).toEqual([
      { metric: 'coverage_excluded', entity_id: 'preston-council', period: '2016-17', place: 'all', value: 0.677419, numerator: 2100, denominator: 3100, coverage: null },
      { metric: 'influenceable_spend', entity_id: 'preston-council', period: '2016-17', place: 'all', value: 1000, numerator: 1000, denominator: 3100, coverage: null },
      { metric: 'total_spend', entity_id: 'preston-council', period: '2016-17', place: 'all', value: 3100, numerator: 3100, denominator: null, coverage: null },
    ]);
  });

  it('is configurable: extra rules, replaced defaults, and flags kept as influenceable', async () => {
    const w = await given(ledger, {
      settings: {
        exclusions: {
          influenceable_flags: ['grant'],
          rules: [{ id: 'repairs', flag: 'public_body', label: 'test rule', expense_type: ['REPAIRS'] }],
        },
      },
    });
    const [row] = await figures(w, "metric = 'influenceable_spend' and entity_id = 'preston-council' and period_type = 'financial_year'");
    expect(row?.value).toBe(500); // the grant is back in; repairs now excluded
    const rules = await w.all<{ n: bigint }>('select count(*) as n from raw.exclusion_rules');
    expect(rules[0]?.n).toBe(7n);
  });
});

describe('location bands and places', () => {
  const ledger: Pay[] = [
    { pence: 100_00, postcode: 'PR1 1AA' },
    { pence: 200_00, postcode: 'PR7 1AA' },
    { pence: 300_00, postcode: 'M1 1AA' },
    { pence: 400_00, postcode: 'LS1 1AA' },
    { pence: 500_00, postcode: 'CF10 1AA' },
    { pence: 600_00, postcode: 'JE2 3AA' },
    { pence: 700_00, postcode: null },
    { pence: 1000_00, postcode: 'PR1 1AA', anchor: 'lancs-police', date: '2016-10-03' },
  ];

  it('puts every payment in exactly one band, nearest first, and keeps unknown', async () => {
    const w = await given(ledger);
    const out = await figures(w, "metric = 'spend_in_place' and entity_id = 'preston-council' and period_type = 'financial_year'");
    expect(out.map((r) => [r.place, r.value])).toEqual([
      ['cluster', 200], ['home', 100], ['nation', 400], ['outside_uk', 600], ['region', 300], ['rest_of_uk', 500], ['unknown', 700],
    ]);
    expect(out.every((r) => r.denominator === 2800 && r.coverage === 0.75)).toBe(true);
  });

  it('nests places cumulatively, names them, and rolls anchors up to the partnership and to quarters and months', async () => {
    const w = await given(ledger);
    const within = await w.json(
      `select place, place_name, value from metrics.share_within_place
       where entity_id = 'preston-partnership' and period_type = 'financial_year' order by value`,
    );
    // partnership: 3800 in all; home 1100, cluster +200, region +300, nation +400, UK +500
    expect(within.rows).toEqual([
      { place: 'home', place_name: 'Preston', value: 0.289474 },
      { place: 'cluster', place_name: 'Lancashire', value: 0.342105 },
      { place: 'region', place_name: 'North West', value: 0.421053 },
      { place: 'nation', place_name: 'England', value: 0.526316 },
      { place: 'uk', place_name: 'United Kingdom', value: 0.657895 },
    ]);
    const periods = await figures(w, "metric = 'spend_within_place' and place = 'home' and entity_id = 'preston-partnership'");
    expect(periods.map((r) => [r.period, r.value])).toEqual([
      ['2016-06', 100], ['2016-10', 1000], ['2016-17', 1100], ['2016-17 Q1', 100], ['2016-17 Q3', 1000],
    ]);
  });

  it('reports spend by supplier local authority, unknown kept, adding up to influenceable spend', async () => {
    const w = await given(ledger);
    const out = await figures(w, "metric = 'spend_by_supplier_lad' and entity_id = 'preston-partnership' and period_type = 'financial_year'");
    expect(out.map((r) => [r.place, r.value])).toEqual([
      ['E07000118', 200], ['E07000123', 1100], ['E08000003', 300], ['E08000035', 400], ['W06000015', 500], ['unknown', 1300],
    ]);
    // Jersey has no LAD: its 600 is with the unlocated 700 under unknown, never dropped
    expect(out.every((r) => r.denominator === 3800)).toBe(true);
    const months = await figures(w, "metric = 'spend_by_supplier_lad' and entity_id = 'preston-council' and period_type = 'month' and place = 'E07000123'");
    expect(months.map((r) => [r.period, r.value, r.denominator])).toEqual([['2016-06', 100, 2800]]);
  });

  it('keeps the additive monthly fact equal to the payments', async () => {
    const w = await given(ledger);
    const [a] = await w.all<{ s: bigint; n: bigint }>('select sum(amount_pence) s, count(*) n from marts.fct_ap_payments');
    const [b] = await w.all<{ s: bigint; n: bigint }>('select sum(spend_pence)::bigint s, sum(payments)::bigint n from marts.fct_spend_monthly');
    expect(b).toEqual(a);
  });
});

describe('supplier classification metrics', () => {
  const classifications = [
    `(supplier_key, company_number, organisation_type, size_band, sic_codes, is_locally_owned)
     values ('GB-COH-00000001', '00000001', 'private', 'micro', ['43210 - Electrical installation'], true)`,
    `(supplier_key, company_number, organisation_type, size_band, sic_codes, is_locally_owned)
     values ('GB-COH-00000002', '00000002', 'private', 'large', ['62020'], false)`,
    `(supplier_key, organisation_type, size_band, sic_codes) values ('name:PRESTON YOUTH TRUST', 'vcse', 'small', ['88990'])`,
  ];
  const ledger: Pay[] = [
    { pence: 100_00, supplier: 'Sparks Ltd', company: '00000001', postcode: 'PR1 1AA' },
    { pence: 600_00, supplier: 'BigSoft PLC', company: '00000002', postcode: 'LS1 1AA', category: 'ICT' },
    { pence: 200_00, supplier: 'Preston Youth Trust', postcode: 'PR7 1AA' },
    { pence: 100_00, supplier: 'Unmatched Ltd', postcode: null, category: 'ICT' },
  ];

  it('reports deprivation, SME, micro, VCSE and locally owned spend with their coverage', async () => {
    const w = await given(ledger, { classifications });
    const out = await figures(
      w,
      "period_type = 'financial_year' and entity_id = 'preston-council' and metric in ('spend_most_deprived_10pct', 'spend_most_deprived_20pct', 'sme_spend', 'micro_spend', 'vcse_spend', 'locally_owned_spend', 'coverage_matched')",
    );
    expect(out.map((r) => [r.metric, r.value, r.numerator, r.coverage])).toEqual([
      ['coverage_matched', 0.9, 900, null],
      ['locally_owned_spend', 0.1, 100, 0.7],
      ['micro_spend', 0.1, 100, 0.9],
      ['sme_spend', 0.3, 300, 0.9],
      ['spend_most_deprived_10pct', 0.1, 100, 0.9],
      ['spend_most_deprived_20pct', 0.3, 300, 0.9],
      ['vcse_spend', 0.2, 200, 0.9],
    ]);
  });

  it('derives locally owned spend per anchor from the ownership chain or the registered office', async () => {
    const owned = [
      // no corporate parent, registered office in Preston (home): locally owned
      `(supplier_key, company_number, organisation_type, registered_postcode) values ('GB-COH-00000011', '00000011', 'private', 'PR1 1AA')`,
      // parent known but not located (e.g. overseas register): unknown
      `(supplier_key, company_number, organisation_type, registered_postcode, ultimate_owner) values ('GB-COH-00000012', '00000012', 'private', 'PR7 1AA', 'Alphabet, Inc.')`,
      // office in Preston but controlled from Leeds: not locally owned
      `(supplier_key, company_number, organisation_type, registered_postcode, ultimate_owner, ultimate_owner_lad_code) values ('GB-COH-00000013', '00000013', 'private', 'PR1 1AA', 'Leeds Holdings Ltd', 'E08000035')`,
      // office in Chorley, controlled from Preston: locally owned
      `(supplier_key, company_number, organisation_type, registered_postcode, ultimate_owner, ultimate_owner_lad_code) values ('GB-COH-00000014', '00000014', 'private', 'PR7 1AA', 'Preston Group Ltd', 'E07000123')`,
    ];
    const w = await given(
      [
        { pence: 100_00, supplier: 'Preston Widgets Ltd', company: '00000011', postcode: null },
        { pence: 200_00, supplier: 'Branch Co Ltd', company: '00000012', postcode: null },
        { pence: 300_00, supplier: 'Subsidiary Ltd', company: '00000013', postcode: null },
        { pence: 400_00, supplier: 'Chorley Sub Ltd', company: '00000014', postcode: null },
      ],
      { classifications: owned },
    );
    const out = await figures(w, "period_type = 'financial_year' and entity_id = 'preston-council' and metric = 'locally_owned_spend'");
    // numerator 100 + 400; coverage: ownership known for 100 + 300 + 400 of 1,000
    expect(out.map((r) => [r.value, r.numerator, r.coverage])).toEqual([[0.5, 500, 0.8]]);
    const located = await w.all<{ location_method: string; n: bigint }>(
      'select location_method, count(*) n from marts.fct_ap_payments group by all',
    );
    expect(located).toEqual([{ location_method: 'registered_office', n: 4n }]);
  });

  it('counts only matches at or above indicators.min_match_confidence, keeping the evidence', async () => {
    const matches = [
      // a name match at 0.91 (just above the matcher's threshold) and one at 0.97, both VCSE; an identifier match at 0.99
      `(supplier_key, org_id, company_number, organisation_type, match_method, match_confidence, match_evidence) values ('name:HOSPICE A', 'GB-CHC-1', null, 'vcse', 'exact_name', 0.91, 'exact_name; exact.bare_two_words_unique')`,
      `(supplier_key, org_id, company_number, organisation_type, match_method, match_confidence, match_evidence) values ('name:HOSPICE B', 'GB-CHC-2', null, 'vcse', 'fuzzy_name', 0.97, 'fuzzy_name; fuzzy.token_overlap=1.00')`,
      `(supplier_key, org_id, company_number, organisation_type, match_method, match_confidence, match_evidence) values ('GB-COH-00000021', 'GB-COH-00000021', '00000021', 'vcse', 'company_number', 0.99, 'company_number; identifier.company_number')`,
    ];
    const ledgerRows = [
      { pence: 100_00, supplier: 'Hospice A', postcode: null },
      { pence: 200_00, supplier: 'Hospice B', postcode: null },
      { pence: 300_00, supplier: 'Care Trust', company: '00000021', postcode: null },
      { pence: 400_00, supplier: 'Unmatched Ltd', postcode: null },
    ];
    const vcse = async (settings: IndicatorSettingsInput) => {
      const w = await given(ledgerRows, { classifications: matches, settings });
      const [row] = await figures(w, "period_type = 'financial_year' and entity_id = 'preston-council' and metric = 'vcse_spend'");
      const suppliers = await w.all<{ supplier_key: string; is_matched: boolean; match_evidence: string | null }>(
        "select supplier_key, is_matched, match_evidence from marts.dim_suppliers where supplier_key like 'name:HOSPICE%' order by 1",
      );
      open?.close();
      open = null;
      return { value: row?.value, numerator: row?.numerator, suppliers };
    };
    const all = await vcse({});
    expect([all.value, all.numerator]).toEqual([0.6, 600]);
    expect(all.suppliers).toEqual([
      { supplier_key: 'name:HOSPICE A', is_matched: true, match_evidence: 'exact_name; exact.bare_two_words_unique' },
      { supplier_key: 'name:HOSPICE B', is_matched: true, match_evidence: 'fuzzy_name; fuzzy.token_overlap=1.00' },
    ]);
    const confident = await vcse({ min_match_confidence: 0.95 });
    // the 0.91 name match no longer counts; the 0.97 name match and the identifier match do
    expect([confident.value, confident.numerator]).toEqual([0.5, 500]);
    expect(confident.suppliers.map((s) => [s.supplier_key, s.is_matched])).toEqual([['name:HOSPICE A', false], ['name:HOSPICE B', true]]);
  });

  it('ranks the top N suppliers with location and classification, per entity and period', async () => {
    const w = await given(ledger, { classifications, settings: { top_suppliers: 2 } });
    const { rows } = await w.json(
      `select entity_id, rank, supplier_name, location_band, location_place_name, size_band, sic_section, spend_gbp, share_of_spend
       from metrics.top_suppliers where period_type = 'financial_year' order by entity_id, rank`,
    );
    expect(rows).toEqual([
      { entity_id: 'preston-council', rank: '1', supplier_name: 'BigSoft PLC', location_band: 'nation', location_place_name: 'England', size_band: 'large', sic_section: 'J', spend_gbp: '600.00', share_of_spend: 0.6 },
      { entity_id: 'preston-council', rank: '2', supplier_name: 'Preston Youth Trust', location_band: 'cluster', location_place_name: 'Lancashire', size_band: 'small', sic_section: 'Q', spend_gbp: '200.00', share_of_spend: 0.2 },
      { entity_id: 'preston-partnership', rank: '1', supplier_name: 'BigSoft PLC', location_band: 'nation', location_place_name: 'England', size_band: 'large', sic_section: 'J', spend_gbp: '600.00', share_of_spend: 0.6 },
      { entity_id: 'preston-partnership', rank: '2', supplier_name: 'Preston Youth Trust', location_band: 'cluster', location_place_name: 'Lancashire', size_band: 'small', sic_section: 'Q', spend_gbp: '200.00', share_of_spend: 0.2 },
    ]);
  });

  it('ranks leakage by category and sector, with the home area\'s registered firms in the sector', async () => {
    const w = await given(ledger, { classifications, firms: [['E07000123', 'J', 42], ['E07000118', 'J', 7]] });
    const { rows } = await w.json(
      `select dimension, rank, item, non_local_spend_gbp, spend_gbp, local_firms_in_sector from metrics.leakage
       where entity_id = 'preston-council' and period_type = 'financial_year' and rank = 1 order by dimension`,
    );
    expect(rows).toEqual([
      { dimension: 'category', rank: '1', item: 'ICT', non_local_spend_gbp: '600.00', spend_gbp: '700.00', local_firms_in_sector: null },
      { dimension: 'sector', rank: '1', item: 'Information and communication', non_local_spend_gbp: '600.00', spend_gbp: '600.00', local_firms_in_sector: 42 },
    ]);
  });
});

describe('LM3 and change against the baseline', () => {
  it('estimates LM3 from supplier, category and default re-spend rates', async () => {
    const w = await given(
      [
        { pence: 100_00, supplier: 'Local Bakery', category: 'Catering' },
        { pence: 100_00, supplier: 'Sparks Ltd', category: 'Repairs' },
        { pence: 100_00, supplier: 'Other Ltd', category: 'Other' },
      ],
      { respend: 'scope,key,round2_local_share,round3_local_share\nsupplier,name:LOCAL BAKERY,0.5,0.4\ncategory,repairs,0.2,\n' },
    );
    const [lm3] = await figures(w, "metric = 'lm3_estimate' and entity_id = 'preston-council' and period_type = 'financial_year'");
    // R1 = 200 (two payments with a rate); R2 = 50 + 20; R3 = 50×0.4 + 20×0.2 = 24
    expect(lm3).toMatchObject({ value: 1.47, numerator: 294, denominator: 200, coverage: 0.666667 });
  });

  it('reports the change in pounds and percentage points against the configured baseline year', async () => {
    const w = await given(
      [
        { pence: 100_00, date: '2012-05-01', postcode: 'PR1 1AA' },
        { pence: 900_00, date: '2012-05-01', postcode: 'LS1 1AA' },
        { pence: 300_00, date: '2016-05-01', postcode: 'PR1 1AA' },
        { pence: 700_00, date: '2016-05-01', postcode: 'LS1 1AA' },
      ],
      { settings: { baseline_year: '2012-13' } },
    );
    const { rows } = await w.json(
      `select metric, period, value, numerator, denominator, unit, baseline_period from metrics.indicators
       where metric in ('share_within_place_change', 'spend_within_place_change') and place = 'home' and entity_id = 'preston-council'
       order by metric`,
    );
    expect(rows).toEqual([
      { metric: 'share_within_place_change', period: '2016-17', value: 20, numerator: 0.3, denominator: 0.1, unit: 'pp', baseline_period: '2012-13' },
      { metric: 'spend_within_place_change', period: '2016-17', value: 200, numerator: 300, denominator: 100, unit: 'gbp', baseline_period: '2012-13' },
    ]);
  });
});

describe('documentation and run history', () => {
  it('documents every metric view and its columns with COMMENT ON', async () => {
    const w = await given([{ pence: 1 }]);
    const views = await w.all<{ view_name: string; comment: string | null }>(
      "select view_name, comment from duckdb_views() where schema_name = 'metrics'",
    );
    for (const metric of metricCatalogue) {
      expect(views.find((v) => v.view_name === metric.name)?.comment).toContain(metric.label);
    }
    const [column] = await w.all<{ comment: string }>(
      "select comment from duckdb_columns() where schema_name = 'metrics' and table_name = 'share_within_place' and column_name = 'coverage'",
    );
    expect(column?.comment).toMatch(/Share of the population/);
    const [mart] = await w.all<{ comment: string }>("select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'fct_ap_payments'");
    expect(mart?.comment).toMatch(/^grain: one row per payment line/);
  });
});
