import { quotedIdentifier } from '@duckdb/node-api';

/**
 * UK postcode shape after removing all white space: an outward code (area letters, district
 * digit, optional digit/letter) then the 3-character inward code (digit + 2 letters).
 * `GIR0AA` (Girobank) is the one historic exception ONS still lists.
 */
const COMPACT_POSTCODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$/;

/**
 * Normalise a postcode to the ONS `pcds` form: upper case, no inner white space except one
 * space before the 3-character inward code. `SR432AA`, `sr4 32aa`, `SR43  2AA` → `SR43 2AA`.
 * Returns null when the input is not a plausible UK postcode (wrong shape or length).
 */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (!COMPACT_POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/**
 * The same normalisation as a DuckDB SQL expression over a VARCHAR column, so reference
 * files are normalised inside DuckDB (no JavaScript row loop). Implausible values give NULL.
 */
export function normalisePostcodeSql(column: string): string {
  const compact = `upper(regexp_replace(${quotedIdentifier(column)}, '\\s+', '', 'g'))`;
  return `CASE WHEN regexp_full_match(${compact}, '${COMPACT_POSTCODE.source.slice(1, -1)}')
    THEN left(${compact}, length(${compact}) - 3) || ' ' || right(${compact}, 3) END`;
}
