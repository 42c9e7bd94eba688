import { afterEach, describe, expect, it } from 'vitest';
import type { Anchor } from '@cwb/contracts';
import { buildModels, migrate, openDatabase, type Warehouse } from './index';

// Given/expect tests for the SQL models: small raw inputs, exact expected outputs.

const anchors: Anchor[] = [
  { id: 'sunderland', name: 'Sunderland CC', type: 'council', home: { name: 'Sunderland', lad_codes: ['E08000024'] }, sources: [] },
  { id: 'powys', name: 'Powys CC', type: 'council', home: { name: 'Powys', lad_codes: ['W06000023'] }, sources: [] },
];

let open: Warehouse | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

async function given(payments: [anchor: string, date: string, pence: number, postcode: string | null, name?: string][], postcodes: [string, string, string | null][]) {
  const w = await openDatabase(':memory:', { mode: 'read_write' });
  open = w;
  await migrate(w);
  let line = 2;
  for (const [anchor, date, pence, postcode, name = 'S'] of payments) {
    await w.run(
      `insert into raw.ap_transactions (run_id, load_id, anchor_id, source_file_id, source_file, source_line, payment_date,
         amount_pence, supplier_name, is_redacted, supplier_postcode, is_procurement_card)
       values ('r', 'l', $1, 'f-' || $1, 'f.csv', $2, $3::date, $4, $6, false, $5, false)`,
      [anchor, line++, date, pence, postcode, name],
    );
  }
  for (const [postcode, status, lad] of postcodes) {
    await w.run(
      `insert into raw.postcode_locations (postcode, status, lad_code, located_at) values ($1, $2, $3, current_timestamp)`,
      [postcode, status, lad],
    );
  }
  await buildModels(w, anchors);
  return w;
}

describe('marts.dim_dates', () => {
  it('labels UK financial years April to March, with quarter 1 = April to June', async () => {
    const w = await given([['sunderland', '2021-03-31', 100, null], ['sunderland', '2021-04-01', 100, null]], []);
    const rows = await w.json(
      `select strftime(date_day, '%Y-%m-%d') as d, financial_year, financial_quarter from marts.dim_dates
       where date_day in ('2020-04-01', '2020-06-30', '2020-07-01', '2021-03-31', '2021-04-01', '2022-03-31') order by date_day`,
    );
    expect(rows.rows).toEqual([
      { d: '2020-04-01', financial_year: '2020-21', financial_quarter: 1 },
      { d: '2020-06-30', financial_year: '2020-21', financial_quarter: 1 },
      { d: '2020-07-01', financial_year: '2020-21', financial_quarter: 2 },
      { d: '2021-03-31', financial_year: '2020-21', financial_quarter: 4 },
      { d: '2021-04-01', financial_year: '2021-22', financial_quarter: 1 },
      { d: '2022-03-31', financial_year: '2021-22', financial_quarter: 4 },
    ]);
  });
});

describe('marts.dim_suppliers', () => {
  it('combines the per-anchor summaries into what one aggregate over every payment gives', async () => {
    // One supplier (key name:S) paid by both anchors under two spellings of its name.
    const w = await given(
      [
        ['sunderland', '2020-06-01', 60_000, 'SR1 1AA', 'S Ltd'],
        ['sunderland', '2020-06-02', -90_000, null, 'S Limited'], // largest by absolute amount: names the supplier, not located
        ['powys', '2020-05-01', 70_000, 'LD1 5AA', 'S Ltd'], // largest located payment: places the supplier
        ['powys', '2021-01-31', 20_000, 'ZZ1 1ZZ', 'S Ltd'],
      ],
      [
        ['SR1 1AA', 'located', 'E08000024'],
        ['LD1 5AA', 'located', 'W06000023'],
        ['ZZ1 1ZZ', 'not_in_reference', null],
      ],
    );
    const { rows } = await w.json(
      `select supplier_key, supplier_name, postcode, lad_code, anchors, payments, spend_pence,
              strftime(first_payment_date, '%Y-%m-%d') as first_payment, strftime(last_payment_date, '%Y-%m-%d') as last_payment
       from marts.dim_suppliers`,
    );
    expect(rows).toEqual([
      {
        supplier_key: 'name:S', supplier_name: 'S Limited', postcode: 'LD1 5AA', lad_code: 'W06000023',
        anchors: '2', payments: '4', spend_pence: '60000', first_payment: '2020-05-01', last_payment: '2021-01-31',
      },
    ]);
  });
});

