import type { ContractType, Gender, PayBasis } from '@cwb/contracts';
import { cleanCell, codeLookup, fieldsForHeader, isBlankCell, normalisePostcode, parseAmountPence, parseDate, type DateOrder, type RowOutcome } from '@cwb/connector-sdk';
import { headerKey } from '@cwb/connector-sdk';
import type { WorkforceField, WorkforceMappingFit } from './workforce-mapping';
import { hourlyPayPence } from './hourly-pay';

/**
 * One HR record as mapped, before the privacy step. It holds the employee reference and the
 * home postcode in clear, so it never leaves the connector: `pseudonymise` turns a batch of
 * these into canonical workforce records.
 */
export interface HrSourceRow {
  employee_ref: string;
  /** Normalised postcode; null when none was given or it is not a valid postcode (see postcode_invalid). */
  home_postcode: string | null;
  postcode_invalid: boolean;
  snapshot_date: string | null;
  fte: number | null;
  contracted_hours: number | null;
  pay_basis: PayBasis | null;
  pay_pence: number | null;
  hourly_pay_pence: number | null;
  grade: string | null;
  contract_type: ContractType | null;
  start_date: string | null;
  leave_date: string | null;
  gender: Gender | null;
}

export type HrRowOutcome = RowOutcome<HrSourceRow>;

const TOTAL_LABEL = /^(grand\s+|sub\s*-?\s*)?totals?\b|^(total\s+)?(headcount|records|employees)\s*[:=]/i;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** `37.5`, `37.50 hrs`, `1,234.5`, `0.6 WTE` → a number; null when blank; NaN when not a number. */
function parseQuantity(text: string): number | null {
  const compact = text.replace(/[\s\u00a0,]+/g, '').replace(/(hrs?|hours?|wte|fte|pw|perweek)$/i, '');
  if (compact === '') return null;
  return NUMBER.test(compact) ? Number(compact) : Number.NaN;
}

/**
 * Builds pre-privacy HR rows from records of one file whose header and mapping are known.
 * Messages (reason, detail) never repeat the employee reference, the postcode or any column
 * the mapping marks personal: they end up in quarantine, logs and run history.
 */
export class HrRowBuilder {
  private readonly headerLength: number;
  private readonly codeMaps: { contract: (code: string) => ContractType | undefined; gender: (code: string) => Gender | undefined; basis: (code: string) => PayBasis | undefined };
  private readonly unstatedGender: Set<string>;
  private readonly trueValues: Set<string>;

  constructor(
    private readonly fit: WorkforceMappingFit,
    header: readonly string[],
    private readonly dateOrder: DateOrder | null,
    private readonly fixedSnapshotDate: string | null,
  ) {
    this.headerLength = header.length;
    const values = fit.mapping.values;
    this.codeMaps = {
      contract: codeLookup<ContractType>(values.contract_type),
      gender: codeLookup<Gender>(values.gender),
      basis: codeLookup<PayBasis>({ hourly: values.pay_basis.hourly, annual: values.pay_basis.annual }),
    };
    this.unstatedGender = new Set(values.gender_unstated.map(headerKey));
    this.trueValues = new Set(values.true_values.map((value) => value.toLowerCase()));
  }

