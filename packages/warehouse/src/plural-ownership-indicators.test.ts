import { afterEach, describe, expect, it } from 'vitest';
import type { Anchor, Partnership } from '@cwb/contracts';
import { buildModels, migrate, openDatabase, ownershipForms, parseOwnershipForms, type AnchorGeography, type Warehouse } from './index';

// Given/expect tests of the plural-ownership metrics: a few organisations of the Co-operatives
// UK register and a Companies House extract (rows modelled on the real files: a society, a
// credit union live and one dead, a CIC in both registers, a co-op with a partial postcode),
// and payments to suppliers whose ownership form comes from a register, a match's
// CompanyCategory, or nothing.

const anchors: Anchor[] = [
  { id: 'sunderland-council', name: 'Sunderland City Council', type: 'council', home: { name: 'Sunderland', lad_codes: ['E08000024'] }, sources: [] },
  { id: 'powys-council', name: 'Powys County Council', type: 'council', home: { name: 'Powys', lad_codes: ['W06000023'] }, sources: [] },
];
const partnerships: Partnership[] = [{ id: 'north-and-wales', name: 'Sunderland and Powys', anchors: ['sunderland-council', 'powys-council'] }];
const geographies: AnchorGeography[] = [
  { anchor_id: 'sunderland-council', band: 'home', place_name: 'Sunderland', place_code: null, lad_code: 'E08000024' },
  { anchor_id: 'powys-council', band: 'home', place_name: 'Powys', place_code: null, lad_code: 'W06000023' },
];

type Org = [register: string, date: string, id: string, orgId: string | null, number: string | null, legalForm: string, ownership: string | null, postcode: string | null, live: boolean];
const organisations: Org[] = [
  ['coops_uk', '2017-06-30', 'R1', 'GB-MPR-4015CS', '4015CS', 'Society', 'Consumers', 'SR1 1AA', true], // a consumer co-op society: co_operative
  ['coops_uk', '2017-06-30', 'R2', 'GB-MPR-180C', '180C', 'Society', null, 'SR5 1QA', true], // credit union (FCA number ending in C)
  ['coops_uk', '2017-06-30', 'R3', 'GB-MPR-697C', '697C', 'Society', null, 'SR1 3HT', false], // a dead credit union: not counted
  ['coops_uk', '2017-06-30', 'R4', 'GB-COH-10058631', '10058631', 'Community Interest Company', 'Workers', 'SR1 1AA', true], // CIC, also at Companies House
  ['coops_uk', '2017-06-30', 'R5', 'GB-MPR-28218R', '28218R', 'Society', 'Consumers', null, true], // partial postcode (SR6 7): not located
  ['coops_uk', '2017-06-30', 'R6', 'GB-MPR-432C', '432C', 'Society', null, 'LD2 3EA', true], // a Powys credit union
  ['companies_house', '2021-01-01', '10058631', 'GB-COH-10058631', '10058631', 'Community Interest Company', null, 'SR1 1AA', true],
  ['companies_house', '2021-01-01', '00000001', 'GB-COH-00000001', '00000001', 'Private Limited Company', null, 'SR1 1AA', true],
  ['companies_house', '2021-01-01', '00000002', 'GB-COH-00000002', '00000002', 'Private Limited Company', null, 'SR5 1QA', true],
  ['companies_house', '2021-01-01', '00000003', 'GB-COH-00000003', '00000003', 'PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)', null, 'SR1 3HT', true],
  ['companies_house', '2021-01-01', '00000004', 'GB-COH-00000004', '00000004', 'Private Limited Company', null, 'SR1 3HT', false], // dissolved
  ['companies_house', '2021-01-01', '00000005', 'GB-COH-00000005', '00000005', 'Private Limited Company', null, 'M1 1AA', true], // Manchester
];

let open: Warehouse | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

type Payment = [name: string, pence: number, company: string | null, anchor?: string];
const payments: Payment[] = [
  ['SUNSHINE CO-OPERATIVE CIC', 100_00, '10058631'], // the ledger's company number is a register's org-id: CIC, plural
  ['ACME LTD', 200_00, null], // matched, CompanyCategory Private Limited Company: company
  ['WEARSIDE MUTUAL', 50_00, null], // matched, CompanyCategory Registered Society: mutual, plural
  ['SOMEONE UNKNOWN', 150_00, null], // unmatched: unknown
];
const matches: [key: string, orgId: string, category: string][] = [
  ['name:ACME', 'GB-COH-00000001', 'Private Limited Company'],
  ['name:WEARSIDE MUTUAL', 'GB-COH-IP000002', 'Registered Society'],
];

