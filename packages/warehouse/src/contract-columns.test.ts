import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stagedApTransactionSchema, stagedGrantRecordSchema, stagedLandAssetRecordSchema, stagedNhsEstateReturnSchema, stagedOrganisationRecordSchema, stagedSupplierClassificationSchema, stagedWorkforceRecordSchema } from '@cwb/contracts';
import { duckdbColumns } from './contract-columns';
import { migrate, openDatabase } from './index';

describe('duckdbColumns', () => {
  it('derives DuckDB types from a contract, and refuses a type it cannot map', () => {
    expect(duckdbColumns(z.object({ d: z.iso.date().nullable(), n: z.number().int(), x: z.number(), b: z.boolean(), s: z.enum(['a']), l: z.array(z.string()).nullable() })))
      .toEqual({ d: 'DATE', n: 'BIGINT', x: 'DOUBLE', b: 'BOOLEAN', s: 'VARCHAR', l: 'VARCHAR[]' });
    expect(() => duckdbColumns(z.object({ o: z.object({}) }))).toThrow(/contract column o: no DuckDB type/);
  });

  it('gives columns every one of which the raw table has (so a contract column without a migration fails here)', async () => {
    const w = await openDatabase(':memory:', { mode: 'read_write' });
    try {
      await migrate(w);
      for (const [table, schema] of [['ap_transactions', stagedApTransactionSchema], ['supplier_classifications', stagedSupplierClassificationSchema], ['workforce_records', stagedWorkforceRecordSchema], ['land_assets', stagedLandAssetRecordSchema], ['grants', stagedGrantRecordSchema], ['organisations', stagedOrganisationRecordSchema], ['nhs_estate_returns', stagedNhsEstateReturnSchema]] as const) {
        const columns = new Set((await w.all<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = 'raw' and table_name = $1`, [table])).map((c) => c.column_name));
        expect(Object.keys(duckdbColumns(schema)).filter((c) => !columns.has(c)), table).toEqual([]);
      }
    } finally {
      w.close();
    }
  });
});
