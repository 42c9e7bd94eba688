import { describe, expect, it } from 'vitest';
import { samplePath } from '@cwb/sample-data';
import { summariseFile, type IngestSummary } from '@cwb/connector-sdk';
import { transparencySpendConnector } from '../src/index';

/**
 * Every spend sample, read end to end. The figures were NOT taken from this parser: each was
 * computed by `test/hand-check.py` (python3 csv + Decimal, with each file's header line, columns and
 * date format written out by hand) and cross-checked against SOURCES.md (row counts, negatives,
 * redacted rows) and, where the publisher printed one, against the file's own total line:
 *  - Craven: the unlabelled last row `"726,583.94"` equals the 171 loaded rows' sum;
 *  - Lambeth: the footer `Total,…,40292334.84` equals the 3,155 loaded rows' sum (fused rows split);
 *  - Leeds 2013: the last row `104758470.9` equals the 9,574 loaded rows' sum to the penny's rounding.
 * `rows_read` counts non-blank records after the header (rows whose cells are all empty, or only
 * spaces/NBSP/`†`, are blank lines); preamble lines are not rows.
 */
interface Expected {
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  rows_skipped: number;
  amount_total: string;
  credits: number;
  redacted: number;
  date_min: string;
  date_max: string;
  mapping: string;
  encoding: string;
  header_line?: number;
  skip_reasons?: Record<string, number>;
  quarantine_reasons?: Record<string, number>;
  procurement_card?: number;
}

const EXPECTED: Record<string, Expected> = {
  // SOURCES: 1,956 rows, 81 negatives, ISO dates, ASCII.
  'spending/local_authority/calderdale_2022-08_odileeds_clean.csv': {
    rows_read: 1956, rows_loaded: 1956, rows_quarantined: 0, rows_skipped: 0,
    amount_total: '15901508.75', credits: 81, redacted: 0, date_min: '2022-08-01', date_max: '2022-08-31',
    mapping: 'calderdale', encoding: 'utf-8',
  },
  // SOURCES: 16,177 csv rows = 16,176 payments + a final all-commas blank line; 343 negatives;
  // 1,157 REDACTED PERSONAL DATA; 3,993 card rows (python csv: last column == 'Yes').
  'spending/local_authority/leeds_2020-06_windows1252.csv': {
    rows_read: 16176, rows_loaded: 16176, rows_quarantined: 0, rows_skipped: 0,
    amount_total: '104445727.45', credits: 343, redacted: 1157, date_min: '2020-02-25', date_max: '2020-06-30',
    mapping: 'leeds-2020', encoding: 'windows-1252', procurement_card: 3993,
  },
  // SOURCES: 9,575 csv rows = 9,574 payments + an unlabelled total `,,,,,,,,,104758470.9,,`; 115 negatives; 771 redacted.
  'spending/local_authority/leeds_2013-12.csv': {
    rows_read: 9575, rows_loaded: 9574, rows_quarantined: 0, rows_skipped: 1,
    amount_total: '104758470.89', credits: 115, redacted: 771, date_min: '2013-11-01', date_max: '2013-12-31',
    mapping: 'leeds-2013', encoding: 'utf-8', skip_reasons: { 'totals line': 1 },
  },
  // SOURCES: 172 records, the last an unlabelled grand total; 6 names are `*****` (redacted).
  'spending/local_authority/craven_dc_2017-03_windows1252.csv': {
    rows_read: 172, rows_loaded: 171, rows_quarantined: 0, rows_skipped: 1,
    amount_total: '726583.94', credits: 0, redacted: 6, date_min: '2017-03-01', date_max: '2017-03-31',
    mapping: 'craven', encoding: 'windows-1252', skip_reasons: { 'totals line': 1 },
  },
  // SOURCES: header on line 10, 3,155 transaction rows (638 with fused fields), a Total footer.
  'spending/local_authority/lambeth_2012-06_invoices_over_500.csv': {
    rows_read: 3156, rows_loaded: 3155, rows_quarantined: 0, rows_skipped: 1,
    amount_total: '40292334.84', credits: 0, redacted: 0, date_min: '2010-10-20', date_max: '2012-06-29',
    mapping: 'lambeth', encoding: 'utf-8', header_line: 10, skip_reasons: { 'totals line': 1 },
  },
  // SOURCES: 43 rows, `" £38,148.43 "` amounts, `07-SEP-2020 ` dates.
  'spending/nhs/kingston_hospital_2020-09_windows1252_pound.csv': {
    rows_read: 43, rows_loaded: 43, rows_quarantined: 0, rows_skipped: 0,
    amount_total: '5160814.91', credits: 0, redacted: 0, date_min: '2020-03-30', date_max: '2020-09-29',
    mapping: 'nhs-oracle-vendor-codes', encoding: 'windows-1252',
  },
  // SOURCES: 146 rows, US dates, 9 negatives.
  'spending/nhs/epsom_st_helier_2020-04_us_dates.csv': {
    rows_read: 146, rows_loaded: 146, rows_quarantined: 0, rows_skipped: 0,
    amount_total: '23427533.98', credits: 9, redacted: 0, date_min: '2020-04-30', date_max: '2020-04-30',
    mapping: 'central-government-25k', encoding: 'utf-8',
  },
  // SOURCES: 97 rows, mixed cp1252/Mac Roman bytes.
  'spending/nhs/chelsea_westminster_2021-01_mixed_cp1252_macroman.csv': {
    rows_read: 97, rows_loaded: 97, rows_quarantined: 0, rows_skipped: 0,
    amount_total: '16468787.03', credits: 0, redacted: 0, date_min: '2021-01-05', date_max: '2021-01-27',
    mapping: 'central-government-25k', encoding: 'mixed: windows-1252 + mac-roman',
  },
  // SOURCES: 321 rows, US dates, 20 negatives.
  'spending/nhs/nhs_barking_dagenham_ccg_2020-07_supplier_postcodes.csv': {
    rows_read: 321, rows_loaded: 321, rows_quarantined: 0, rows_skipped: 0,
    amount_total: '24676831.92', credits: 20, redacted: 0, date_min: '2020-07-31', date_max: '2020-07-31',
    mapping: 'central-government-25k', encoding: 'utf-8',
  },
  // SOURCES: 841 rows, 50 negatives; line 190 (Medtronic, 24/04/2020) has an empty Amount cell.
  'spending/nhs/royal_free_2020-q1_vat_numbers.csv': {
    rows_read: 841, rows_loaded: 840, rows_quarantined: 1, rows_skipped: 0,
    amount_total: '155843165.64', credits: 50, redacted: 0, date_min: '2020-04-03', date_max: '2020-07-03',
    mapping: 'nhs-quarterly-vat', encoding: 'utf-8 (BOM)', quarantine_reasons: { 'missing amount': 1 },
  },
};