async function given({ ledger = payments, registers = organisations }: { ledger?: Payment[]; registers?: readonly Org[] } = {}): Promise<Warehouse> {
  const w = await openDatabase(':memory:', { mode: 'read_write' });
  open = w;
  await migrate(w);
  let line = 2;
  for (const [register, date, id, orgId, number, legalForm, ownership, postcode, live] of registers) {
    await w.run(
      `insert into raw.organisations (run_id, load_id, anchor_id, source_file_id, source_file, source_line, register, register_date, register_id,
         org_id, registered_number, name, legal_form, ownership_classification, postcode, is_live)
       values ('r', 'l', 'sunderland-council', $1, $1 || '.csv', $2, $1, $3::date, $4, $5, $6, 'Org ' || $4, $7, $8, $9, $10)`,
      [register, line++, date, id, orgId, number, legalForm, ownership, postcode, live],
    );
  }
  for (const [postcode, lad] of [['SR1 1AA', 'E08000024'], ['SR5 1QA', 'E08000024'], ['SR1 3HT', 'E08000024'], ['LD2 3EA', 'W06000023'], ['M1 1AA', 'E08000003']] as const) {
    await w.run(`insert into raw.postcode_locations (postcode, status, lad_code, located_at) values ($1, 'located', $2, current_timestamp)`, [postcode, lad]);
  }
  for (const [name, pence, company, anchor] of ledger) {
    await w.run(
      `insert into raw.ap_transactions (run_id, load_id, anchor_id, source_file_id, source_file, source_line, payment_date, amount_pence, supplier_name, is_redacted, company_number, is_procurement_card)
       values ('r', 'l', $5, 'pay', 'pay.csv', $1, '2021-06-01', $2, $3, false, $4, false)`,
      [line++, pence, name, company, anchor ?? 'sunderland-council'],
    );
  }
  for (const [key, orgId, category] of matches) {
    await w.run(
      `insert into raw.supplier_classifications (supplier_key, org_id, company_number, organisation_type, register_category, match_method, match_confidence)
       values ($1, $2, replace($2, 'GB-COH-', ''), 'private', $3, 'exact_name', 1)`,
      [key, orgId, category],
    );
  }
  await buildModels(w, anchors, { partnerships, geographies });
  return w;
}

