import { quotedString, type DuckDBConnection } from '@duckdb/node-api';
import { MAX_ACRONYM_LENGTH, SKIPPABLE } from './name-comparison';
import { normaliseNameSql } from './name-normalisation';

/** Bump when normalisation rules or the index's tables change: an index built by another version is refused until rebuilt. */
export const NORMALISATION_VERSION = 5;

/** SQL: the initials of a normalised name's words but the small ones (`HQIP` for HEALTHCARE QUALITY IMPROVEMENT PARTNERSHIP); null for fewer than two such words or more than an acronym's letters. */
function nameInitialsSql(column: string): string {
  const content = `list_filter(string_split(${column}, ' '), w -> w NOT IN (${[...SKIPPABLE].map(quotedString).join(', ')}))`;
  return `CASE WHEN len(${content}) BETWEEN 2 AND ${MAX_ACRONYM_LENGTH} THEN array_to_string(list_transform(${content}, w -> w[1]), '') END`;
}

/**
 * Build the matching index inside the registers database, set-based in DuckDB:
 * - `match_names`: grain (org_id, name_norm): every current and previous name, normalised, and
 *   without its spaces (`name_compact`: the lookup key, so names written together or apart meet),
 *   and its initials (`name_initials`: a ledger's bare acronym, `HQIP`, finds the name it stands for);
 * - `match_tokens`: grain (token, org_id): the blocking index, with the token's df, sorted by df;
 * - `match_token_df`: grain token: in how many organisations it occurs (its rarity);
 * - `match_index_meta`: one row: organisations indexed, rules version, when.
 * Run after any register load. Returns the number of organisations indexed.
 */
export async function buildNameIndex(conn: DuckDBConnection): Promise<number> {
  await conn.run(`CREATE OR REPLACE TABLE match_names AS
    SELECT org_id, name_norm, replace(name_norm, ' ', '') AS name_compact, ${nameInitialsSql('name_norm')} AS name_initials, bool_or(is_current) AS is_current
    FROM (SELECT org_id, ${normaliseNameSql('name')} AS name_norm, is_current FROM organisation_names)
    WHERE name_norm <> '' GROUP BY org_id, name_norm`);
  await conn.run(`CREATE OR REPLACE TABLE match_tokens_unsorted AS
    SELECT DISTINCT unnest(string_split(name_norm, ' ')) AS token, org_id FROM match_names`);
  await conn.run(`CREATE OR REPLACE TABLE match_token_df AS SELECT token, count(*) AS df FROM match_tokens_unsorted GROUP BY token`);
  // Sorted by rarity then token: a query for rare tokens (df <= the blocking bound) reads only the
  // row groups that hold them, not the common words' (LIMITED, SERVICES, …), half the rows.
  await conn.run(`CREATE OR REPLACE TABLE match_tokens AS
    SELECT t.token, t.org_id, d.df FROM match_tokens_unsorted t JOIN match_token_df d USING (token) ORDER BY d.df, t.token`);
  await conn.run(`DROP TABLE match_tokens_unsorted`);
  await conn.run(`CREATE OR REPLACE TABLE match_index_meta AS
    SELECT (SELECT count(*) FROM organisations) AS organisations, ${NORMALISATION_VERSION} AS normalisation_version, now() AS built_at`);
  return Number((await conn.runAndReadAll(`SELECT organisations FROM match_index_meta`)).getRowObjectsJS()[0]?.organisations ?? 0);
}
