import { headerKey } from './header-names';

/**
 * When no payments layout fits a header, says what the file looks like instead, so the
 * rejection is specific: a supplier-totals summary, a contracts register, a budget, or unknown.
 */
export function describeNonPaymentHeader(header: readonly string[]): { reason: string; expected: string } {
  const keys = header.map(headerKey).filter((key) => key !== '');
  const has = (pattern: RegExp) => keys.some((key) => pattern.test(key));
  const expected = 'a payments layout: one row per payment with a payment date, an amount and a supplier';
  const shown = header.filter((name) => name.trim() !== '').slice(0, 12).join(', ');
  if (looksLikeContractsRegister(header)) {
    return { reason: `looks like a contracts register, not payments (columns: ${shown})`, expected };
  }
  if (has(/budget|forecast|outturn|variance|estimate/)) {
    return { reason: `looks like a budget, not payments (columns: ${shown})`, expected };
  }
  const hasSupplier = has(/supplier|vendor|beneficiary|payee|creditor/);
  const hasMoney = has(/total|amount|spend|value|sum/);
  const hasDate = has(/date|paid|period|month/);
  if (hasSupplier && hasMoney && !hasDate) {
    return {
      reason: `looks like supplier totals (a supplier and an amount, but no payment date), not individual payments (columns: ${shown})`,
      expected,
    };
  }
  if (header.length === 0) return { reason: 'the file has no header line (no data found)', expected };
  return { reason: `no payments mapping fits the header (columns: ${shown})`, expected };
}

/**
 * A contracts register names suppliers, values and dates too: it is told from payments by a
 * contract column with start, end, expiry or award dates (or a duration), and no column that
 * names a payment or a transaction.
 */
export function looksLikeContractsRegister(header: readonly string[]): boolean {
  const words = new Set(header.flatMap((name) => name.toLowerCase().split(/[^a-z0-9]+/)));
  const keys = header.map(headerKey);
  const hasContract = keys.some((key) => key.includes('contract'));
  const hasTerm = ['start', 'end', 'expiry', 'award', 'awarded', 'duration', 'term'].some((word) => words.has(word));
  const namesPayments = ['paid', 'payment', 'transaction'].some((word) => words.has(word));
  return hasContract && hasTerm && !namesPayments;
}