describe('metrics.local_spend_by_financial_year', () => {
  it('splits spend into home, outside and unknown bands, nets credits and keeps unknown', async () => {
    const w = await given(
      [
        ['sunderland', '2020-06-01', 60_000, 'SR1 1AA'], // home
        ['sunderland', '2020-06-02', -10_000, 'SR1 1AA'], // credit note, home
        ['sunderland', '2020-06-03', 30_000, 'LD1 5AA'], // located in Powys: outside
        ['sunderland', '2020-06-04', 15_000, null], // no postcode: unknown
        ['sunderland', '2020-06-05', 5_000, 'SR43 2AA'], // no-area postcode: unknown
        ['sunderland', '2020-06-06', 50_000, 'ZZ1 1ZZ'], // not in reference: unknown
        ['powys', '2021-05-01', 25_000, 'LD1 5AA'], // home for Powys
      ],
      [
        ['SR1 1AA', 'located', 'E08000024'],
        ['LD1 5AA', 'located', 'W06000023'],
        ['SR43 2AA', 'no_area', null],
        ['ZZ1 1ZZ', 'not_in_reference', null],
      ],
    );
    const { rows } = await w.json(
      `select anchor_id, financial_year, location_band, spend_gbp, total_spend_gbp, payments, share_of_spend
       from metrics.local_spend_by_financial_year order by anchor_id, location_band`,
    );
    expect(rows).toEqual([
      { anchor_id: 'powys', financial_year: '2021-22', location_band: 'home_area', spend_gbp: '250.00', total_spend_gbp: '250.00', payments: '1', share_of_spend: 1 },
      { anchor_id: 'powys', financial_year: '2021-22', location_band: 'outside_home_area', spend_gbp: '0.00', total_spend_gbp: '250.00', payments: '0', share_of_spend: 0 },
      { anchor_id: 'powys', financial_year: '2021-22', location_band: 'unknown_location', spend_gbp: '0.00', total_spend_gbp: '250.00', payments: '0', share_of_spend: 0 },
      { anchor_id: 'sunderland', financial_year: '2020-21', location_band: 'home_area', spend_gbp: '500.00', total_spend_gbp: '1500.00', payments: '2', share_of_spend: 0.333333 },
      { anchor_id: 'sunderland', financial_year: '2020-21', location_band: 'outside_home_area', spend_gbp: '300.00', total_spend_gbp: '1500.00', payments: '1', share_of_spend: 0.2 },
      { anchor_id: 'sunderland', financial_year: '2020-21', location_band: 'unknown_location', spend_gbp: '700.00', total_spend_gbp: '1500.00', payments: '3', share_of_spend: 0.466667 },
    ]);
  });

  it('keeps every payment in fct_ap_payments (no row lost to the joins)', async () => {
    const w = await given(
      [['sunderland', '2019-04-01', 1, 'SR1 1AA'], ['powys', '2023-03-31', 2, null], ['sunderland', '2022-12-25', 3, 'XX']],
      [['SR1 1AA', 'located', 'E08000024']],
    );
    const [raw] = await w.all<{ n: bigint; s: bigint }>('select count(*) n, sum(amount_pence) s from raw.ap_transactions');
    const [fct] = await w.all<{ n: bigint; s: bigint }>('select count(*) n, sum(amount_pence) s from marts.fct_ap_payments');
    expect(fct).toEqual(raw);
    expect(fct?.n).toBe(3n);
  });
});

describe('buildModels', () => {
  it('rebuilds over an earlier build, including a model whose materialization changed', async () => {
    const w = await given([['sunderland', '2020-06-01', 100, null]], []);
    await w.run('drop table marts.dim_anchors; create view marts.dim_anchors as select 1 as x');
    await buildModels(w, anchors);
    await buildModels(w, anchors);
    const [row] = await w.all<{ n: bigint }>('select count(*) n from marts.dim_anchors');
    expect(row?.n).toBe(2n);
  });
});
