import { existsSync } from 'node:fs';
import { DuckDBInstance, LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { normalisePostcode } from './postcode-format';
import { postcodeLocationSchema, type PostcodeLocation } from './postcode-location';
import { ReferenceInputError } from './reference-input-error';

/** Everything `cwb lookup postcode` prints: a location plus area names and the deprivation rank. */
export type PostcodeDescription = PostcodeLocation & {
  lad_name: string | null;
  lad_name_welsh: string | null;
  region_name: string | null;
  country_name: string | null;
  imd_rank: number | null;
  imd_index: string | null;
  introduced_on: string | null;
  lat: number | null;
  long: number | null;
};

/**
 * A read-only handle on one reference version. Open once per batch (or per worker) and reuse;
 * every lookup is one set-based query, never one query per postcode.
 */
export class ReferenceReader {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Open a reference database READ_ONLY (many processes may do so while a new version is built). */
  static async open(path: string, options: { threads?: number; memoryLimit?: string } = {}): Promise<ReferenceReader> {
    if (!existsSync(path)) {
      throw new ReferenceInputError('reference database not found', { file: path, hint: 'build one with `cwb reference load postcodes <file…>`' });
    }
    const instance = await DuckDBInstance.create(path, {
      access_mode: 'READ_ONLY',
      threads: String(options.threads ?? 2),
      memory_limit: options.memoryLimit ?? '256MB',
    });
    return new ReferenceReader(path, instance, await instance.connect());
  }

  /** The vintage label of this version. */
  async vintage(): Promise<string> {
    const row = (await this.conn.runAndReadAll(`SELECT value FROM reference_meta WHERE key = 'vintage'`)).getRowObjectsJS()[0];
    return String(row?.value ?? 'unknown');
  }

  /**
   * Locate postcodes (any spacing or case). Returns a map keyed by the input string for every
   * input that normalises to a postcode present in the reference; inputs missing from the map
   * are "postcode not in reference" (or not a postcode at all).
   */
  async locate(postcodes: readonly string[]): Promise<Map<string, PostcodeLocation>> {
    const rows = await this.query(postcodes, LOCATION_COLUMNS, '');
    const out = new Map<string, PostcodeLocation>();
    for (const [input, row] of rows) out.set(input, postcodeLocationSchema.parse(row));
    return out;
  }

  /** Like `locate`, with area names, rank and grid position for explaining a single result. */
  async describe(postcodes: readonly string[]): Promise<Map<string, PostcodeDescription>> {
    const rows = await this.query(postcodes, `${LOCATION_COLUMNS},
      h.lad_name, h.lad_name_welsh, r.name AS region_name, c.name AS country_name,
      l.imd_rank, l.imd_index, l.introduced_on, l.lat, l.long`, DESCRIBE_JOINS);
    const out = new Map<string, PostcodeDescription>();
    for (const [input, row] of rows) {
      const base = postcodeLocationSchema.parse(row);
      out.set(input, {
        ...base,
        lad_name: (row.lad_name as string | null) ?? null,
        lad_name_welsh: (row.lad_name_welsh as string | null) ?? null,
        region_name: (row.region_name as string | null) ?? null,
        country_name: (row.country_name as string | null) ?? null,
        imd_rank: row.imd_rank === null ? null : Number(row.imd_rank),
        imd_index: (row.imd_index as string | null) ?? null,
        introduced_on: (row.introduced_on as string | null) ?? null,
        lat: (row.lat as number | null) ?? null,
        long: (row.long as number | null) ?? null,
      });
    }
    return out;
  }

  private async query(postcodes: readonly string[], columns: string, joins: string): Promise<Map<string, Record<string, unknown>>> {
    const inputsByPostcode = new Map<string, string[]>();
    for (const input of postcodes) {
      const normal = normalisePostcode(input);
      if (normal === null) continue;
      const inputs = inputsByPostcode.get(normal);
      if (inputs) inputs.push(input);
      else inputsByPostcode.set(normal, [input]);
    }
    const out = new Map<string, Record<string, unknown>>();
    if (inputsByPostcode.size === 0) return out;
    const reader = await this.conn.runAndReadAll(
      `WITH wanted AS (SELECT unnest($postcodes) AS postcode)
       SELECT ${columns}
         FROM postcode_locations l
         JOIN wanted w USING (postcode)
         ${joins}`,
      { postcodes: listValue([...inputsByPostcode.keys()]) },
      { postcodes: LIST(VARCHAR) },
    );
    for (const row of reader.getRowObjectsJS()) {
      for (const input of inputsByPostcode.get(row.postcode as string) ?? []) out.set(input, row);
    }
    return out;
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

const DESCRIBE_JOINS = `LEFT JOIN lad_hierarchy h ON h.lad_code = l.lad_code
  LEFT JOIN areas r ON r.code = l.region_code
  LEFT JOIN areas c ON c.code = l.country_code`;

const LOCATION_COLUMNS = `l.postcode, l.lad_code, l.region_code, l.country_code, l.lsoa_code,
  l.imd_decile, l.imd_nation, l.is_terminated, l.terminated_on, l.vintage, l.status`;

/**
 * Locate distinct supplier postcodes against one reference version, opened READ_ONLY for the
 * call. For many calls, open a ReferenceReader once instead.
 */
export async function locatePostcodes(referencePath: string, postcodes: string[]): Promise<Map<string, PostcodeLocation>> {
  const reader = await ReferenceReader.open(referencePath);
  try {
    return await reader.locate(postcodes);
  } finally {
    reader.close();
  }
}
