/**
 * Repairs a record that lost the delimiter(s) around a date, as in Lambeth's
 * `A A GuestHouses,25/06/2012900,…` (date+amount), `Catch2212/06/2012,8755.20,…` (supplier+date)
 * and `Inter High Education/Academy2129/05/2012740,…` (supplier+date+amount).
 * The split is unambiguous only because the date is fixed-width (dd/mm/yyyy or yyyy-mm-dd: 10
 * characters), so only such dates are split, only between adjacent supplier/date/amount columns,
 * and only when the record is short by exactly the number of delimiters restored.
 */
const DATE = String.raw`(\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2})`;
const AMOUNT = String.raw`(-?£?\(?\d[\d,]*(?:\.\d+)?\)?)`;
const DATE_AMOUNT = new RegExp(`^${DATE}${AMOUNT}$`);
const TEXT_DATE = new RegExp(`^(.*\\S)${DATE}$`);
const TEXT_DATE_AMOUNT = new RegExp(`^(.*\\S)${DATE}${AMOUNT}$`);

export interface FusedRepair {
  fields: string[];
  note: string;
}

export function repairFusedDate(
  fields: readonly string[],
  headerLength: number,
  columns: { supplier?: number; date?: number; amount?: number },
): FusedRepair | null {
  const { supplier, date, amount } = columns;
  if (date === undefined) return null;
  const missing = headerLength - fields.length;
  const amountFollows = amount === date + 1;
  const supplierPrecedes = supplier === date - 1;
  if (missing === 1 && amountFollows) {
    const match = DATE_AMOUNT.exec((fields[date] ?? '').trim());
    if (match) {
      return {
        fields: [...fields.slice(0, date), match[1] ?? '', match[2] ?? '', ...fields.slice(date + 1)],
        note: 'date and amount fused (delimiter missing): split after the fixed-width date',
      };
    }
  }
  if (missing === 1 && supplierPrecedes) {
    const match = TEXT_DATE.exec((fields[date - 1] ?? '').trim());
    if (match) {
      return {
        fields: [...fields.slice(0, date - 1), match[1] ?? '', match[2] ?? '', ...fields.slice(date)],
        note: 'supplier and date fused (delimiter missing): split before the fixed-width date',
      };
    }
  }
  if (missing === 2 && supplierPrecedes && amountFollows) {
    const match = TEXT_DATE_AMOUNT.exec((fields[date - 1] ?? '').trim());
    if (match) {
      return {
        fields: [...fields.slice(0, date - 1), match[1] ?? '', match[2] ?? '', match[3] ?? '', ...fields.slice(date)],
        note: 'supplier, date and amount fused (delimiters missing): split around the fixed-width date',
      };
    }
  }
  return null;
}
