/**
 * The five real transparency layouts the bench writes, each imitating the quirks of its sample in
 * packages/sample-data (see SOURCES.md): header, encoding, line ending, date and amount formats.
 */
export type LayoutName = 'nhs-ccg-postcodes' | 'nhs-oracle-vendor' | 'leeds-2020' | 'calderdale' | 'craven';

/** One payment line as the generator decided it, before the layout formats it. */
export interface Payment {
  anchorName: string;
  year: number;
  month: number;
  day: number;
  pence: number;
  /** Published supplier name (already a variant, or the redaction marker). */
  supplier: string;
  redacted: boolean;
  /** Company number as published, or '' (Calderdale layout only). */
  companyNumber: string;
  /** Vendor-coded supplier (Oracle NHS layout only), e.g. `UK0006253701`. */
  vendorCode: string;
  /** Supplier postcode as published, or '' (CCG layout only). */
  postcode: string;
  supplierId: string;
  reference: number;
  procurementCard: boolean;
  vcse: boolean;
  /** Deliberately unreadable amount or date (the row is quarantined). */
  badAmount: boolean;
  badDate: boolean;
  expenseArea: string;
  expenseType: string;
}

export interface Layout {
  name: LayoutName;
  /** The mapping in packages/connectors/transparency-spend/mappings that reads it. */
  mapping: string;
  anchorType: 'council' | 'nhs_trust' | 'nhs_ccg';
  encoding: 'utf8' | 'windows-1252';
  eol: '\r\n' | '\n';
  header: string;
  row(p: Payment): string;
  /** Lines after the last payment (e.g. an unlabelled grand total), each counted as a skipped record. */
  footer(totalPence: number): string[];
  carriesPostcodes: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const two = (n: number) => String(n).padStart(2, '0');

function csv(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function plain(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100)}.${two(abs % 100)}`;
}

function thousands(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-GB')}.${two(abs % 100)}`;
}

