import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StagedApTransaction } from '@cwb/contracts';
import { samplePath } from '@cwb/sample-data';
import { FileRejectedError, summariseFile, type ReadBatch } from '@cwb/connector-sdk';
import { transparencySpendConnector as connector } from '../src/index';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function readAll(path: string, options: Record<string, unknown> = {}) {
  const spec = connector.spec.parse({ path, ...options });
  const [file] = await connector.discover(spec);
  const batches: ReadBatch[] = [];
  for await (const batch of connector.read(file!, spec, { load_id: 'L', anchor_id: 'A', source_file: path })) batches.push(batch);
  const rows = batches.flatMap((batch) => batch.rows);
  const byLine = new Map<number, StagedApTransaction>(rows.map((row) => [row.source_line, row]));
  return {
    batches,
    rows,
    byLine,
    quarantined: batches.flatMap((batch) => batch.quarantined),
    skipped: batches.flatMap((batch) => batch.skipped),
    notes: batches.flatMap((batch) => batch.notes),
    facts: batches.at(-1)!.facts,
  };
}

describe('quirks in the real samples', () => {
  it('Kingston: vendor codes become supplier ids, and company numbers where the code holds one', async () => {
    const { rows } = await readAll(samplePath('spending/nhs/kingston_hospital_2020-09_windows1252_pound.csv'));
    expect(rows.find((row) => row.supplier_name === 'Optos PLC')?.company_number).toBe('SC139953');
    expect(rows.find((row) => row.supplier_name === 'SCCL T/A NHS Supply Chain ROARP')?.company_number).toBe('10881715');
    expect(rows.find((row) => row.supplier_name === 'HTS tentiQ GmbH')).toMatchObject({ company_number: null, supplier_id: 'HRB851100001' });
    // ` £38,148.43 ` and `07-SEP-2020 ` (line 2)
    expect(rows[0]).toMatchObject({ amount_pence: 3814843, payment_date: '2020-09-07', source_line: 2 });
    // 39 of the 43 rows carry a UK… vendor code holding a company number
    // (python: re.match(r'UK(\d{8}|[A-Z]{2}\d{6})\d\d : ', supplier) on 39 rows).
    expect(rows.filter((row) => row.company_number !== null)).toHaveLength(39);
  });

  it('Calderdale: company numbers padded to 8 (326 filled), VCSE flag Y on 165 rows', async () => {
    const { rows } = await readAll(samplePath('spending/local_authority/calderdale_2022-08_odileeds_clean.csv'));
    expect(rows.filter((row) => row.company_number !== null)).toHaveLength(326);
    expect(rows.every((row) => row.company_number === null || /^(\d{8}|NI\d{6})$/.test(row.company_number))).toBe(true);
    expect(rows.filter((row) => row.company_number === '04869035')).toHaveLength(22);
    expect(rows.filter((row) => row.is_vcse_flagged === true)).toHaveLength(165);
    expect(rows.filter((row) => row.vat_number !== null || row.charity_number !== null)).toHaveLength(0);
  });

  it('Barking & Dagenham: every row has a normalised supplier postcode', async () => {
    const { rows } = await readAll(samplePath('spending/nhs/nhs_barking_dagenham_ccg_2020-07_supplier_postcodes.csv'));
    expect(rows.filter((row) => row.supplier_postcode !== null)).toHaveLength(321);
    expect(rows.every((row) => /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/.test(row.supplier_postcode ?? ''))).toBe(true);
    expect(rows.some((row) => row.supplier_postcode === 'IG11 7RS')).toBe(true);
  });

  it('Royal Free: VAT numbers read; invalid ones dropped with a note; the row with no amount is quarantined', async () => {
    const { rows, quarantined, notes } = await readAll(samplePath('spending/nhs/royal_free_2020-q1_vat_numbers.csv'));
    // python csv: 755 rows have a VAT cell; 6 are not VAT numbers ('160408 27' x2, '5658272' x2, '9279257756',
    // '5370808'); 2 are German (DE…); the Medtronic row on line 190 has a valid VAT number but no amount.
    expect(rows.filter((row) => row.vat_number !== null)).toHaveLength(748);
    expect(rows.filter((row) => row.vat_number?.startsWith('DE'))).toHaveLength(2);
    expect(notes.filter((note) => note.note === 'VAT number not valid: dropped')).toHaveLength(6);
    expect(quarantined).toMatchObject([{ source_line: 190, reason: 'missing amount' }]);
  });

  it('Leeds 2020: redacted rows keep their amount and lose the name; NBSP trimmed; card flag read', async () => {
    const { byLine, rows } = await readAll(samplePath('spending/local_authority/leeds_2020-06_windows1252.csv'));
    expect(byLine.get(4)).toMatchObject({ is_redacted: true, supplier_name: null, amount_pence: 31536 });
    expect(rows.some((row) => row.supplier_name === 'Fylde Coast Women¿s Aid')).toBe(true);
    expect(rows.some((row) => row.supplier_name === 'Hall Plant Hire Limited')).toBe(true);
    expect(rows.every((row) => row.supplier_name === null || row.supplier_name === row.supplier_name.trim())).toBe(true);
  });

  it('Craven: the unlabelled grand total is skipped, and no genuine row goes with it', async () => {
    const { rows, skipped, byLine } = await readAll(samplePath('spending/local_authority/craven_dc_2017-03_windows1252.csv'));
    expect(skipped).toMatchObject([{ source_line: 173, reason: 'totals line' }]);
    // The last genuine row (line 172, "Dacre, Son & Hartley", "1,150.00") is loaded.
    expect(byLine.get(172)).toMatchObject({ supplier_name: 'Dacre, Son & Hartley', amount_pence: 115000 });
    expect(rows).toHaveLength(171);
    expect(rows.map((row) => row.source_line)).toEqual(Array.from({ length: 171 }, (_, i) => i + 2));
    // duplicate headers: the description columns are used
    expect(byLine.get(2)).toMatchObject({ expense_type: 'Miscellaneous', expense_area: 'Development Control' });
    expect(rows.some((row) => row.supplier_name === 'Neville´s Kitchen')).toBe(true);
  });

  it('Lambeth: preamble skipped, fused fields split (each with a note), footer skipped', async () => {
    const { byLine, notes, facts, skipped } = await readAll(samplePath('spending/local_authority/lambeth_2012-06_invoices_over_500.csv'));
    expect(facts.header_line).toBe(10);
    // awk -F, 'NR>10 && NF==5' → 638 rows (635 date+amount, 3 supplier+date); NF==4 → 1 row
    expect(notes).toHaveLength(639);
    const counts = notes.reduce<Record<string, number>>((acc, note) => ({ ...acc, [note.note]: (acc[note.note] ?? 0) + 1 }), {});
    expect(Object.values(counts).sort((a, b) => a - b)).toEqual([1, 3, 635]);
    const guest = [...byLine.values()].find((row) => row.supplier_name === 'A A GuestHouses' && row.amount_pence === 90000);
    expect(guest).toMatchObject({ payment_date: '2012-06-25', expense_type: 'PRIVATE RESIDENTIAL CARE' });
    expect(byLine.get(441)).toMatchObject({ supplier_name: 'Catch22', payment_date: '2012-06-12', amount_pence: 875520 });
    expect(byLine.get(1382)).toMatchObject({
      supplier_name: 'Inter High Education/Academy21',
      payment_date: '2012-05-29',
      amount_pence: 74000,
    });
    expect(skipped).toMatchObject([{ reason: 'totals line', detail: expect.stringMatching(/Total/) }]);
  });

  it('Lambeth: a pinned header_line reads the same rows; a wrong one is refused with the line and the fix', async () => {
    const path = samplePath('spending/local_authority/lambeth_2012-06_invoices_over_500.csv');
    const found = await readAll(path);
    const pinned = await readAll(path, { header_line: 10 });
    expect(pinned.facts.header_line).toBe(10);
    expect(pinned.rows.length).toBe(found.rows.length);
    expect(pinned.rows.reduce((sum, row) => sum + row.amount_pence, 0)).toBe(found.rows.reduce((sum, row) => sum + row.amount_pence, 0));
    // Line 6 is a preamble line ("Invoice Approval Date From: …"): not a payments header.
    await expect(readAll(path, { header_line: 6 })).rejects.toMatchObject({ line: 6 });
    // Line 9 is blank; line 5000 is past the end of a 3,171-line file.
    for (const line of [9, 5000]) {
      await expect(readAll(path, { header_line: line })).rejects.toMatchObject({
        line,
        reason: expect.stringMatching(new RegExp(`^header_line ${line} is blank or past the end`)),
        expected: expect.stringMatching(/cwb inspect/),
      });
    }
    expect(() => connector.spec.parse({ path, header_line: 0 })).toThrow(/counts from 1/);
  });

  it('Chelsea & Westminster: both en-dash encodings read as –', async () => {
    const { rows } = await readAll(samplePath('spending/nhs/chelsea_westminster_2021-01_mixed_cp1252_macroman.csv'));
    const areas = rows.map((row) => `${row.expense_type} ${row.expense_area}`).join('\n');
    expect(areas).toMatch(/Recharges – Pay/);
    expect(areas).toMatch(/Hiv – Herts/);
    expect(areas).not.toMatch(/[ÐÑ]/);
  });

  it('Epsom: the day/month order is proved from the file, not guessed', async () => {
    const { facts, rows } = await readAll(samplePath('spending/nhs/epsom_st_helier_2020-04_us_dates.csv'));
    expect(facts.date_order).toMatch(/^mdy \(proved by "4\/30\/2020" on line 2\)/);
    expect(rows.filter((row) => row.amount_pence < 0)).toHaveLength(9);
  });
});

