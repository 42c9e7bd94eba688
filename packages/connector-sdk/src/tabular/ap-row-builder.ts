import type { ApTransaction } from '@cwb/contracts';
import type { RowOutcome } from './record-batches';
import type { CanonicalField, Mapping } from '../mapping/mapping-schema';
import type { MappingFit } from '../mapping/mapping-fit';
import { headerKey } from '../mapping/header-names';
import { parseAmountPence } from '../values/amount';
import { parseDate, type DateOrder } from '../values/date';
import { companyNumberFromVendorCode, normaliseCompanyNumber } from '../values/company-number';
import {
  normaliseCharityNumber,
  normalisePostcode,
  normaliseVatNumber,
  splitVendorCode,
} from '../values/supplier-identifiers';
import { isRedactedName } from '../values/redaction';
import { cleanCell, isBlankCell } from './cell-text';
import { repairFusedDate } from './fused-fields';
import { paymentColumnLexicon } from '../inference/column-lexicon';

/** What became of one record. `bad` records follow the bad-row policy; `skip` records are always skipped. */
export type ApRowOutcome = RowOutcome<Omit<ApTransaction, 'anchor_id'>>;

/** `N/A`, `Not yet available`…: an identifier cell that holds no identifier (the lexicon's list). */
const PLACEHOLDERS: ReadonlySet<string> = new Set(paymentColumnLexicon().placeholders);

export const TOTAL_LABEL = /^(grand\s+|sub\s*-?\s*)?totals?\b/i;

/** Builds canonical rows from records, for one file whose header and mapping are known. */
export class ApRowBuilder {
  private readonly mapping: Mapping;
  private readonly columns: Partial<Record<CanonicalField, number>>;
  private readonly headerLength: number;
  private readonly trueValues: Set<string>;
  private readonly filters: { index: number | null; field: CanonicalField | null; test: (value: string) => boolean; reason: string }[];

  constructor(
    fit: MappingFit,
    header: readonly string[],
    private readonly dateOrder: DateOrder | null,
  ) {
    this.mapping = fit.mapping;
    this.columns = fit.columns;
    this.headerLength = header.length;
    this.trueValues = new Set(fit.mapping.parse.true_values.map((value) => value.toLowerCase()));
    this.filters = fit.mapping.filters.map((filter) => {
      const key = headerKey(filter.column);
      const index = header.findIndex((name) => headerKey(name) === key);
      const field = (Object.keys(fit.columns) as CanonicalField[]).find((name) => name === filter.column) ?? null;
      const pattern = filter.matches === undefined ? null : new RegExp(filter.matches, 'i');
      const equals = filter.equals?.toLowerCase();
      return {
        index: index === -1 ? null : index,
        field,
        test: (value: string) => (pattern ? pattern.test(value) : value.toLowerCase() === equals),
        reason: filter.reason,
      };
    });
  }