  build(input: readonly string[]): HrRowOutcome {
    const counted = fieldsForHeader(input, this.headerLength);
    if (!counted.ok) return { kind: 'bad', reason: counted.reason, detail: counted.detail };
    const fields = counted.fields;
    const value = (field: WorkforceField) => {
      const index = this.fit.columns[field];
      return index === undefined ? '' : cleanCell(fields[index]);
    };

    const firstFilled = fields.find((field) => !isBlankCell(field));
    if (firstFilled !== undefined && TOTAL_LABEL.test(cleanCell(firstFilled))) {
      return { kind: 'skip', reason: 'totals line', detail: 'a row labelled as a total' };
    }
    const ref = value('employee_ref');
    if (ref === '') return { kind: 'bad', reason: 'missing employee reference', detail: 'the employee reference is blank' };

    const notes: string[] = [];
    const date = (field: WorkforceField, label: string): { ok: true; iso: string | null } | { ok: false; detail: string } => {
      const text = value(field);
      if (text === '') return { ok: true, iso: null };
      const parsed = parseDate(text, this.dateOrder);
      return parsed.ok ? { ok: true, iso: parsed.iso } : { ok: false, detail: `${label}: ${parsed.reason}` };
    };

    let snapshot: string | null = this.fixedSnapshotDate;
    if (this.fit.columns.snapshot_date !== undefined) {
      const parsed = date('snapshot_date', 'snapshot date');
      if (!parsed.ok) return { kind: 'bad', reason: 'unparseable snapshot date', detail: parsed.detail };
      snapshot = parsed.iso ?? snapshot;
    }
    if (snapshot === null) {
      return { kind: 'bad', reason: 'missing snapshot date', detail: 'the snapshot date is blank and the source sets none (options.snapshot_date)' };
    }
    const start = date('start_date', 'start date');
    if (!start.ok) return { kind: 'bad', reason: 'unparseable start date', detail: start.detail };
    const leave = date('leave_date', 'leave date');
    if (!leave.ok) return { kind: 'bad', reason: 'unparseable leave date', detail: leave.detail };

    const fte = parseQuantity(value('fte'));
    if (Number.isNaN(fte) || (fte !== null && (fte < 0 || fte > 10))) {
      return { kind: 'bad', reason: 'unparseable FTE', detail: `FTE "${value('fte')}" is not a number between 0 and 10` };
    }
    let hours = parseQuantity(value('contracted_hours'));
    if (Number.isNaN(hours) || (hours !== null && (hours < 0 || hours > 168))) {
      return { kind: 'bad', reason: 'unparseable contracted hours', detail: `hours "${value('contracted_hours')}" is not a number of weekly hours` };
    }
    const parse = this.fit.mapping.parse;
    if (hours === null && fte !== null) {
      hours = Math.round(fte * parse.full_time_hours * 10_000) / 10_000;
      notes.push('contracted hours worked out from FTE × the full-time week');
    }

    const pay = this.pay(value);
    if (pay.kind === 'bad') return pay;

    const contractText = value('contract_type');
    let contract: ContractType | null = null;
    if (contractText !== '') {
      contract = this.codeMaps.contract(contractText) ?? null;
      if (contract === null) {
        return {
          kind: 'bad',
          reason: 'unknown contract type',
          detail: `contract type "${contractText}" is not in mapping ${this.fit.mapping.name}'s values.contract_type; add the code there`,
        };
      }
    }
    if (this.fit.columns.is_apprentice !== undefined && this.trueValues.has(value('is_apprentice').toLowerCase())) contract = 'apprentice';

    const genderText = value('gender');
    let gender: Gender | null = null;
    if (genderText !== '' && !this.unstatedGender.has(headerKey(genderText))) {
      gender = this.codeMaps.gender(genderText) ?? null;
      if (gender === null) {
        return { kind: 'bad', reason: 'unknown gender code', detail: `gender code "${genderText}" is not in mapping ${this.fit.mapping.name}'s values.gender` };
      }
    }

    const postcodeText = value('home_postcode');
    const postcode = postcodeText === '' ? null : normalisePostcode(postcodeText);
    if (postcodeText !== '' && postcode === null) notes.push('home postcode not valid: home location unknown');

    return {
      kind: 'row',
      notes,
      row: {
        employee_ref: ref,
        home_postcode: postcode,
        postcode_invalid: postcodeText !== '' && postcode === null,
        snapshot_date: snapshot,
        fte,
        contracted_hours: hours,
        pay_basis: pay.basis,
        pay_pence: pay.pence,
        hourly_pay_pence: hourlyPayPence({
          pay_basis: pay.basis,
          pay_pence: pay.pence,
          contracted_hours: hours,
          fte,
          salary_is_full_time: parse.salary_is_full_time,
          full_time_hours: parse.full_time_hours,
        }),
        grade: value('grade') || null,
        contract_type: contract,
        start_date: start.iso,
        leave_date: leave.iso,
        gender,
      },
    };
  }

  /** The pay on the row: an hourly rate, an annual salary, or an amount with a basis column. */
  private pay(value: (field: WorkforceField) => string):
    | { kind: 'pay'; basis: PayBasis | null; pence: number | null }
    | { kind: 'bad'; reason: string; detail: string } {
    const amount = (text: string, label: string) => {
      // pay rates are published to fractions of a penny (hourly rates such as 10.425): kept to the penny, as pay_pence is
      const parsed = parseAmountPence(text, { sub_penny: 'round' });
      if (!parsed.ok || parsed.pence < 0) return { ok: false as const, detail: `${label} "${text}" is not an amount of money` };
      return { ok: true as const, pence: parsed.pence };
    };
    const hourly = value('hourly_rate');
    const salary = value('annual_salary');
    const generic = value('pay_amount');
    if (hourly !== '') {
      const parsed = amount(hourly, 'hourly rate');
      return parsed.ok ? { kind: 'pay', basis: 'hourly', pence: parsed.pence } : { kind: 'bad', reason: 'unparseable pay', detail: parsed.detail };
    }
    if (salary !== '') {
      const parsed = amount(salary, 'annual salary');
      return parsed.ok ? { kind: 'pay', basis: 'annual', pence: parsed.pence } : { kind: 'bad', reason: 'unparseable pay', detail: parsed.detail };
    }
    if (generic !== '') {
      const basisText = value('pay_basis');
      const basis = this.codeMaps.basis(basisText) ?? null;
      if (basis === null) {
        return { kind: 'bad', reason: 'unknown pay basis', detail: `pay basis "${basisText}" is neither hourly nor annual in mapping ${this.fit.mapping.name}` };
      }
      const parsed = amount(generic, 'pay');
      return parsed.ok ? { kind: 'pay', basis, pence: parsed.pence } : { kind: 'bad', reason: 'unparseable pay', detail: parsed.detail };
    }
    return { kind: 'pay', basis: null, pence: null };
  }
}