export const layouts: Record<LayoutName, Layout> = {
  // NHS Barking & Dagenham CCG: UTF-8, CRLF, US dates 7/31/2020, quoted "17,701.00", Supplier Postcode with varying spacing.
  'nhs-ccg-postcodes': {
    name: 'nhs-ccg-postcodes',
    mapping: 'central-government-25k',
    anchorType: 'nhs_ccg',
    encoding: 'utf8',
    eol: '\r\n',
    header: 'Department Family,Entity,Date,Expense Type,Expense Area,Supplier,Transaction Number,amount,Description,Supplier Postcode',
    carriesPostcodes: true,
    row: (p) =>
      [
        'Department of Health',
        csv(p.anchorName),
        p.badDate ? 'TBC' : `${p.month}/${p.day}/${p.year}`,
        csv(p.expenseType),
        csv(p.expenseArea),
        csv(p.supplier),
        String(p.reference),
        p.badAmount ? 'n/a' : Math.abs(p.pence) >= 100_000 ? `"${thousands(p.pence)}"` : plain(p.pence),
        p.reference % 331 === 0 ? '"Top up,\nsee PO 628001349"' : `Invoice ${p.reference}`,
        p.postcode,
      ].join(','),
    footer: () => [],
  },
  // Kingston Hospital: Windows-1252, £ = 0xA3, " £38,148.43 ", dates 07-SEP-2020 with a trailing space, vendor-coded suppliers.
  'nhs-oracle-vendor': {
    name: 'nhs-oracle-vendor',
    mapping: 'nhs-oracle-vendor-codes',
    anchorType: 'nhs_trust',
    encoding: 'windows-1252',
    eol: '\r\n',
    header: 'Month,Department Family,Entity,Date,Expense Type,Supplier,Transaction Number,amount',
    carriesPostcodes: false,
    row: (p) =>
      [
        `${MONTHS[p.month - 1]?.slice(0, 1)}${MONTHS[p.month - 1]?.slice(1).toLowerCase()}-${String(p.year).slice(2)}`,
        'DEPARTMENT OF HEALTH',
        csv(p.anchorName.toUpperCase()),
        p.badDate ? '31-SPE-2022 ' : `${two(p.day)}-${MONTHS[p.month - 1]}-${p.year} `,
        csv(p.expenseType.toUpperCase()),
        csv(p.redacted ? p.supplier : `${p.vendorCode} : ${p.supplier}`),
        String(p.reference),
        p.badAmount ? '" n/a "' : `" ${p.pence < 0 ? '-' : ''}\u00a3${thousands(Math.abs(p.pence))} "`,
      ].join(','),
    footer: () => [],
  },
  // Leeds 2020: Windows-1252, 15 columns, dd/mm/yyyy, REDACTED PERSONAL DATA, procurement card rows, trailing NBSP in names.
  'leeds-2020': {
    name: 'leeds-2020',
    mapping: 'leeds-2020',
    anchorType: 'council',
    encoding: 'windows-1252',
    eol: '\r\n',
    header:
      'Organisation Code,Organisation Label,Effective Date,Organisational Unit,Service Division Label,Category Internal Name,Purpose,Detailed Expenditure Code,Payment Date,Transaction Number,Irrecoverable VAT Amount,Amount,Capital Or Revenue,Beneficiary Name,Procurement Card',
    carriesPostcodes: false,
    row: (p) =>
      [
        'Http://opendatacommunities.org/id/metropolitan-district-council/bench',
        csv(p.anchorName),
        `28/${two(p.month)}/${p.year}`,
        'Adults and Health',
        csv(p.expenseArea),
        'Supplies and Services',
        csv(p.expenseType),
        String(200 + (p.reference % 400)),
        p.badDate ? 'TBC' : `${two(p.day)}/${two(p.month)}/${p.year}`,
        `${p.year % 100}${two(p.month)}-${String(p.reference).padStart(5, '0')}`,
        '0.00',
        p.badAmount ? 'n/a' : plain(p.pence),
        'R',
        csv(p.supplier + (p.reference % 17 === 0 && !p.redacted ? '\u00a0\u00a0' : '')),
        p.procurementCard ? 'Yes' : 'No',
      ].join(','),
    footer: () => [],
  },
  // Calderdale (ODI Leeds clean copy): UTF-8, LF, 23 columns, ISO dates, company numbers (with and without leading zeros), VCSE flag, N/A VAT.
  calderdale: {
    name: 'calderdale',
    mapping: 'calderdale',
    anchorType: 'council',
    encoding: 'utf8',
    eol: '\n',
    header:
      "Body,Organisation Name,Date,Internal Ref Number,Invoice Number,Net Amount,Irrecoverable VAT,Supplier(Beneficiary) Name,Supplier Registered Company Number,Supplier Registered Charity Number,Supplier ID,VAT Registration Number,Expense Area,Procurement Classification: Council's Procurement Category Name,Expense Code,BVACOP,Proclass,Extended Description,Source,Subsource,Definition,Purpose of Spend (Summary),Voluntary Community and Social Enterprise Supplier",
    carriesPostcodes: false,
    row: (p) =>
      [
        'http://statistics.data.gov.uk/doc/local-authority-district/00XX',
        csv(p.anchorName),
        p.badDate ? 'TBC' : `${p.year}-${two(p.month)}-${two(p.day)}`,
        String(p.reference),
        `${two(p.month)}${MONTHS[p.month - 1]}-INV`,
        p.badAmount ? 'n/a' : plain(p.pence),
        'N/A',
        csv(p.supplier),
        p.companyNumber,
        '',
        p.supplierId,
        '',
        csv(p.expenseArea),
        csv(p.expenseType),
        String(88_000_000 + (p.reference % 999_999)),
        '',
        '',
        '',
        'CQ',
        'RC',
        'Residential Care',
        'Payments to providers',
        p.vcse ? 'Y' : '',
      ].join(','),
    footer: () => [],
  },
  // Craven DC: Windows-1252, CRLF, duplicate column names, "1,000.00" or bare integers, an unlabelled grand total last.
  craven: {
    name: 'craven',
    mapping: 'craven',
    anchorType: 'council',
    encoding: 'windows-1252',
    eol: '\r\n',
    header: 'Body Name,Transaction No,Supplier ID,Supplier Name,Payment Date,Account Code,Account Code,Cost Centre Code,Cost Centre Code,Amount',
    carriesPostcodes: false,
    row: (p) =>
      [
        csv(p.anchorName),
        String(57_000_000 + p.reference),
        p.supplierId,
        csv(p.supplier),
        p.badDate ? 'TBC' : `${two(p.day)}/${two(p.month)}/${p.year}`,
        String(1000 + (p.reference % 3000)),
        csv(p.expenseType),
        `R${100 + (p.reference % 400)}`,
        csv(p.expenseArea),
        p.badAmount ? 'n/a' : p.pence % 100 === 0 && Math.abs(p.pence) < 100_000 ? String(p.pence / 100) : Math.abs(p.pence) >= 100_000 ? `"${thousands(p.pence)}"` : plain(p.pence),
      ].join(','),
    footer: (total) => [`,,,,,,,,,"${thousands(total)}"`],
  },
};

/** How many anchors of each layout, in order, for n anchors (NHS CCGs with postcodes are 40%). */
export function layoutFor(anchorIndex: number): LayoutName {
  const cycle: LayoutName[] = ['nhs-ccg-postcodes', 'leeds-2020', 'nhs-ccg-postcodes', 'calderdale', 'nhs-oracle-vendor', 'nhs-ccg-postcodes', 'craven', 'leeds-2020', 'nhs-ccg-postcodes', 'calderdale'];
  return cycle[anchorIndex % cycle.length] as LayoutName;
}
