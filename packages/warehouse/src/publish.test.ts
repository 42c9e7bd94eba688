import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, readlink, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Anchor } from '@cwb/contracts';
import {
  buildModels,
  exportWarehouse,
  loadStagedFile,
  migrate,
  publishParquet,
  publishSnapshot,
  withDatabase,
  type StagedFile,
  type Warehouse,
} from './index';

const anchors: Anchor[] = [{ id: 'a', name: 'Anchor A', type: 'council', home: { name: 'Sunderland', lad_codes: ['E08000024'] }, sources: [] }];
const readerScript = fileURLToPath(new URL('../test/snapshot-reader.mjs', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

async function stageFile(dir: string, id: string, rows: number, pence: number, supplier = 'ACME LTD'): Promise<StagedFile> {
  const rowsPath = join(dir, `${id}.ndjson`);
  const rejectedPath = join(dir, `${id}.rejected.ndjson`);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    lines.push(JSON.stringify({
      load_id: id, anchor_id: 'a', source_file: `${id}.csv`, source_line: i + 2, payment_date: '2020-06-01', amount_pence: pence,
      supplier_name: supplier, is_redacted: false, supplier_id: null, company_number: null, vat_number: null, charity_number: null,
      supplier_postcode: null, transaction_ref: null, expense_area: null, expense_type: null, category: null, description: null,
      is_procurement_card: false, is_vcse_flagged: null,
    }));
  }
  await writeFile(rowsPath, lines.join('\n'));
  await writeFile(rejectedPath, '');
  return {
    run_id: `run-${id}`, load_id: id, anchor_id: 'a', source_file_id: id, source_file: `${id}.csv`, content_sha256: 'b'.repeat(64),
    rows_path: rowsPath, rejected_path: rejectedPath, postcodes_path: null, rows_read: rows, rows_staged: rows,
    rows_quarantined: 0, rows_skipped: 0, mapping: null, encoding: null,
  };
}

async function refresh(warehousePath: string, snapshotPath: string, staged: StagedFile, during?: (w: Warehouse) => Promise<void>) {
  await withDatabase(warehousePath, { mode: 'read_write' }, async (w) => {
    await migrate(w);
    await loadStagedFile(w, staged);
    await buildModels(w, anchors);
    await during?.(w);
    await w.run('checkpoint');
  });
  return publishSnapshot(warehousePath, snapshotPath, staged.run_id);
}

describe('publishing for BI tools', () => {
  it('serves the snapshot to a second process while the loader writes and publishes the next refresh', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cwb-publish-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const warehousePath = join(dir, 'warehouse.duckdb');
    const snapshotPath = join(dir, 'published', 'cwb.duckdb');
    await refresh(warehousePath, snapshotPath, await stageFile(dir, 'first', 10, 100_00));

    const stopFile = join(dir, 'stop');
    const reader = spawn(process.execPath, [readerScript, snapshotPath, stopFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    reader.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    reader.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => reader.on('close', resolve));
    while (!output.includes('"ready"')) {
      if (reader.exitCode !== null) throw new Error(`reader exited: ${errors}`);
      await new Promise((r) => setTimeout(r, 20));
    }

    // The next refresh: a second file (50,000 payments), while the reader keeps reading.
    let readsDuringWrite = 0;
    await refresh(warehousePath, snapshotPath, await stageFile(dir, 'second', 50_000, 1_00), async (w) => {
      // The warehouse is open read-write here: another process cannot open it, only the snapshot.
      const probe = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api'; await DuckDBInstance.create(${JSON.stringify(warehousePath)}, { access_mode: 'READ_ONLY' });`],
        { cwd: packageDir, encoding: 'utf8' },
      );
      expect(probe.status).not.toBe(0);
      expect(probe.stderr).toMatch(/lock/i);
      const before = output.split('\n').filter(Boolean).length;
      while (output.split('\n').filter(Boolean).length < before + 5) await new Promise((r) => setTimeout(r, 20));
      readsDuringWrite = output.split('\n').filter(Boolean).length - before;
      expect(w.path).toBe(warehousePath);
    });
    // Let the reader open the new snapshot a few times, then stop it.
    const published = output.split('\n').filter(Boolean).length;
    while (output.split('\n').filter(Boolean).length < published + 5) await new Promise((r) => setTimeout(r, 20));
    await writeFile(stopFile, '');
    expect(await exited).toBe(0);

    const lines = output.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { held?: number; fresh?: number; error?: string });
    expect(lines.filter((l) => l.error)).toEqual([]);
    expect(readsDuringWrite).toBeGreaterThanOrEqual(5);
    // The connection held open from the start keeps reading the snapshot it opened, unchanged.
    expect(new Set(lines.map((l) => l.held))).toEqual(new Set([1000]));
    // Fresh opens see the old snapshot or the new one, never anything in between.
    const fresh = lines.filter((l) => l.fresh !== undefined).map((l) => l.fresh);
    expect(new Set(fresh)).toEqual(new Set([1000, 51_000]));
    expect(fresh.at(-1)).toBe(51_000);
  }, 180_000);

  it('publishes Hive-partitioned Parquet behind an atomically swapped "current" link, and exports spreadsheet-safe CSV', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cwb-parquet-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const warehousePath = join(dir, 'warehouse.duckdb');
    const snapshotPath = join(dir, 'published', 'cwb.duckdb');
    const parquetRoot = join(dir, 'published', 'parquet');
    await refresh(warehousePath, snapshotPath, await stageFile(dir, 'one', 3, 100_00, '=HYPERLINK("http://x","y")'));
    await publishParquet(snapshotPath, parquetRoot, 'run-one');
    await refresh(warehousePath, snapshotPath, await stageFile(dir, 'two', 2, 50_00, '+44 Supplies'));
    await publishParquet(snapshotPath, parquetRoot, 'run-two');
    await refresh(warehousePath, snapshotPath, await stageFile(dir, 'three', 1, 10_00, '@risk ltd'));
    await publishParquet(snapshotPath, parquetRoot, 'run-three');

    expect(await readlink(join(parquetRoot, 'current'))).toBe('run-three');
    expect((await readdir(parquetRoot)).sort()).toEqual(['current', 'run-three', 'run-two']); // the previous version is kept for readers on it
    expect(existsSync(join(parquetRoot, 'current', 'marts', 'fct_ap_payments', 'financial_year=2020-21', 'anchor_id=a'))).toBe(true);
    await withDatabase(':memory:', { mode: 'read_write' }, async (w) => {
      const [payments] = await w.all<{ n: bigint; years: string }>(
        `select count(*) as n, string_agg(distinct financial_year) as years
         from read_parquet(${`'${join(parquetRoot, 'current', 'marts', 'fct_ap_payments', '**', '*.parquet')}'`}, hive_partitioning = true)`,
      );
      expect(payments).toEqual({ n: 6n, years: '2020-21' });
      const [metric] = await w.all<{ total: number }>(
        `select value as total from read_parquet('${join(parquetRoot, 'current', 'metrics', 'indicator_values', '**', '*.parquet')}', hive_partitioning = true)
         where metric = 'total_spend' and period_type = 'financial_year' and entity_type = 'anchor'`,
      );
      expect(metric?.total).toBe(410);
    });

    const csvDir = join(dir, 'csv');
    const written = await exportWarehouse(snapshotPath, csvDir, { format: 'csv', relations: ['marts.dim_suppliers'] });
    expect(written).toEqual([{ table: 'marts.dim_suppliers', path: join(csvDir, 'marts', 'dim_suppliers', 'dim_suppliers.csv'), rows: 3 }]);
    await expect(exportWarehouse(snapshotPath, csvDir, { format: 'csv', relations: ['raw.ap_transactions'] })).rejects.toThrow(/cannot export raw\.ap_transactions/);
    const csv = await readFile(written[0]!.path, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain("'+44 Supplies");
    expect(csv).toContain("'@risk ltd");
    expect(csv).not.toMatch(/(^|,)[=+@]/m);
  }, 180_000);
});
