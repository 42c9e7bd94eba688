/**
 * Companies House numbers → the 8-character register form.
 * `3350709` → `03350709`; `sc123456` → `SC123456`; `OC 361323` → `OC361323`.
 * A prefixed number keeps its 2-letter prefix and pads its digits to 6.
 */
export const PREFIXES = new Set([
  'SC', 'NI', 'OC', 'SO', 'NC', 'FC', 'SF', 'NF', 'CE', 'CS', 'IP', 'SP', 'NP', 'IC', 'SI', 'NV',
  'RC', 'SR', 'NR', 'LP', 'SL', 'NL', 'GE', 'GS', 'GN', 'SE', 'ZC', 'SZ', 'NO', 'RS', 'SA', 'NA',
  'AC', 'SG', 'NZ', 'ES', 'PC', 'R0',
]);

export function normaliseCompanyNumber(input: string): string | null {
  const text = input.replace(/[\s\u00a0.]+/g, '').toUpperCase();
  if (text === '' || /^0+$/.test(text)) return null;
  if (/^\d{1,8}$/.test(text)) return text.padStart(8, '0');
  const match = /^([A-Z][A-Z0-9])(\d{1,6})$/.exec(text);
  if (match && PREFIXES.has(match[1] ?? '')) return `${match[1]}${(match[2] ?? '').padStart(6, '0')}`;
  return null;
}

/**
 * A company number inside an ERP vendor code, e.g. Kingston's `UKOC36132301` (OC361323)
 * or `UK0006253701` (00062537): `UK` + the 8-character number + a 2-digit site suffix.
 */
export const VENDOR_COMPANY = /^UK((?:[A-Z]{2}|\d{2})\d{6})\d{2}$/;

export function companyNumberFromVendorCode(code: string): string | null {
  const match = VENDOR_COMPANY.exec(code.trim().toUpperCase());
  return match ? normaliseCompanyNumber(match[1] ?? '') : null;
}
