import { sqlString, type Warehouse } from './warehouse-connection';

/**
 * Replaces raw.respend_rates from a CSV with the header
 * `scope,key,round2_local_share,round3_local_share` (scope supplier, category or default;
 * key '*' for default; shares between 0 and 1; round3 defaults to round2 when blank), read by
 * DuckDB's own CSV reader. A bad row fails the whole load with the file named. Pass null to
 * clear the rates (no LM3 estimate).
 */
export async function replaceRespendRates(warehouse: Warehouse, csvPath: string | null): Promise<number> {
  await warehouse.run('delete from raw.respend_rates');
  if (!csvPath) return 0;
  try {
    await warehouse.run(
      `insert into raw.respend_rates
       select lower(trim(scope)), case when lower(trim(scope)) = 'default' then '*' else trim(key) end,
              cast(round2_local_share as double), cast(coalesce(round3_local_share, round2_local_share) as double)
       from read_csv(${sqlString(csvPath)}, header = true, all_varchar = true,
                     columns = {'scope': 'VARCHAR', 'key': 'VARCHAR', 'round2_local_share': 'VARCHAR', 'round3_local_share': 'VARCHAR'})`,
    );
  } catch (error) {
    throw new Error(`${csvPath}: cannot load re-spend rates (expected columns scope,key,round2_local_share,round3_local_share): ${(error as Error).message}`);
  }
  const [row] = await warehouse.all<{ n: bigint }>('select count(*) as n from raw.respend_rates');
  return Number(row?.n ?? 0);
}
