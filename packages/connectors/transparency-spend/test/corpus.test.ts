import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { samplePath } from '@cwb/sample-data';
import { dryRunIngest, scoreCorpus } from '../src/index';

const folder = await mkdtemp(join(tmpdir(), 'cwb-corpus-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

async function readOne(path: string, extra: Record<string, unknown> = {}) {
  const [result] = await dryRunIngest({ path, ...extra });
  if (!result) throw new Error(`${path}: nothing read`);
  return result;
}

describe('real exports no mapping was written for (packages/sample-data/data/corpus)', () => {
  it('every file is read as the independent key says', async () => {
    const score = await scoreCorpus(samplePath('corpus'));
    const misses = score.files.filter((file) => file.verdict !== 'read').map((file) => `${file.file}: ${file.verdict} ${file.detail}`);
    expect(misses).toEqual([]);
    expect(score.files).toHaveLength(8);
  });

  it('Cabinet Office: a leading "#" row-number column and "Departmental Family" do not get in the way', async () => {
    const result = await readOne(samplePath('corpus/files/council/cabinetoffice/2022-07.csv'));
    expect(result).toMatchObject({ kind: 'read', summary: { mapping: 'inferred', rows_loaded: 318, amount_total: '43776522.32', rows_quarantined: 0 } });
  });

  it('Whittington: " Amount " padded with spaces and no department columns', async () => {
    const result = await readOne(samplePath('corpus/files/nhs/WHIT/WHIT 01 - April.csv'));
    expect(result).toMatchObject({ kind: 'read', summary: { mapping: 'inferred', rows_loaded: 42, amount_total: '5372049.72', date_order: expect.stringMatching(/^dmy/) } });
  });

  it('refuses what is not payments, with the reason, as before', async () => {
    for (const [file, reason] of [
      ['supplier-totals.csv', /supplier totals/],
      ['contracts-register.csv', /contracts register/],
      ['budget.csv', /budget/],
    ] as const) {
      const result = await readOne(new URL(`./fixtures/${file}`, import.meta.url).pathname);
      expect(result.kind === 'rejected' && result.rejected.rejected, file).toMatch(reason);
    }
  });
});

/** The headers as files, with values a publisher would put under them. */
describe('layouts quoted in the issue, read end to end', () => {
  const rows = [
    { date: '03/04/2024', supplier: 'Example Supplies Ltd', amount: '"1,250.00"', vat: '250.00', gross: '"1,500.00"' },
    { date: '15/04/2024', supplier: 'REDACTED PERSONAL DATA', amount: '310.50', vat: '0.00', gross: '310.50' },
    { date: '22/04/2024', supplier: 'Age UK Calderdale', amount: '(120.00)', vat: '-24.00', gross: '-144.00' },
  ];
  const cases: [string, string, (row: (typeof rows)[number], i: number) => string][] = [
    ['lgtc', 'Body Name,Date,Transaction Number,Supplier Name,Supplier Post Code,Expense Type,Amount', (r, i) => `Acme Council,${r.date},T${i},${r.supplier},HX1 1UJ,Supplies,${r.amount}`],
    ['council', 'Body Name,Service Area,Expenses Type,Invoice Payment Date,Transaction Number,Net Amount,Supplier Name', (r, i) => `Acme Council,Highways,Supplies,${r.date},T${i},${r.amount},${r.supplier}`],
    ['nhs-trust', 'Supplier,Department family,Date,Expense area,Expense type,Transaction Number,amount', (r, i) => `${r.supplier},Department of Health,${r.date},Estates,Supplies,T${i},${r.amount}`],
    ['gross-vat-net', 'Authority Name,Date of Payment,Supplier Name,Gross,VAT,Net,Service', (r) => `Acme Council,${r.date},${r.supplier},${r.gross},${r.vat},${r.amount},Highways`],
    ['beneficiary', 'Payment Date,Amount,Organisational Unit,Beneficiary Name,Company Number,Charity Number', (r) => `${r.date},${r.amount},Adults,${r.supplier},3350709,`],
    ['typo', 'Department Family,Entuty,Date,Expense Type,Expense Area,Supplier,Transaction Number,Amount in Sterling £', (r, i) => `DH,Acme Trust,${r.date},Supplies,Estates,${r.supplier},T${i},${r.amount}`],
    ['preamble', 'Acme Council: payments over £500\nPublished 1 May 2024\n\nVendor ID,Vendor Name,Invoice GL Date,Spend,column 1', (r, i) => `V${i},${r.supplier},${r.date},${r.amount},`],
  ];
  it.each(cases)('%s', async (name, header, row) => {
    const path = join(folder, `${name}.csv`);
    await writeFile(path, `${header}\n${rows.map(row).join('\n')}\n`);
    const result = await readOne(path);
    expect(result).toMatchObject({
      kind: 'read',
      summary: { mapping: 'inferred', rows_loaded: 3, rows_quarantined: 0, amount_total: '1440.50', redacted: 1, credits: 1, date_min: '2024-04-03', date_max: '2024-04-22' },
    });
  });
});

describe('XLSX as trusts publish it', () => {
  it('several sheets, a title and merged cells above the header, serial dates, formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('Notes');
    notes.addRow(['This workbook lists payments over £25,000.']);
    notes.addRow(['Contact', 'finance@example.nhs.uk']);
    const sheet = workbook.addWorksheet('Spend');
    sheet.addRow(['Example NHS Trust: expenditure over £25k, April 2024']);
    sheet.mergeCells('A1:F1');
    sheet.addRow([]);
    sheet.addRow(['Department Family', 'Entity', 'Date', 'Supplier', 'Expense Type', 'Amount (£)']);
    // 45385 is Excel's serial for 2024-04-03 (day 0 is 1899-12-30), stored as a plain number.
    sheet.addRow(['Department of Health', 'Example Trust', 45385, 'Example Supplies Ltd', 'Drugs', 30000.1]);
    const dated = sheet.addRow(['Department of Health', 'Example Trust', new Date(Date.UTC(2024, 3, 15)), 'Age UK Calderdale', 'Grants', 25000]);
    dated.getCell(3).numFmt = 'dd/mm/yyyy';
    sheet.addRow(['Department of Health', 'Example Trust', '22/04/2024', 'Example Supplies Ltd', 'Drugs', { formula: 'F4*2', result: 60000.2 }]);
    sheet.addRow(['Total', '', '', '', '', { formula: 'SUM(F4:F6)', result: 115000.3 }]);
    const path = join(folder, 'trust.xlsx');
    await workbook.xlsx.writeFile(path);
    const result = await readOne(path);
    expect(result).toMatchObject({
      kind: 'read',
      summary: { rows_loaded: 3, rows_skipped: 1, amount_total: '115000.30', date_min: '2024-04-03', date_max: '2024-04-22', header_line: 3 },
    });
  });

  it('a workbook that is not a workbook is refused with the reason, never a crash', async () => {
    const path = join(folder, 'broken.xlsx');
    await writeFile(path, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    const result = await readOne(path);
    expect(result.kind).toBe('rejected');
    expect(result.kind === 'rejected' && result.rejected.rejected).toMatch(/XLSX|workbook/);
  });

  it('a workbook with no payments sheet names each sheet and why', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['About', 'this file']);
    const totals = workbook.addWorksheet('Totals');
    totals.addRow(['Supplier', 'Total Spend']);
    totals.addRow(['Example Supplies Ltd', 1000]);
    const path = join(folder, 'no-payments.xlsx');
    await workbook.xlsx.writeFile(path);
    const result = await readOne(path);
    expect(result.kind === 'rejected' && result.rejected.rejected).toMatch(/no sheet holds payments \(sheet "Notes": .*; sheet "Totals": looks like supplier totals/);
  });
});
