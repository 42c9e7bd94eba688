/**
 * Money as published → integer pence, exactly (no floating point on the way).
 * Accepts `£`, thousands separators, ordinary and non-breaking spaces, `(123.45)`,
 * leading `-`, trailing `-` or `CR` for credits, and integers. More than two decimal places
 * is a fraction of a penny: refused (the row is quarantined with the reason), unless the extra
 * places are zeros (`12.3400`) or the caller says to round (`sub_penny: 'round'`, where a
 * mapping declares it), never rounded silently.
 */
export type AmountResult = { ok: true; pence: number } | { ok: false; reason: string; /** more than two decimal places */ sub_penny?: true };

const SPACES = /[\s\u00a0\u2007\u202f]+/g;
const NUMBER = /^(\d*)(?:\.(\d*))?$/;

export function parseAmountPence(input: string, options: { decimal_comma?: boolean; sub_penny?: 'refuse' | 'round' } = {}): AmountResult {
  let text = input.replace(SPACES, '');
  if (text === '') return { ok: false, reason: 'amount is blank' };
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (/cr$/i.test(text)) {
    negative = !negative;
    text = text.slice(0, -2);
  } else if (/dr$/i.test(text)) {
    text = text.slice(0, -2);
  }
  if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  }
  text = text.replace(/^(?:£|GBP|\u00a3)/i, '');
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  }
  if (options.decimal_comma) {
    text = text.replace(/\./g, '').replace(',', '.');
  } else if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) {
    text = text.replace(/,/g, '');
  }
  const match = NUMBER.exec(text);
  if (!match || !/\d/.test(text)) return { ok: false, reason: `"${input.trim()}" is not an amount` };
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(3, '0');
  const subPenny = /[1-9]/.test(fraction.slice(2));
  if (subPenny && (options.sub_penny ?? 'refuse') === 'refuse') {
    return { ok: false, sub_penny: true, reason: `"${input.trim()}" has more than two decimal places (a fraction of a penny); a mapping can set parse.sub_penny: round` };
  }
  let pence = Number(whole) * 100 + Number(fraction.slice(0, 2));
  // sub_penny 'round': half away from zero on the third decimal.
  if (Number(fraction[2]) >= 5) pence += 1;
  if (!Number.isSafeInteger(pence)) return { ok: false, reason: `"${input.trim()}" is too large to be an amount` };
  return { ok: true, pence: negative && pence !== 0 ? -pence : pence };
}

/** Pence → pounds as a string with 2 decimals, exact (e.g. -8526000 → "-85260.00"). */
export function formatPence(pence: number | bigint): string {
  const value = BigInt(pence);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
