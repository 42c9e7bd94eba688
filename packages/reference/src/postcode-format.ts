import { quotedIdentifier } from '@duckdb/node-api';
import { COMPACT_UK_POSTCODE as COMPACT_POSTCODE } from '@cwb/contracts';

/** The shared definition (contracts); the SQL form below mirrors it. */
export { normalisePostcode } from '@cwb/contracts';

/**
 * The same normalisation as a DuckDB SQL expression over a VARCHAR column, so reference
 * files are normalised inside DuckDB (no JavaScript row loop). Implausible values give NULL.
 */
export function normalisePostcodeSql(column: string): string {
  const compact = `upper(regexp_replace(${quotedIdentifier(column)}, '\\s+', '', 'g'))`;
  return `CASE WHEN regexp_full_match(${compact}, '${COMPACT_POSTCODE.source.slice(1, -1)}')
    THEN left(${compact}, length(${compact}) - 3) || ' ' || right(${compact}, 3) END`;
}