describe('quirks in constructed fixtures', () => {
  it('semicolons, double-encoded BOM, preamble, blank and duplicate headers, quoted newline, every negative form', async () => {
    const { rows, facts, notes } = await readAll(fixture('quirks-semicolon.csv'));
    expect(facts).toMatchObject({ delimiter: ';', header_line: 4, mapping: 'central-government-25k' });
    expect(facts.encoding).toBe('utf-8 (BOM double-encoded as ï»¿)');
    expect(rows.map((row) => [row.source_line, row.payment_date, row.amount_pence, row.supplier_name, row.is_redacted])).toEqual([
      [6, '2023-04-03', -12345, 'Acme Widgets Ltd', false],
      [7, '2023-04-05', -1200, 'Northern\nServices Ltd', false], // Excel serial 45021 (python: date(1899,12,30)+timedelta(45021))
      [9, '2023-04-01', -500, null, true],
      [11, '2023-04-28', 123456, null, true],
      [12, '2023-04-29', 100000, 'Example Care Ltd', false],
    ]);
    expect(notes).toEqual([{ source_line: 9, note: 'date is a YYYYMM period: first day of the month used' }]);
  });

  it('reads a central-government file from an unseen publisher (reordered, respelt headers)', async () => {
    const { rows, facts } = await readAll(fixture('central-government-unseen.csv'));
    expect(facts).toMatchObject({ mapping: 'central-government-25k', date_order: expect.stringMatching(/^dmy/) });
    expect(rows.map((row) => [row.payment_date, row.amount_pence, row.supplier_postcode])).toEqual([
      ['2024-02-14', 3125000, 'SW1A 2AA'],
      ['2024-02-21', 4500000, 'LS1 4DY'],
      ['2024-02-29', -2600000, 'LS1 4DY'],
    ]);
  });

  it('bad rows: one reason per row, file:line lineage', async () => {
    const { rows, quarantined, skipped } = await readAll(fixture('bad-rows.csv'));
    expect(rows.map((row) => row.source_line)).toEqual([2, 5]);
    expect(quarantined.map((entry) => [entry.source_line, entry.reason])).toEqual([
      [3, 'unparseable amount'],
      [4, 'unparseable date'],
    ]);
    expect(quarantined[1]?.detail).toMatch(/31\/02\/2023/);
    expect(skipped.map((entry) => [entry.source_line, entry.reason])).toEqual([[6, 'totals line']]);
  });

  it('ambiguous dates are rejected unless the source sets the order', async () => {
    await expect(readAll(fixture('ambiguous-dates.csv'))).rejects.toThrow(FileRejectedError);
    await expect(readAll(fixture('ambiguous-dates.csv'))).rejects.toThrow(/:2: ambiguous dates.*expected `date_order: dmy` \(or mdy\) on the source in cwb.config.yaml/);
    const { rows, facts } = await readAll(fixture('ambiguous-dates.csv'), { date_order: 'mdy' });
    expect(rows.map((row) => row.payment_date)).toEqual(['2023-03-04', '2023-04-03', '2023-05-05']);
    expect(facts.date_order).toBe('mdy (set for this source)');
  });

  it('quarantines an amount in fractions of a penny instead of rounding it, unless a mapping says to round', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cwb-subpenny-'));
    try {
      const path = join(folder, 'spend.csv');
      await writeFile(path, 'Date,Supplier,Amount\n04/03/2023,Acme Ltd,12.345\n14/03/2023,Beta Ltd,10.50\n15/03/2023,Gamma Ltd,7.2500\n');
      const { rows, quarantined } = await readAll(path);
      expect(rows.map((row) => [row.source_line, row.amount_pence])).toEqual([[3, 1050], [4, 725]]);
      expect(quarantined.map((q) => [q.source_line, q.reason])).toEqual([[2, 'amount in fractions of a penny']]);
      expect(quarantined[0]?.detail).toMatch(/"12\.345" has more than two decimal places/);
      const rounding = join(folder, 'rounding.yaml');
      await writeFile(rounding, 'name: rounding\ndescription: a layout whose amounts are rounded to the penny\ncolumns:\n  payment_date: [Date]\n  supplier_name: [Supplier]\n  amount: [Amount]\nparse:\n  sub_penny: round\n');
      const rounded = await readAll(path, { mapping: rounding });
      expect(rounded.rows.map((row) => row.amount_pence)).toEqual([1235, 1050, 725]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses a binary file named .csv as not a text table, without echoing its bytes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cwb-binary-'));
    try {
      const path = join(folder, 'spend.csv');
      // seeded bytes (a PNG signature, then pseudo-random bytes)
      const bytes = Buffer.alloc(4096);
      let seed = 7;
      for (let i = 0; i < bytes.length; i += 1) bytes[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
      await writeFile(path, bytes);
      const read = readAll(path);
      await expect(read).rejects.toThrow(FileRejectedError);
      const message = await read.then(() => '', (error: Error) => error.message);
      expect(message).toMatch(/not a text table: the first 4,096 bytes hold \d+ NUL and \d+ other control bytes/);
      expect(message).not.toContain('PNG');
      expect(/[\u0000-\u0008\u000e-\u001f]/.test(message)).toBe(false);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('a named mapping that does not fit says which columns are missing', async () => {
    await expect(readAll(fixture('bad-rows.csv'), { mapping: 'leeds-2020' })).rejects.toThrow(
      /mapping leeds-2020 does not fit the header: missing payment_date \(any of: Payment Date\)/,
    );
    await expect(readAll(fixture('bad-rows.csv'), { mapping: 'nope' })).rejects.toThrow(/unknown mapping "nope"/);
  });

  it('non-payment files are rejected with a specific reason (dry-run summary form)', async () => {
    for (const [name, reason] of [
      ['supplier-totals.csv', /supplier totals/],
      ['contracts-register.csv', /contracts register/],
      ['budget.csv', /budget/],
    ] as const) {
      const spec = connector.spec.parse({ path: fixture(name) });
      const [file] = await connector.discover(spec);
      const result = await summariseFile(connector, file!, spec);
      expect(result.kind).toBe('rejected');
      if (result.kind === 'rejected') expect(result.rejected.rejected).toMatch(reason);
    }
  });
});

describe('XLSX', () => {
  let folder: string;
  let path: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cwb-xlsx-'));
    path = join(folder, 'spend.xlsx');
    const workbook = new ExcelJS.Workbook();
    const notes = workbook.addWorksheet('Notes');
    notes.addRow(['This workbook lists payments over £500']);
    const sheet = workbook.addWorksheet('Payments');
    sheet.addRow(['Example Council payments, March 2024']);
    sheet.addRow([]);
    sheet.addRow(['Department Family', 'Entity', 'Date', 'Expense Type', 'Expense Area', 'Supplier', 'Transaction Number', 'Amount']);
    sheet.addRow(['Local Government', 'Example Council', new Date(Date.UTC(2024, 2, 14)), 'Repairs', 'Housing', 'Acme Builders Ltd', 'T1', 1250.5]);
    sheet.addRow(['Local Government', 'Example Council', 45366, 'Repairs', 'Housing', 'REDACTED PERSONAL DATA', 'T2', -99.99]);
    sheet.addRow(['Local Government', 'Example Council', '18/03/2024', 'Repairs', 'Housing', { richText: [{ text: 'Rich ' }, { text: 'Text Ltd' }] }, 'T3', { formula: '100*2', result: 200 }]);
    await workbook.xlsx.writeFile(path);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('reads a named sheet as a stream (dates, serials, rich text, formulas)', async () => {
    const { rows, facts } = await readAll(path, { sheet: 'Payments' });
    expect(facts).toMatchObject({ encoding: 'xlsx', header_line: 3, mapping: 'central-government-25k' });
    expect(rows.map((row) => [row.source_line, row.payment_date, row.amount_pence, row.supplier_name])).toEqual([
      [4, '2024-03-14', 125050, 'Acme Builders Ltd'],
      [5, '2024-03-15', -9999, null], // serial 45366
      [6, '2024-03-18', 20000, 'Rich Text Ltd'],
    ]);
  });

  it('with no sheet named, passes over the notes sheet and reads the first sheet that holds payments', async () => {
    const read = await readAll(path);
    expect(read.rows.length).toBeGreaterThan(0);
    expect(read.batches[0]?.facts.sheet).toBe('Payments');
  });

  it('names the sheets it has when the configured one is missing', async () => {
    await expect(readAll(path, { sheet: 'Nope' })).rejects.toThrow(/no sheet named "Nope" \(the workbook has: Notes, Payments\)/);
  });
});
