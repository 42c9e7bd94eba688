import { cleanCell } from '../tabular/cell-text';
import { parseAmountPence } from '../values/amount';
import { normaliseCompanyNumber } from '../values/company-number';
import { parseDate } from '../values/date';
import { normaliseCharityNumber, normalisePostcode, normaliseVatNumber } from '../values/supplier-identifiers';
import type { ValueKind } from './column-lexicon';

/** What a sample of one column's cells looks like. */
export interface ColumnValues {
  /** Cells sampled (rows with this column present). */
  cells: number;
  filled: number;
  distinct: number;
  /** Share of the filled cells that read as each kind. */
  share: Record<ValueKind, number>;
  /** Up to three filled cells, for evidence. */
  examples: string[];
}

const FLAG = /^(y|n|yes|no|true|false|0|1|x|-)$/i;
const LETTERS = /[A-Za-z].*[A-Za-z]/;
const DIGIT = /\d/;

const checks: Record<ValueKind, (text: string) => boolean> = {
  date: (text) => DIGIT.test(text) && (parseDate(text, 'dmy').ok || parseDate(text, 'mdy').ok),
  amount: (text) => parseAmountPence(text, { sub_penny: 'round' }).ok,
  name: (text) => LETTERS.test(text),
  postcode: (text) => normalisePostcode(text) !== null,
  company_number: (text) => normaliseCompanyNumber(text) !== null,
  charity_number: (text) => normaliseCharityNumber(text) !== null,
  vat_number: (text) => normaliseVatNumber(text) !== null,
  flag: (text) => FLAG.test(text),
  text: () => true,
};

const KINDS = Object.keys(checks) as ValueKind[];

/** Profiles one column over sampled data records (cells beyond a short record count as missing; placeholder cells as blank). */
export function profileColumn(
  records: readonly (readonly string[])[],
  index: number,
  placeholders: ReadonlySet<string> = new Set(),
): ColumnValues {
  const counts = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<ValueKind, number>;
  const seen = new Set<string>();
  const examples: string[] = [];
  let cells = 0;
  let filled = 0;
  for (const fields of records) {
    if (index >= fields.length) continue;
    cells += 1;
    const text = cleanCell(fields[index]);
    if (text === '' || placeholders.has(text.toLowerCase())) continue;
    filled += 1;
    if (seen.size < 10_000) seen.add(text);
    if (examples.length < 3 && !examples.includes(text)) examples.push(text);
    for (const kind of KINDS) if (checks[kind](text)) counts[kind] += 1;
  }
  const share = Object.fromEntries(KINDS.map((kind) => [kind, filled === 0 ? 0 : counts[kind] / filled])) as Record<ValueKind, number>;
  return { cells, filled, distinct: seen.size, share, examples };
}

/** The least share of filled cells that must read as a role's kind for the column to fill it. */
const MIN_SHARE: Record<ValueKind, number> = {
  date: 0.8,
  amount: 0.9,
  name: 0.8,
  postcode: 0.5,
  company_number: 0.5,
  charity_number: 0.5,
  vat_number: 0.5,
  flag: 0.9,
  text: 0,
};

export type ValueVerdict = { fits: true; factor: number; evidence: string } | { fits: false; evidence: string };

/**
 * Whether a column's values can fill a role of this kind, and how much that confirms the header
 * (a factor on the header's score). Identifier and flag columns may be mostly blank; dates,
 * amounts and names must be filled in most rows.
 */
export function judgeValues(values: ColumnValues, kind: ValueKind, required: boolean): ValueVerdict {
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  if (values.cells === 0) return { fits: true, factor: 0.8, evidence: 'no data rows to check' };
  if (values.filled === 0) {
    return required ? { fits: false, evidence: 'every sampled cell is blank' } : { fits: true, factor: 0.7, evidence: 'blank in every sampled row' };
  }
  const share = values.share[kind];
  const filledShare = values.filled / values.cells;
  if (kind === 'text') return { fits: true, factor: 1, evidence: `${pct(filledShare)} filled` };
  if (share < MIN_SHARE[kind]) {
    return { fits: false, evidence: `only ${pct(share)} of ${values.filled} filled cells read as ${kindLabel(kind)} (e.g. ${quote(values.examples)})` };
  }
  if (required && filledShare < 0.5) {
    return { fits: false, evidence: `blank in ${pct(1 - filledShare)} of sampled rows` };
  }
  let factor = 0.5 + 0.5 * share;
  let evidence = `${pct(share)} of ${values.filled} filled cells read as ${kindLabel(kind)}`;
  if (kind === 'name' && values.filled >= 20 && values.distinct <= 1) {
    factor *= 0.3;
    evidence += `, but all the same (${quote(values.examples)}): more like the publisher's name`;
  }
  if (kind === 'amount' && values.share.date >= 0.9) {
    factor *= 0.3;
    evidence += ', but they also read as dates';
  }
  return { fits: true, factor, evidence };
}

function kindLabel(kind: ValueKind): string {
  return kind === 'name' ? 'names (text with letters)' : `${kind.replace('_', ' ')}s`;
}

function quote(examples: readonly string[]): string {
  return examples.map((text) => `"${text.length > 30 ? `${text.slice(0, 30)}…` : text}"`).join(', ');
}
