import { describe, expect, it } from 'vitest';
import { paymentColumnLexicon } from './column-lexicon';
import { headerNamesRequiredRoles, inferLayout, type LayoutInference } from './infer-layout';
import { headerWords, withinOneEdit } from './header-words';

const lexicon = paymentColumnLexicon();

/** Rows of values for a header, generated per column from what its name says it holds. */
function rowsFor(header: readonly string[], count = 30): string[][] {
  return Array.from({ length: count }, (_, i) =>
    header.map((name) => {
      const key = name.toLowerCase();
      if (/date/.test(key)) return `${String((i % 28) + 1).padStart(2, '0')}/04/2024`;
      if (/^(net|gross|vat|amount|spend|total)|amount|sterling/.test(key)) return `${(i + 1) * 100 + (/gross/.test(key) ? 20 : /vat/.test(key) ? 0.5 : 0)}.25`;
      if (/company number/.test(key)) return `0${3350700 + i}`;
      if (/charity number/.test(key)) return `${1100000 + i}`;
      if (/post ?code/.test(key)) return ['LS1 1UR', 'HX1 1UJ', 'NE1 7RU'][i % 3] as string;
      if (/transaction|vendor id|number/.test(key)) return `${900000 + i}`;
      if (/supplier|beneficiary|vendor name/.test(key)) return `Supplier ${String.fromCharCode(65 + (i % 20))} Ltd`;
      if (/body|authority|family|entity|entuty/.test(key)) return 'Example Council';
      return `Value ${i % 5}`;
    }),
  );
}

function roles(inference: LayoutInference): Record<string, string> {
  if (inference.kind !== 'inferred') throw new Error(`not inferred: ${inference.explanation}`);
  return Object.fromEntries(inference.decisions.map((d) => [d.role, d.header]));
}

const infer = (header: string[], rows = rowsFor(header)) => inferLayout(header, rows, lexicon);

