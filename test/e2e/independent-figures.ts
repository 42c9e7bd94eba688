import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Figures computed straight from the sample files with DuckDB's own CSV reader, sharing
 * no code with cwb's connectors or models, so the end-to-end tests check the pipeline
 * against something it did not produce.
 */
async function query<T>(sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Data records after the header line, as DuckDB's CSV reader counts them, excluding blank
 * records (a line of only delimiters, like the `,,,,` that ends Leeds 2020-06, is blank).
 */
export async function countDataRows(file: string, encoding: 'utf-8' | 'latin-1' = 'utf-8'): Promise<number> {
  const [row] = await query<{ n: bigint }>(
    `select count(*) as n from read_csv(${q(file)}, header = true, all_varchar = true, encoding = ${q(encoding)}, strict_mode = false)
     where trim(concat_ws('', *columns(*))) <> ''`,
  );
  return Number(row?.n ?? 0);
}

export interface BandSpend {
  financial_year: string;
  location_band: string;
  spend_pence: number;
}

/**
 * The local-spend indicator for a ledger in the "Supplier Postcode" layout (US m/d/yyyy
 * dates), computed in plain SQL: a supplier is in the home area when its postcode is in
 * the NSPL/ONSPD files with a local-authority code in `homeLads`; located elsewhere when
 * it has another code; unknown when it has no postcode, is not in the files, or has no area.
 */
export async function localSpendFromFiles(ledger: string, postcodeFiles: string[], homeLads: string[]): Promise<BandSpend[]> {
  const postcodes = postcodeFiles
    .map(
      (f) => `select upper(trim(pcds)) as pcds, nullif(coalesce(${f.includes('onspd') ? 'oslaua' : 'laua'}, ''), '') as lad
              from read_csv(${q(f)}, header = true, all_varchar = true)`,
    )
    .join(' union all ');
  const rows = await query<{ financial_year: string; location_band: string; spend_pence: bigint }>(`
    with ledger as (
      select strptime("Date", '%m/%d/%Y')::date as d,
             round(cast(replace("amount", ',', '') as decimal(18, 2)) * 100)::bigint as pence,
             upper(trim("Supplier Postcode")) as postcode
      from read_csv(${q(ledger)}, header = true, all_varchar = true)
    ),
    places as (
      select pcds, any_value(lad) as lad from (${postcodes})
      where lad is not null and lad not like '_99999999'
      group by pcds
    ),
    banded as (
      select
        cast(year(d - interval 3 month) as varchar) || '-' || right(cast(year(d - interval 3 month) + 1 as varchar), 2) as financial_year,
        case when places.lad is null then 'unknown_location'
             when places.lad in (${homeLads.map(q).join(', ')}) then 'home_area'
             else 'outside_home_area' end as location_band,
        pence
      from ledger left join places on ledger.postcode = places.pcds
    )
    select financial_year, location_band, sum(pence) as spend_pence from banded group by all order by all`);
  return rows.map((r) => ({ ...r, spend_pence: Number(r.spend_pence) }));
}