describe('plural ownership metrics', () => {
  it('counts live organisations by one ownership form per place, per 1,000 registered firms, with the unlocated as the coverage gap', async () => {
    const w = await given();
    const { rows } = await w.json(
      `select metric, entity_id, period, place, place_name, category, value, numerator, denominator, coverage from metrics.indicators
       where metric like 'plural_%' and metric not like 'plural_ownership_spend%' and entity_id = 'sunderland-council' order by period, metric, category`,
    );
    const home = { entity_id: 'sunderland-council', place: 'home', place_name: 'Sunderland' };
    expect(rows).toEqual([
      // 2017-18 (the Co-operatives UK edition): R1 co-op, R2 credit union, R4 CIC in Sunderland; R5 not located; firms: the 4 live
      // companies of the (latest) Companies House register in Sunderland (the CIC, 00000001, 00000002, 00000003)
      { metric: 'plural_cics_per_1000_firms', period: '2017-18', category: 'all', value: 250, numerator: 1, denominator: 4, coverage: 0.75, ...home },
      { metric: 'plural_co_operatives_per_1000_firms', period: '2017-18', category: 'all', value: 250, numerator: 1, denominator: 4, coverage: 0.75, ...home },
      { metric: 'plural_credit_unions_per_1000_firms', period: '2017-18', category: 'all', value: 250, numerator: 1, denominator: 4, coverage: 0.75, ...home },
      { metric: 'plural_mutuals_per_1000_firms', period: '2017-18', category: 'all', value: 0, numerator: 0, denominator: 4, coverage: 0.75, ...home },
      { metric: 'plural_organisations_by_form', period: '2017-18', category: 'co_operative', value: 1, numerator: 1, denominator: 3, coverage: 0.75, ...home },
      { metric: 'plural_organisations_by_form', period: '2017-18', category: 'community_interest_company', value: 1, numerator: 1, denominator: 3, coverage: 0.75, ...home },
      { metric: 'plural_organisations_by_form', period: '2017-18', category: 'credit_union', value: 1, numerator: 1, denominator: 3, coverage: 0.75, ...home },
      // 2020-21 (the Companies House extract): the CIC keeps its form (the Co-operatives UK rule comes first), 3 companies
      { metric: 'plural_cics_per_1000_firms', period: '2020-21', category: 'all', value: 250, numerator: 1, denominator: 4, coverage: 1, ...home },
      { metric: 'plural_co_operatives_per_1000_firms', period: '2020-21', category: 'all', value: 0, numerator: 0, denominator: 4, coverage: 1, ...home },
      { metric: 'plural_credit_unions_per_1000_firms', period: '2020-21', category: 'all', value: 0, numerator: 0, denominator: 4, coverage: 1, ...home },
      { metric: 'plural_mutuals_per_1000_firms', period: '2020-21', category: 'all', value: 0, numerator: 0, denominator: 4, coverage: 1, ...home },
      { metric: 'plural_organisations_by_form', period: '2020-21', category: 'community_interest_company', value: 1, numerator: 1, denominator: 4, coverage: 1, ...home },
      { metric: 'plural_organisations_by_form', period: '2020-21', category: 'company', value: 3, numerator: 3, denominator: 4, coverage: 1, ...home },
    ]);
    // Powys: its credit union, but the Companies House extract has no company there, so its firm count is unknown
    // (never 0): no per-1,000 figure, coverage 0. The partnership's homes together: Sunderland's 4 firms are not
    // Powys's too, so its firm count is unknown as well (before: 2 credit unions over Sunderland's 4 firms, 500)
    const { rows: others } = await w.json(
      `select entity_id, place_name, metric, value, numerator, denominator, coverage from metrics.indicators
       where metric = 'plural_credit_unions_per_1000_firms' and period = '2017-18' and entity_id <> 'sunderland-council' order by entity_id`,
    );
    expect(others).toEqual([
      // coverage: Sunderland's 3 located organisations of the 4 + 2 its members' places count (each counts the unlocated R5):
      // only Sunderland's place has a firm count
      { entity_id: 'north-and-wales', place_name: 'Powys + Sunderland', metric: 'plural_credit_unions_per_1000_firms', value: null, numerator: 2, denominator: null, coverage: 0.5 },
      { entity_id: 'powys-council', place_name: 'Powys', metric: 'plural_credit_unions_per_1000_firms', value: null, numerator: 1, denominator: null, coverage: 0 },
    ]);
  });

  it('states the firm count as unknown, not 0, when no Companies House register is loaded', async () => {
    const w = await given({ registers: organisations.filter(([register]) => register !== 'companies_house') });
    const { rows } = await w.json(
      `select metric, value, numerator, denominator, coverage from metrics.indicators
       where metric like 'plural_%_per_1000_firms' and entity_id = 'sunderland-council' order by metric`,
    );
    expect(rows).toEqual([
      { metric: 'plural_cics_per_1000_firms', value: null, numerator: 1, denominator: null, coverage: 0 },
      { metric: 'plural_co_operatives_per_1000_firms', value: null, numerator: 1, denominator: null, coverage: 0 },
      { metric: 'plural_credit_unions_per_1000_firms', value: null, numerator: 1, denominator: null, coverage: 0 },
      { metric: 'plural_mutuals_per_1000_firms', value: null, numerator: 0, denominator: null, coverage: 0 },
    ]);
    const { rows: firms } = await w.json("select anchor_id, firms, has_firm_count from marts.fct_place_organisations where row_kind = 'registered_firms' order by anchor_id");
    expect(firms).toEqual([
      { anchor_id: 'powys-council', firms: null, has_firm_count: false },
      { anchor_id: 'sunderland-council', firms: null, has_firm_count: false },
    ]);
  });

  it("states each anchor's share of spend with plural-ownership suppliers, with the share whose form is known", async () => {
    const w = await given();
    const { rows } = await w.json(
      `select metric, category, value, numerator, denominator, coverage from metrics.indicators
       where metric like 'plural_ownership_spend%' and entity_id = 'sunderland-council' and period = '2021-22' order by metric, category`,
    );
    expect(rows).toEqual([
      { metric: 'plural_ownership_spend_by_form', category: 'community_interest_company', value: 100, numerator: 100, denominator: 500, coverage: 0.7 },
      { metric: 'plural_ownership_spend_by_form', category: 'company', value: 200, numerator: 200, denominator: 500, coverage: 0.7 },
      { metric: 'plural_ownership_spend_by_form', category: 'mutual', value: 50, numerator: 50, denominator: 500, coverage: 0.7 },
      { metric: 'plural_ownership_spend_by_form', category: 'unknown', value: 150, numerator: 150, denominator: 500, coverage: 0.7 },
      // (100 + 50) / 500; coverage (100 + 200 + 50) / 500
      { metric: 'plural_ownership_spend_share', category: 'all', value: 0.3, numerator: 150, denominator: 500, coverage: 0.7 },
    ]);
    const { rows: bases } = await w.json('select supplier_key, ownership_form, is_plural, ownership_form_basis from intermediate.int_suppliers_ownership_formed order by supplier_key');
    expect(bases).toContainEqual({ supplier_key: 'GB-COH-10058631', ownership_form: 'community_interest_company', is_plural: true, ownership_form_basis: 'register' });
    expect(bases).toContainEqual({ supplier_key: 'name:WEARSIDE MUTUAL', ownership_form: 'mutual', is_plural: true, ownership_form_basis: 'match' });
  });

  it("gives an unmatched supplier the form its name proves (a CIC), per anchor, only when no register or match gives one", async () => {
    // Spellings as the Calderdale 2019-20 ledger publishes its CICs (none with a company number).
    const w = await given({ ledger: [
      ['Locala Community Partnerships CIC', 620_739_34, null],
      ['Future Directions C.I.C.', 95_483_52, null],
      ['Inclusion Housing CIC Ltd', 2_158_44, null],
      ['Acme CIC', 10_00, null], // key ACME matched to 00000001, a company in the loaded register: the register's form wins
      ['Caerphilly CBC', 5_00, null], // a county borough council, not a CIC
      ['Mosaic Cleaning Ltd', 40_00, null], // no form
      ['Locala Community Partnerships', 30_00, null, 'powys-council'], // Powys never writes CIC: unknown there
    ] });
    const { rows } = await w.json(
      `select anchor_id, supplier_key, ownership_form, is_plural, ownership_form_basis, spend_pence::double as spend_pence from marts.fct_supplier_ownership_spend order by anchor_id, supplier_key`,
    );
    expect(rows).toEqual([
      { anchor_id: 'powys-council', supplier_key: 'name:LOCALA COMMUNITY PARTNERSHIPS', ownership_form: 'unknown', is_plural: null, ownership_form_basis: null, spend_pence: 30_00 },
      { anchor_id: 'sunderland-council', supplier_key: 'name:ACME', ownership_form: 'company', is_plural: false, ownership_form_basis: 'register', spend_pence: 10_00 },
      { anchor_id: 'sunderland-council', supplier_key: 'name:CAERPHILLY CBC', ownership_form: 'unknown', is_plural: null, ownership_form_basis: null, spend_pence: 5_00 },
      { anchor_id: 'sunderland-council', supplier_key: 'name:FUTURE DIRECTIONS C I C', ownership_form: 'community_interest_company', is_plural: true, ownership_form_basis: 'name', spend_pence: 95_483_52 },
      { anchor_id: 'sunderland-council', supplier_key: 'name:INCLUSION HOUSING', ownership_form: 'community_interest_company', is_plural: true, ownership_form_basis: 'name', spend_pence: 2_158_44 },
      { anchor_id: 'sunderland-council', supplier_key: 'name:LOCALA COMMUNITY PARTNERSHIPS', ownership_form: 'community_interest_company', is_plural: true, ownership_form_basis: 'name', spend_pence: 620_739_34 },
      { anchor_id: 'sunderland-council', supplier_key: 'name:MOSAIC CLEANING', ownership_form: 'unknown', is_plural: null, ownership_form_basis: null, spend_pence: 40_00 },
    ]);
    // The three CICs' pounds over the anchor's: (620,739.34 + 95,483.52 + 2,158.44) / (that + 10 + 5 + 40)
    const { rows: share } = await w.json(
      `select value, numerator, denominator from metrics.indicators where metric = 'plural_ownership_spend_share' and entity_id = 'sunderland-council' and period = '2021-22'`,
    );
    expect(share).toEqual([{ value: 0.999923 /* rounded to 6 places */, numerator: 718_381.3, denominator: 718_436.3 }]);
  });

  it('refuses an ownership-forms mapping whose rule names a form it does not define, or has no condition, or a bad pattern', () => {
    const text = (rules: string) => `forms:\n  co_operative: { label: Co-operative, plural: true }\nrules:\n${rules}`;
    expect(() => parseOwnershipForms(text('  - { form: coop, register: coops_uk }'), 'f.yaml')).toThrow(/f\.yaml: rules\.0\.form: form coop is not one of forms/);
    expect(() => parseOwnershipForms(text('  - { form: co_operative }'), 'f.yaml')).toThrow(/rules\.0: a rule needs at least one condition/);
    expect(() => parseOwnershipForms(text("  - { form: co_operative, legal_form: '(' }"), 'f.yaml')).toThrow(/not a valid regular expression/);
    expect(() => parseOwnershipForms(text("  - { form: co_operative, register: coops_uk, name: '.* CO-OP' }"), 'f.yaml')).toThrow(/rules\.0: a rule with a name condition can have no other condition/);
    expect(Object.entries(ownershipForms.forms).filter(([, f]) => f.plural).map(([name]) => name)).toEqual(['co_operative', 'credit_union', 'mutual', 'community_interest_company', 'employee_owned']);
  });
});
