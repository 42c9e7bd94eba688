/** VAT, charity and postcode normalisation for supplier identifiers published in spend files. */

/**
 * VAT registration numbers. UK: 9 or 12 digits (government `GD`/health `HA` + 3), the `GB` prefix
 * and spacing removed. Other countries keep their 2-letter prefix (`DE174312921`).
 */
export function normaliseVatNumber(input: string): string | null {
  const text = input.replace(/[\s\u00a0.-]+/g, '').toUpperCase();
  const uk = text.replace(/^GB/, '');
  if (/^\d{9}$|^\d{12}$/.test(uk)) return uk;
  if (/^(GD|HA)\d{3}$/.test(uk)) return uk;
  if (/^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|CH|NO)[0-9A-Z]{8,12}$/.test(text)) {
    return text;
  }
  return null;
}

/** Charity numbers (England & Wales 6–8 digits with an optional `-n` subsidiary; Scotland SC0nnnnn). */
export function normaliseCharityNumber(input: string): string | null {
  const text = input.replace(/[\s\u00a0]+/g, '').toUpperCase();
  if (/^\d{6,8}(-\d{1,2})?$/.test(text)) return text;
  if (/^SC0\d{5}$/.test(text)) return text;
  return null;
}

/** UK postcodes: the shared definition in the contracts (`IG117RS` → `IG11 7RS`). */
export { normalisePostcode } from '@cwb/contracts';

/** `CODE : Name` vendor-prefixed supplier names (Oracle-style ERP exports). */
export function splitVendorCode(input: string): { code: string; name: string } | null {
  const match = /^\s*([A-Z0-9]{4,20})\s+:\s+(.+?)\s*$/.exec(input);
  return match ? { code: match[1] ?? '', name: match[2] ?? '' } : null;
}
