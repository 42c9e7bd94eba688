import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRejectedError, type ReadBatch } from '@cwb/connector-sdk';
import { transparencySpendConnector as connector } from '../src/index';

// Property-based: payments tables generated the ways publishers vary them (header names from
// the kinds real files use, columns reordered, extra columns, a report preamble, delimiter,
// quoting, encoding, amount and date formats, junk rows) must be read with every record
// accounted for (rows + quarantined + skipped = the non-blank records after the header), every
// valid payment loaded with its exact pence, and nothing thrown but a FileRejectedError.
// Seeded, so CI runs the same cases; FUZZ_RUNS=1000 FUZZ_SEED=n for a longer search.

const folder = await mkdtemp(join(tmpdir(), 'cwb-fuzz-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

const headers = {
  date: ['Date', 'Payment Date', 'Transaction Date', 'Date Paid', 'PAYMENT DATE', 'Pay Date'],
  supplier: ['Supplier', 'Supplier Name', 'Vendor Name', 'Payee', 'Beneficiary', 'SUPPLIER NAME'],
  amount: ['Amount', 'Net Amount', 'Amount (£)', 'Value', 'Total', 'Amount Paid', 'Net Amount £'],
};
const extras = ['Expense Area', 'Expense Type', 'Department', 'Transaction Number', 'Service Area', 'Cost Centre Description'];
const suppliers = ['Acme Ltd', 'Wear Valley Plumbing Ltd', 'Café Nero Ltd', 'Smith, Jones & Co', 'North "East" Care', 'Keel Catering CIC'];

interface Payment {
  day: number;
  month: number;
  year: number;
  pence: number;
  supplier: string;
  style: number;
}

const payment = fc.record({
  day: fc.integer({ min: 1, max: 28 }),
  month: fc.integer({ min: 1, max: 12 }),
  year: fc.integer({ min: 2015, max: 2024 }),
  pence: fc.integer({ min: -5_000_000, max: 50_000_000 }).filter((p) => p !== 0),
  supplier: fc.constantFrom(...suppliers),
  style: fc.integer({ min: 0, max: 4 }),
});

/** The amount as publishers write it: plain, £ with thousands commas, brackets or a trailing minus for credits. */
function amountText(pence: number, style: number): string {
  const abs = Math.abs(pence);
  const plain = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  const grouped = `${Math.floor(abs / 100).toLocaleString('en-GB')}.${String(abs % 100).padStart(2, '0')}`;
  if (pence >= 0) return [plain, `£${grouped}`, grouped, ` ${plain} `, plain][style]!;
  return [`-${plain}`, `(${grouped})`, `${plain}-`, `-£${grouped}`, `-${plain}`][style]!;
}

const table = fc.record({
  date: fc.constantFrom(...headers.date),
  supplier: fc.constantFrom(...headers.supplier),
  amount: fc.constantFrom(...headers.amount),
  extra: fc.subarray(extras, { maxLength: 3 }),
  order: fc.array(fc.integer(), { minLength: 6, maxLength: 6 }),
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  quoteAll: fc.boolean(),
  crlf: fc.boolean(),
  encoding: fc.constantFrom('utf-8', 'windows-1252'),
  preamble: fc.array(fc.constantFrom('Payments over £500', 'Council name: Example', 'Published 2024-01-31', ''), { maxLength: 3 }),
  // one date with a day above 12 proves the order; the rest random
  payments: fc.array(payment, { minLength: 1, maxLength: 40 }),
  junk: fc.array(fc.constantFrom('n/a', 'TBC', '', '12.345'), { maxLength: 3 }),
  blankLines: fc.integer({ min: 0, max: 2 }),
});

function cell(text: string, delimiter: string, quoteAll: boolean): string {
  const needs = text.includes(delimiter) || text.includes('"') || text.includes('\n') || quoteAll;
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}

describe('reading generated payments tables (fast-check)', () => {
  it('accounts for every record, loads every valid payment exactly, and throws nothing but a refusal', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const columns = [t.date, t.supplier, t.amount, ...t.extra];
        const order = columns.map((_, i) => i).sort((a, b) => (t.order[a] ?? 0) - (t.order[b] ?? 0) || a - b);
        const payments: Payment[] = [{ day: 25, month: 3, year: 2020, pence: 12_345, supplier: 'Acme Ltd', style: 0 }, ...t.payments];
        // junk as real files have it: a few rows among many (a column mostly blank is another layout)
        const junkRows = t.junk.slice(0, Math.floor(payments.length / 4));
        const rowOf = (values: string[]) => order.map((i) => cell(values[i] ?? '', t.delimiter, t.quoteAll)).join(t.delimiter);
        const lines = [...t.preamble.filter((line) => line !== ''), rowOf(columns)];
        for (const p of payments) {
          const date = `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}`;
          lines.push(rowOf([date, p.supplier, amountText(p.pence, p.style), ...t.extra.map((_, i) => `extra ${i}`)]));
        }
        for (const junk of junkRows) lines.push(rowOf(['01/02/2021', 'Junk Ltd', junk, ...t.extra.map(() => '')]));
        for (let i = 0; i < t.blankLines; i += 1) lines.push('');
        const text = `${lines.join(t.crlf ? '\r\n' : '\n')}\n`;
        const path = join(folder, `fuzz-${(file += 1)}.csv`);
        await writeFile(path, t.encoding === 'utf-8' ? text : iconv.encode(text, 'windows-1252'));

        const spec = connector.spec.parse({ path });
        const [discovered] = await connector.discover(spec);
        const batches: ReadBatch[] = [];
        try {
          for await (const batch of connector.read(discovered!, spec, { load_id: 'L', anchor_id: 'A', source_file: path })) batches.push(batch);
        } catch (error) {
          // A refusal must name the file; anything else is a bug.
          expect(error, String(error)).toBeInstanceOf(FileRejectedError);
          throw new Error(`refused a well-formed table (${columns.join(' | ')}, delimiter ${JSON.stringify(t.delimiter)}): ${(error as Error).message}`);
        }
        const rows = batches.flatMap((b) => b.rows);
        const quarantined = batches.flatMap((b) => b.quarantined);
        const skipped = batches.flatMap((b) => b.skipped);
        // every non-blank record after the header is in exactly one list
        const dataRecords = payments.length + junkRows.length;
        expect(rows.length + quarantined.length + skipped.length).toBe(dataRecords);
        // every valid payment loaded with its exact pence and supplier, in order
        const loaded = rows.filter((r) => r.supplier_name !== 'Junk Ltd');
        expect(loaded.map((r) => [r.amount_pence, r.supplier_name])).toEqual(payments.map((p) => [p.pence, p.supplier]));
        expect(loaded.map((r) => r.payment_date)).toEqual(payments.map((p) => `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`));
        // junk amounts never load (a blank, text or a fraction of a penny)
        expect(rows.filter((r) => r.supplier_name === 'Junk Ltd')).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60), seed: Number(process.env.FUZZ_SEED ?? 20261206), endOnFailure: true },
    );
  });
});