describe('column roles from header and values', () => {
  // The headers quoted in the issue "Read any real UK public-body payments export".
  it.each([
    [
      ['Body Name', 'Service Area', 'Expenses Type', 'Invoice Payment Date', 'Transaction Number', 'Net Amount', 'Supplier Name'],
      { payment_date: 'Invoice Payment Date', amount: 'Net Amount', supplier_name: 'Supplier Name', expense_type: 'Expenses Type', expense_area: 'Service Area', transaction_ref: 'Transaction Number' },
    ],
    [
      ['Supplier', 'Department family', 'Date', 'Expense area', 'Expense type', 'Transaction Number', 'amount'],
      { payment_date: 'Date', amount: 'amount', supplier_name: 'Supplier', expense_area: 'Expense area', expense_type: 'Expense type' },
    ],
    [
      ['Payment Date', 'Amount', 'Organisational Unit', 'Beneficiary Name', 'Company Number', 'Charity Number'],
      { payment_date: 'Payment Date', amount: 'Amount', supplier_name: 'Beneficiary Name', company_number: 'Company Number', charity_number: 'Charity Number', expense_area: 'Organisational Unit' },
    ],
    [
      ['Vendor ID', 'Vendor Name', 'Payment Date', 'Amount'],
      { supplier_id: 'Vendor ID', supplier_name: 'Vendor Name' },
    ],
    [['Supplier Name', 'Invoice GL Date', 'Spend'], { payment_date: 'Invoice GL Date', amount: 'Spend' }],
    [
      ['Authority Name', 'Date of Payment', 'Supplier Name', 'Gross', 'VAT', 'Net', 'Expense Type'],
      { payment_date: 'Date of Payment', amount: 'Net', supplier_name: 'Supplier Name' },
    ],
    [['Department Family', 'Entuty', 'Date', 'Expense Type', 'Supplier', 'Amount'], { supplier_name: 'Supplier', amount: 'Amount' }],
    [['Date', 'Supplier', 'Amount in Sterling £'], { amount: 'Amount in Sterling £' }],
    [
      ['Body Name', 'Date', 'Transaction Number', 'Supplier Name', 'Supplier Post Code', 'Expense Type', 'Amount'],
      { payment_date: 'Date', amount: 'Amount', supplier_name: 'Supplier Name', supplier_postcode: 'Supplier Post Code', transaction_ref: 'Transaction Number', expense_type: 'Expense Type' },
    ],
  ])('%j', (header, expected) => {
    expect(roles(infer(header))).toMatchObject(expected);
  });

  it('chooses as a person would: net over gross, payment date over invoice and posted dates, the name over the code', () => {
    const header = ['Invoice Date', 'Posted Date', 'Payment Date', 'Gross Amount', 'Net Amount', 'Supplier Code', 'Supplier Name'];
    const inference = infer(header);
    expect(roles(inference)).toMatchObject({ payment_date: 'Payment Date', amount: 'Net Amount', supplier_name: 'Supplier Name', supplier_id: 'Supplier Code' });
    const date = inference.kind === 'inferred' ? inference.decisions.find((d) => d.role === 'payment_date') : null;
    expect(date?.alternatives.map((a) => a.header)).toEqual(['Posted Date', 'Invoice Date']);
  });

  it('is the same whatever the order of the columns, and with extra or missing optional columns', () => {
    const base = ['Payment Date', 'Supplier Name', 'Net Amount', 'Expense Type', 'Transaction Number'];
    const want = { payment_date: 'Payment Date', supplier_name: 'Supplier Name', amount: 'Net Amount', expense_type: 'Expense Type' };
    expect(roles(infer([...base].reverse()))).toMatchObject(want);
    expect(roles(infer(['#', 'Column A', ...base, 'Notes', 'Sercop URI']))).toMatchObject(want);
    const fewer = roles(infer(['Supplier Name', 'Net Amount', 'Payment Date']));
    expect(Object.keys(fewer).sort()).toEqual(['amount', 'payment_date', 'supplier_name']);
  });

  it('reads names with typos, run together or in capitals', () => {
    expect(roles(infer(['Paymnet Date', 'Suplier Name', 'Net Ammount']))).toMatchObject({ payment_date: 'Paymnet Date', supplier_name: 'Suplier Name', amount: 'Net Ammount' });
    expect(roles(infer(['PAYMENTDATE', 'SUPPLIERNAME', 'AMOUNT']))).toMatchObject({ supplier_name: 'SUPPLIERNAME' });
    expect(roles(infer(['InvoicePaymentDate', 'SupplierName', 'NetAmount']))).toMatchObject({ amount: 'NetAmount' });
  });

  it('checks the values: a "date" column that holds no dates is not the payment date', () => {
    const header = ['Date', 'Payment Date', 'Supplier', 'Amount'];
    const rows = rowsFor(header).map(([, paid, supplier, amount]) => ['Q1 2024', paid as string, supplier as string, amount as string]);
    const inference = infer(header, rows);
    expect(roles(inference).payment_date).toBe('Payment Date');
  });

  it('a publisher-name column that repeats one value is not the supplier', () => {
    const header = ['Date', 'Supplier', 'Amount'];
    const rows = rowsFor(header).map(([date, , amount]) => [date as string, 'Example Council', amount as string]);
    const inference = infer(header, rows);
    expect(inference.kind).toBe('inferred');
    expect(inference.kind === 'inferred' && inference.confidence).toBeLessThan(0.5);
  });

  it('refuses two equally good columns with different values, naming them and how to pin one', () => {
    const header = ['Payment Date', 'Supplier', 'Amount', 'Amount #2'];
    const rows = rowsFor(header).map((row, i) => [...row.slice(0, 3), `${i + 7}.00`]);
    const inference = infer(header, rows);
    expect(inference).toMatchObject({ kind: 'ambiguous', role: 'amount', candidates: ['Amount', 'Amount #2'] });
    expect(inference.explanation).toMatch(/--write-mapping/);
  });

  it('says which role is missing and why when the values do not fit', () => {
    const header = ['Payment Date', 'Supplier', 'Amount'];
    const rows = rowsFor(header).map(([date, supplier]) => [date as string, supplier as string, 'see invoice']);
    const inference = infer(header, rows);
    expect(inference).toMatchObject({ kind: 'none', missing: ['amount'] });
    expect(inference.explanation).toMatch(/only 0% of 30 filled cells read as amounts/);
  });

  it('tells a header line from a title line or a data row', () => {
    expect(headerNamesRequiredRoles(['Payments over £500 for April 2024'], lexicon)).toBe(false);
    expect(headerNamesRequiredRoles(['01/04/2024', 'ACME LTD', '100.00'], lexicon)).toBe(false);
    expect(headerNamesRequiredRoles(['Date Paid', 'Payee', 'Value'], lexicon)).toBe(true);
  });
});

describe('header words', () => {
  it('splits, rewrites and drops filler', () => {
    expect(headerWords('Supplier(Beneficiary) Name', lexicon).words).toEqual(['supplier', 'beneficiary', 'name']);
    expect(headerWords('Total (excludes VAT)', lexicon).words).toEqual(['total', 'exvat']);
    expect(headerWords('Amount in Sterling £', lexicon).words).toEqual(['amount']);
    expect(headerWords('Expenses Type', lexicon).words).toEqual(['expense', 'type']);
  });
  it('allows one edit', () => {
    expect(withinOneEdit('entuty', 'entity')).toBe(true);
    expect(withinOneEdit('paymnet', 'payment')).toBe(true);
    expect(withinOneEdit('suplier', 'supplier')).toBe(true);
    expect(withinOneEdit('vendor', 'tender')).toBe(false);
  });
});
