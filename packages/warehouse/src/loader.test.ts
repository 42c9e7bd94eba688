import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { loadStagedFile, LoadCountMismatchError, migrate, openDatabase, sqlString, stagedColumns, stagedReader, type StagedFile, type Warehouse } from './index';

let open: Warehouse | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

function row(line: number, pence: number) {
  return {
    load_id: 'load-1', anchor_id: 'a', source_file: 'spend.csv', source_line: line, payment_date: '2020-06-24',
    amount_pence: pence, supplier_name: 'ACME LTD', is_redacted: false, supplier_id: null, company_number: '03350709',
    vat_number: null, charity_number: null, supplier_postcode: 'SR4 7TP', transaction_ref: null, expense_area: null,
    expense_type: null, category: null, description: null, is_procurement_card: false, is_vcse_flagged: null,
  };
}

async function stage(rows: object[], rejected: object[]): Promise<StagedFile> {
  const dir = await mkdtemp(join(tmpdir(), 'cwb-loader-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const rowsPath = join(dir, 'rows.ndjson');
  const rejectedPath = join(dir, 'rejected.ndjson');
  await writeFile(rowsPath, rows.map((r) => JSON.stringify(r)).join('\n'));
  await writeFile(rejectedPath, rejected.map((r) => JSON.stringify(r)).join('\n'));
  return {
    run_id: 'run-1', load_id: 'load-1', anchor_id: 'a', source_file_id: 'a-spend', source_file: 'spend.csv',
    content_sha256: 'f'.repeat(64), rows_path: rowsPath, rejected_path: rejectedPath, postcodes_path: null,
    rows_read: rows.length + rejected.length, rows_staged: rows.length,
    rows_quarantined: rejected.filter((r) => (r as { disposition: string }).disposition === 'quarantined').length,
    rows_skipped: rejected.filter((r) => (r as { disposition: string }).disposition === 'skipped').length,
    mapping: 'm', encoding: 'utf-8',
  };
}

const bad = { load_id: 'load-1', anchor_id: 'a', source_file: 'spend.csv', source_line: 4, disposition: 'quarantined', reason: 'unparseable amount', detail: 'x', raw: 'a,b' };
const total = { ...bad, source_line: 5, disposition: 'skipped', reason: 'totals line' };

describe('loadStagedFile', () => {
  it('loads rows and rejected records, and a reload replaces instead of doubling', async () => {
    const w = await openDatabase(':memory:', { mode: 'read_write' });
    open = w;
    await migrate(w);
    const staged = await stage([row(2, 12345), row(3, -500)], [bad, total]);
    const first = await loadStagedFile(w, staged);
    expect(first).toEqual({ rows_read: 4, rows_loaded: 2, rows_quarantined: 1, rows_skipped: 1 });
    await loadStagedFile(w, staged);
    const [sums] = await w.all<{ n: bigint; s: bigint }>('select count(*) n, sum(amount_pence) s from raw.ap_transactions');
    expect(sums).toEqual({ n: 2n, s: 11845n });
    const [rej] = await w.all<{ n: bigint }>('select count(*) n from raw.rejected_records');
    expect(rej?.n).toBe(2n);
    const [file] = await w.all('select rows_read, rows_loaded, rows_quarantined, rows_skipped from raw.source_files');
    expect(file).toEqual({ rows_read: 4, rows_loaded: 2, rows_quarantined: 1, rows_skipped: 1 });
    const batches = await w.all('select load_id, rows_read, rows_loaded, rows_quarantined, rows_skipped, rows_replaced from raw.load_batches');
    expect(batches).toEqual([{ load_id: 'load-1', rows_read: 4, rows_loaded: 2, rows_quarantined: 1, rows_skipped: 1, rows_replaced: 2 }]);
  });

  it('rolls back when the warehouse would not hold what the extract counted', async () => {
    const w = await openDatabase(':memory:', { mode: 'read_write' });
    open = w;
    await migrate(w);
    const good = await stage([row(2, 100)], []);
    await loadStagedFile(w, good);
    const lying = { ...(await stage([row(2, 999), row(3, 1)], [])), rows_staged: 3, rows_read: 3 };
    await expect(loadStagedFile(w, lying)).rejects.toBeInstanceOf(LoadCountMismatchError);
    const [after] = await w.all<{ s: bigint }>('select sum(amount_pence) s from raw.ap_transactions');
    expect(after?.s).toBe(100n);
  });

  it('loads staged Parquet (what the extract stage writes) with the same count check', async () => {
    const w = await openDatabase(':memory:', { mode: 'read_write' });
    open = w;
    await migrate(w);
    const asParquet = async (staged: StagedFile): Promise<StagedFile> => {
      const rowsPath = staged.rows_path.replace(/\.ndjson$/, '.parquet');
      const rejectedPath = staged.rejected_path.replace(/\.ndjson$/, '.parquet');
      await w.run(`copy (select * from ${stagedReader(staged.rows_path, stagedColumns('ap_transaction'))}) to ${sqlString(rowsPath)} (format parquet)`);
      await w.run(`copy (select * from ${stagedReader(staged.rejected_path, stagedColumns('rejected'))}) to ${sqlString(rejectedPath)} (format parquet)`);
      return { ...staged, rows_path: rowsPath, rejected_path: rejectedPath };
    };
    const staged = await asParquet(await stage([row(2, 12345), row(3, -500)], [bad, total]));
    expect(await loadStagedFile(w, staged)).toEqual({ rows_read: 4, rows_loaded: 2, rows_quarantined: 1, rows_skipped: 1 });
    const [loaded] = await w.all<{ n: bigint; s: bigint; d: string }>("select count(*) n, sum(amount_pence) s, strftime(min(payment_date), '%Y-%m-%d') d from raw.ap_transactions");
    expect(loaded).toEqual({ n: 2n, s: 11845n, d: '2020-06-24' });
    const [reasons] = await w.all<{ r: string }>("select string_agg(reason || '/' || disposition, ';' order by source_line) r from raw.rejected_records");
    expect(reasons?.r).toBe('unparseable amount/quarantined;totals line/skipped');
    const lying = { ...staged, rows_staged: 3, rows_read: 5 };
    await expect(loadStagedFile(w, lying)).rejects.toBeInstanceOf(LoadCountMismatchError);
    const [after] = await w.all<{ n: bigint }>('select count(*) n from raw.ap_transactions');
    expect(after?.n).toBe(2n);
  });
});
