/**
 * UK postcode shape after removing all white space: an outward code (area letters, district
 * digit, optional digit/letter) then the 3-character inward code (digit + 2 letters).
 * `GIR0AA` (Girobank) is the one historic exception ONS still lists.
 */
export const COMPACT_UK_POSTCODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$/;

/**
 * Normalises a postcode to the ONS `pcds` form: upper case, one space before the
 * 3-character inward code. `SR432AA`, `sr4 32aa`, `SR43  2AA`, `IG11\u00a07RS` →
 * `SR43 2AA`, `IG11 7RS`. Returns null when the input is not a plausible UK postcode.
 * The one definition shared by connectors (ledger postcodes) and the reference (ONSPD).
 */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/[\s\u00a0]+/g, '').toUpperCase();
  if (!COMPACT_UK_POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
