import { fileURLToPath } from 'node:url';
import { samplePath } from '@cwb/sample-data';
import { describeConformance } from '@cwb/connector-sdk/conformance';
import { transparencySpendConnector } from '../src/index';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const golden = (name: string) => fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));

const SAMPLES = [
  'spending/local_authority/calderdale_2022-08_odileeds_clean.csv',
  'spending/local_authority/craven_dc_2017-03_windows1252.csv',
  'spending/local_authority/lambeth_2012-06_invoices_over_500.csv',
  'spending/local_authority/leeds_2013-12.csv',
  'spending/local_authority/leeds_2020-06_windows1252.csv',
  'spending/nhs/chelsea_westminster_2021-01_mixed_cp1252_macroman.csv',
  'spending/nhs/epsom_st_helier_2020-04_us_dates.csv',
  'spending/nhs/kingston_hospital_2020-09_windows1252_pound.csv',
  'spending/nhs/nhs_barking_dagenham_ccg_2020-07_supplier_postcodes.csv',
  'spending/nhs/royal_free_2020-q1_vat_numbers.csv',
];

describeConformance({
  connector: transparencySpendConnector,
  valid_configs: [
    { path: 'exports/*.csv' },
    { path: 'https://example.org/spend.csv', mapping: 'leeds-2020', date_order: 'dmy', on_bad_row: 'halt' },
    { path: 'book.xlsx', sheet: 'Payments', encoding: 'windows-1252', delimiter: ';', batch_size: 100 },
  ],
  invalid_configs: [
    { config: {}, problem: /path/ },
    { config: { path: '' }, problem: /path is required/ },
    { config: { path: 'a.csv', on_bad_row: 'ignore' }, problem: /on_bad_row/ },
    { config: { path: 'a.csv', date_order: 'ymd' }, problem: /date_order/ },
    { config: { path: 'a.csv', delimiter: ';;' }, problem: /single character/ },
    { config: { path: 'a.csv', batch_size: 0 }, problem: /batch_size/ },
    { config: { path: 'a.csv', mappings: 'x' }, problem: /mappings/ },
  ],
  samples: SAMPLES.map((relative) => ({
    name: relative,
    config: { path: samplePath(relative) },
    golden: golden(relative.split('/').pop()!.replace(/\.csv$/, '')),
  })),
  bad_row: { config: { path: fixture('bad-rows.csv') }, reason: 'unparseable amount' },
  rejected: [
    { name: 'a supplier-totals file', config: { path: fixture('supplier-totals.csv') }, reason: /supplier totals/ },
    { name: 'a contracts register', config: { path: fixture('contracts-register.csv') }, reason: /contracts register/ },
    { name: 'a budget file', config: { path: fixture('budget.csv') }, reason: /budget/ },
    { name: 'a file with undecidable dates', config: { path: fixture('ambiguous-dates.csv') }, reason: /ambiguous dates/ },
  ],
});
