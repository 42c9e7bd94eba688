import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quotedString } from '@duckdb/node-api';
import { failOnRows } from './sql-checks';

/**
 * The shipped table of abolished local-authority codes and their successors (data/area-successors.csv):
 * the 2019 Dorset/Suffolk/Somerset West, 2020 Buckinghamshire, 2021 Northamptonshire and 2023
 * Cumbria/North Yorkshire/Somerset reorganisations, each row citing the ONS Code History Database
 * and the structural changes order. Chains (Taunton Deane → Somerset West and Taunton → Somerset)
 * are resolved by following rows.
 */
export const AREA_SUCCESSORS_FILE = fileURLToPath(new URL('../data/area-successors.csv', import.meta.url));

/** Load the shipped successors into `area_successors`, rejecting cycles and duplicate old codes. */
export async function loadAreaSuccessors(conn: DuckDBConnection, file = AREA_SUCCESSORS_FILE): Promise<number> {
  await conn.run(`INSERT INTO area_successors
    SELECT old_code, old_name, new_code, new_name, CAST(effective_from AS DATE), source
      FROM read_csv(${quotedString(file)}, header = true, auto_detect = false, quote = '"', escape = '"',
        columns = {'old_code': 'VARCHAR', 'old_name': 'VARCHAR', 'new_code': 'VARCHAR', 'new_name': 'VARCHAR',
                   'effective_from': 'VARCHAR', 'source': 'VARCHAR'})`);
  await failOnRows(conn, `SELECT old_code FROM area_successors GROUP BY old_code HAVING count(*) > 1`, (r) => ({
    problem: `old code ${String(r.old_code)} has more than one successor`,
    file,
    hint: 'a merged district has exactly one successor; split areas are not supported by this table',
  }));
  await failOnRows(conn, `SELECT old_code FROM area_successors WHERE old_code = new_code OR NOT regexp_full_match(old_code, '[ENSW][0-9]{8}') OR NOT regexp_full_match(new_code, '[ENSW][0-9]{8}')`, (r) => ({
    problem: `row for ${String(r.old_code)} is not an old → new pair of GSS codes`,
    file,
  }));
  return Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM area_successors`)).getRowObjectsJS()[0]?.n ?? 0);
}
