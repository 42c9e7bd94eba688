/** VAT, charity and postcode normalisation for supplier identifiers published in spend files. */

/**
 * VAT registration numbers. UK: 9 or 12 digits (government `GD`/health `HA` + 3), the `GB` prefix
 * and spacing removed. Other countries keep their 2-letter prefix (`DE174312921`).
 */
/** The identifier shapes (the DuckDB fast path reads these same patterns). */
export const VAT_UK = [/^\d{9}$|^\d{12}$/, /^(GD|HA)\d{3}$/] as const;
export const VAT_OTHER = /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|CH|NO)[0-9A-Z]{8,12}$/;
export const CHARITY = [/^\d{6,8}(-\d{1,2})?$/, /^SC0\d{5}$/] as const;
export const VENDOR_CODE = /^\s*([A-Z0-9]{4,20})\s+:\s+(.+?)\s*$/;

export function normaliseVatNumber(input: string): string | null {
  const text = input.replace(/[\s\u00a0.-]+/g, '').toUpperCase();
  const uk = text.replace(/^GB/, '');
  if (VAT_UK.some((pattern) => pattern.test(uk))) return uk;
  if (VAT_OTHER.test(text)) return text;
  return null;
}

/** Charity numbers (England & Wales 6–8 digits with an optional `-n` subsidiary; Scotland SC0nnnnn). */
export function normaliseCharityNumber(input: string): string | null {
  const text = input.replace(/[\s\u00a0]+/g, '').toUpperCase();
  if (CHARITY.some((pattern) => pattern.test(text))) return text;
  return null;
}

/** UK postcodes: the shared definition in the contracts (`IG117RS` → `IG11 7RS`). */
export { normalisePostcode } from '@cwb/contracts';

/** `CODE : Name` vendor-prefixed supplier names (Oracle-style ERP exports). */
export function splitVendorCode(input: string): { code: string; name: string } | null {
  const match = VENDOR_CODE.exec(input);
  return match ? { code: match[1] ?? '', name: match[2] ?? '' } : null;
}