async function summarise(relative: string, options: Record<string, unknown> = {}): Promise<IngestSummary> {
  const connector = transparencySpendConnector;
  const spec = connector.spec.parse({ path: samplePath(relative), ...options });
  const [file] = await connector.discover(spec);
  if (!file) throw new Error(`sample ${relative} not found`);
  const result = await summariseFile(connector, file, spec, { source_file: relative });
  if (result.kind !== 'read') throw new Error(`${relative} rejected: ${result.rejected.rejected}`);
  return result.summary;
}

describe('every spend sample, with hand-checked figures', () => {
  for (const [relative, expected] of Object.entries(EXPECTED)) {
    it(relative, async () => {
      const summary = await summarise(relative);
      expect(summary.rows_loaded + summary.rows_quarantined + summary.rows_skipped).toBe(summary.rows_read);
      expect({
        rows_read: summary.rows_read,
        rows_loaded: summary.rows_loaded,
        rows_quarantined: summary.rows_quarantined,
        rows_skipped: summary.rows_skipped,
        amount_total: summary.amount_total,
        credits: summary.credits,
        redacted: summary.redacted,
        date_min: summary.date_min,
        date_max: summary.date_max,
        mapping: summary.mapping,
        encoding: summary.encoding,
      }).toEqual({
        rows_read: expected.rows_read,
        rows_loaded: expected.rows_loaded,
        rows_quarantined: expected.rows_quarantined,
        rows_skipped: expected.rows_skipped,
        amount_total: expected.amount_total,
        credits: expected.credits,
        redacted: expected.redacted,
        date_min: expected.date_min,
        date_max: expected.date_max,
        mapping: expected.mapping,
        encoding: expected.encoding,
      });
      expect(summary.header_line).toBe(expected.header_line ?? 1);
      expect(summary.skip_reasons).toEqual(expected.skip_reasons ?? {});
      expect(summary.quarantine_reasons).toEqual(expected.quarantine_reasons ?? {});
      if (expected.procurement_card !== undefined) expect(summary.procurement_card).toBe(expected.procurement_card);
    });
  }
});
