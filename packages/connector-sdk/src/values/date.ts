/**
 * Dates as published → ISO `YYYY-MM-DD`.
 * Formats: dd/mm/yyyy (and `-` or `.` separators, 2-digit years), US m/d/yyyy, d-Mon-yy,
 * DD-MON-YYYY, `d Month yyyy`, ISO (with or without a time), yyyymmdd, Excel serial numbers
 * and YYYYMM periods (the first day of the period).
 * Numeric day/month order is never guessed: it is `dmy`, `mdy`, or the caller must say.
 */
export type DateOrder = 'dmy' | 'mdy';
export type DateResult = { ok: true; iso: string; note?: string } | { ok: false; reason: string };

export const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};

/** The date shapes, in the order they are tried (the DuckDB fast path reads these same patterns). */
export const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
export const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
export const NAMED = /^(\d{1,2})[-\s/]([A-Za-z]{3,9})[-\s/,]+(\d{2}|\d{4})$/;
export const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
export const PERIOD = /^(\d{4})(\d{2})$/;
export const SERIAL = /^\d{5}(?:\.\d+)?$/;

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length === 4) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD`, or null when the day does not exist (checked by arithmetic: once per payment, a Date object cost ~5% of extraction). */
function isoOf(year: number, month: number, day: number, earliestYear = 1900): string | null {
  if (month < 1 || month > 12 || day < 1 || year < earliestYear || year > 2199) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number))) return null;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** What a numeric `a/b/yyyy` date proves about the order: only a part above 12 decides. */
export function dateOrderEvidence(input: string): DateOrder | 'ambiguous' | null {
  const match = NUMERIC.exec(input.trim());
  if (!match) return null;
  const a = Number(match[1]);
  const b = Number(match[2]);
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  if (a === b) return null;
  return 'ambiguous';
}

/**
 * `earliestYear` (default 1900) refuses older years, which in a ledger are typing errors; a
 * register of organisations founded since the 1840s passes an earlier one.
 */
export function parseDate(input: string, order: DateOrder | null, earliestYear = 1900): DateResult {
  const text = input.replace(/[\s\u00a0]+/g, ' ').trim();
  if (text === '') return { ok: false, reason: 'date is blank' };
  let match = NUMERIC.exec(text);
  if (match) {
    const a = Number(match[1]);
    const b = Number(match[2]);
    const year = fullYear(match[3] ?? '');
    if (order === null && a !== b && a <= 12 && b <= 12) {
      return { ok: false, reason: `"${text}" could be dd/mm or mm/dd and the day/month order is not set` };
    }
    const [day, month] = (order ?? (a > 12 ? 'dmy' : 'mdy')) === 'dmy' ? [a, b] : [b, a];
    const iso = isoOf(year, month, day, earliestYear);
    return iso
      ? { ok: true, iso }
      : { ok: false, reason: `"${text}" is not a valid date in ${order ?? 'either'} order` };
  }
  match = ISO.exec(text);
  if (match) {
    const iso = isoOf(Number(match[1]), Number(match[2]), Number(match[3]), earliestYear);
    return iso ? { ok: true, iso } : { ok: false, reason: `"${text}" is not a valid ISO date` };
  }
  match = NAMED.exec(text);
  if (match) {
    const month = MONTHS[(match[2] ?? '').toLowerCase()];
    const iso = month ? isoOf(fullYear(match[3] ?? ''), month, Number(match[1]), earliestYear) : null;
    return iso ? { ok: true, iso } : { ok: false, reason: `"${text}" is not a valid date` };
  }
  match = COMPACT.exec(text);
  if (match) {
    const iso = isoOf(Number(match[1]), Number(match[2]), Number(match[3]), earliestYear);
    if (iso) return { ok: true, iso };
  }
  match = PERIOD.exec(text);
  if (match) {
    const iso = isoOf(Number(match[1]), Number(match[2]), 1, earliestYear);
    if (iso) return { ok: true, iso, note: 'date is a YYYYMM period: first day of the month used' };
  }
  if (SERIAL.test(text)) {
    const serial = Math.floor(Number(text));
    // Excel's day 0 is 1899-12-30 (the 1900 leap-year bug is absorbed by this epoch for dates after March 1900).
    if (serial >= 20000 && serial <= 110000) {
      return { ok: true, iso: new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10) };
    }
  }
  return { ok: false, reason: `"${text}" is not a date in any known format` };
}
