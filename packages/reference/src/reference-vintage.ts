import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A vintage label is used in file names: letters, digits, '.', '_' and '-' only. */
export const VINTAGE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/**
 * The vintage of a postcode directory, from ONS's file naming (`NSPL_NOV_2021_UK_LD.csv`,
 * `ONSPD_AUG_2025_UK.csv`, `nspl_nov2021_…`) → `nspl-2021-11`. Null when the names say nothing.
 */
export function vintageFromFileNames(files: readonly string[]): string | null {
  const labels = new Set<string>();
  for (const file of files) {
    const m = /(onspd|nspl)[_-]?([a-z]{3})[_-]?(\d{4})/i.exec(basename(file));
    const month = m ? MONTHS.indexOf((m[2] as string).toLowerCase()) : -1;
    if (!m || month < 0) return null;
    labels.add(`${(m[1] as string).toLowerCase()}-${m[3]}-${String(month + 1).padStart(2, '0')}`);
  }
  return labels.size === 1 ? [...labels][0] ?? null : null;
}

/**
 * Fallback vintage from the data itself: the product and the latest month any postcode was
 * introduced (`onspd-2025-08`), read from the loaded `postcodes` table.
 */
export async function vintageFromData(conn: DuckDBConnection, product: string): Promise<string> {
  const row = (await conn.runAndReadAll(`SELECT max(introduced_on) AS m FROM postcodes`)).getRowObjectsJS()[0];
  return `${product}-${(row?.m as string | null) ?? 'undated'}`;
}
