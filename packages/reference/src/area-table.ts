import { DuckDBInstance } from '@duckdb/node-api';
import { z } from 'zod';

/** One local-authority code as the reference knows it, with its successor if abolished. */
export const ladEntrySchema = z.object({
  lad_code: z.string(),
  lad_name: z.string().nullable(),
  county_code: z.string().nullable(),
  region_code: z.string().nullable(),
  country_code: z.string().nullable(),
  successor_code: z.string().nullable(),
  successor_name: z.string().nullable(),
  successor_from: z.string().nullable(),
});
export type LadEntry = z.infer<typeof ladEntrySchema>;

/** The area names and LAD hierarchy of one reference version, in memory (a few hundred rows). */
export interface AreaTable {
  vintage: string;
  lads: ReadonlyMap<string, LadEntry>;
  /** Every named area code (LAD, county, region, country) → name and level. */
  names: ReadonlyMap<string, { name: string; level: string }>;
}

/** Read the `lad_hierarchy`, `area_successors` and `areas` of a reference database (read-only). */
export async function loadAreaTable(referencePath: string): Promise<AreaTable> {
  const instance = await DuckDBInstance.create(referencePath, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const lads = (
      await conn.runAndReadAll(`SELECT h.lad_code, h.lad_name, h.county_code, h.region_code, h.country_code,
          s.new_code AS successor_code, s.new_name AS successor_name, CAST(s.effective_from AS VARCHAR) AS successor_from
        FROM lad_hierarchy h LEFT JOIN area_successors s ON s.old_code = h.lad_code`)
    ).getRowObjectsJS();
    const names = (await conn.runAndReadAll(`SELECT code, name, level FROM areas`)).getRowObjectsJS();
    const vintage = (await conn.runAndReadAll(`SELECT value FROM reference_meta WHERE key = 'vintage'`)).getRowObjectsJS()[0]?.value;
    return {
      vintage: String(vintage ?? 'unknown'),
      lads: new Map(lads.map((row) => [row.lad_code as string, ladEntrySchema.parse(row)])),
      names: new Map(names.map((row) => [row.code as string, { name: row.name as string, level: row.level as string }])),
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/**
 * The current code for a LAD code, following successors (Taunton Deane → Somerset West and
 * Taunton → Somerset). Unknown codes are returned unchanged.
 */
export function currentLadCode(table: AreaTable, code: string): string {
  let current = code;
  for (let hops = 0; hops < 10; hops++) {
    const next = table.lads.get(current)?.successor_code;
    if (!next) return current;
    current = next;
  }
  throw new Error(`successor chain from ${code} does not end (check data/area-successors.csv for a cycle)`);
}