  build(input: readonly string[]): ApRowOutcome {
    const notes: string[] = [];
    let fields = input;
    if (fields.length > this.headerLength) {
      const extra = fields.slice(this.headerLength);
      if (!extra.every((field) => isBlankCell(field))) {
        return {
          kind: 'bad',
          reason: 'too many fields',
          detail: `${fields.length} fields where the header has ${this.headerLength}; an unquoted delimiter inside a value is the usual cause`,
        };
      }
      fields = fields.slice(0, this.headerLength);
    } else if (fields.length < this.headerLength) {
      const repaired = repairFusedDate(fields, this.headerLength, {
        supplier: this.columns.supplier_name,
        date: this.columns.payment_date,
        amount: this.columns.amount,
      });
      if (!repaired) {
        return {
          kind: 'bad',
          reason: 'too few fields',
          detail: `${fields.length} fields where the header has ${this.headerLength}; a missing delimiter shifts the values, so the row cannot be read safely`,
        };
      }
      fields = repaired.fields;
      notes.push(repaired.note);
    }

    // Direct calls, no per-row closures: a closure per field per row was ~4% of extraction
    // (under tsx each one also goes through esbuild's __name helper).
    const dateText = this.cell(fields, 'payment_date');
    const amountText = this.cell(fields, 'amount');
    let supplierText = this.cell(fields, 'supplier_name');

    const firstFilled = fields.find((field) => !isBlankCell(field));
    if (firstFilled !== undefined && TOTAL_LABEL.test(cleanCell(firstFilled))) {
      return { kind: 'skip', reason: 'totals line', detail: `labelled "${cleanCell(firstFilled)}", amount "${amountText}"` };
    }
    if (dateText === '' && supplierText === '') {
      if (amountText !== '') {
        return { kind: 'skip', reason: 'totals line', detail: `unlabelled total: amount "${amountText}" with no date and no supplier` };
      }
      return { kind: 'skip', reason: 'no payment data', detail: 'no date, amount or supplier on the row' };
    }

    for (const filter of this.filters) {
      const cell = filter.index !== null ? cleanCell(fields[filter.index]) : filter.field ? this.cell(fields, filter.field) : null;
      if (cell !== null && filter.test(cell)) return { kind: 'skip', reason: filter.reason, detail: `filter on "${cell}"` };
    }

    const amount = parseAmountPence(amountText, { decimal_comma: this.mapping.parse.decimal_comma, sub_penny: this.mapping.parse.sub_penny });
    if (!amount.ok) {
      return { kind: 'bad', reason: amountText === '' ? 'missing amount' : amount.sub_penny ? 'amount in fractions of a penny' : 'unparseable amount', detail: amount.reason };
    }

    const date = parseDate(dateText, this.dateOrder);
    if (!date.ok) {
      return { kind: 'bad', reason: dateText === '' ? 'missing date' : 'unparseable date', detail: date.reason };
    }
    if (date.note) notes.push(date.note);

    let supplierId: string | null = this.cell(fields, 'supplier_id') || null;
    let vendorCompany: string | null = null;
    if (this.mapping.parse.supplier_vendor_code) {
      const split = splitVendorCode(supplierText);
      if (split) {
        supplierText = split.name;
        supplierId = supplierId ?? split.code;
        vendorCompany = companyNumberFromVendorCode(split.code);
      }
    }
    // A payment with a date and an amount but a blank supplier is spend whose payee was not
    // published (how some councils withhold staff and individuals' names): it is loaded as
    // redacted, with a note, so the money stays in the totals and in the unknown-location share.
    let redacted = isRedactedName(supplierText, this.mapping.parse.redaction_markers);
    if (!redacted && supplierText === '') {
      redacted = true;
      notes.push('supplier blank: loaded as redacted');
    }

    const companyText = this.cell(fields, 'company_number');
    return {
      kind: 'row',
      notes,
      row: {
        payment_date: date.iso,
        amount_pence: amount.pence,
        supplier_name: redacted ? null : supplierText,
        is_redacted: redacted,
        supplier_id: redacted ? null : supplierId,
        company_number: companyText ? this.identifier(fields, 'company_number', normaliseCompanyNumber, 'company number', redacted, notes) : redacted ? null : vendorCompany,
        vat_number: this.identifier(fields, 'vat_number', normaliseVatNumber, 'VAT number', redacted, notes),
        charity_number: this.identifier(fields, 'charity_number', normaliseCharityNumber, 'charity number', redacted, notes),
        supplier_postcode: this.identifier(fields, 'supplier_postcode', normalisePostcode, 'supplier postcode', redacted, notes),
        transaction_ref: this.cell(fields, 'transaction_ref') || null,
        expense_area: this.cell(fields, 'expense_area') || null,
        expense_type: this.cell(fields, 'expense_type') || null,
        category: this.cell(fields, 'category') || null,
        description: this.cell(fields, 'description') || null,
        is_procurement_card: this.mapping.parse.procurement_card_file || (this.flag(fields, 'is_procurement_card') ?? false),
        is_vcse_flagged: this.flag(fields, 'is_vcse_flagged'),
      },
    };
  }

  private cell(fields: readonly string[], field: CanonicalField): string {
    const index = this.columns[field];
    return index === undefined ? '' : cleanCell(fields[index]);
  }

  private flag(fields: readonly string[], field: CanonicalField): boolean | null {
    if (this.columns[field] === undefined) return null;
    return this.trueValues.has(this.cell(fields, field).toLowerCase());
  }

  private identifier(
    fields: readonly string[],
    field: CanonicalField,
    normalise: (text: string) => string | null,
    label: string,
    redacted: boolean,
    notes: string[],
  ): string | null {
    const text = this.cell(fields, field);
    if (text === '' || redacted || PLACEHOLDERS.has(text.toLowerCase())) return null;
    const normalised = normalise(text);
    if (normalised === null) notes.push(`${label} not valid: dropped`);
    return normalised;
  }
}
