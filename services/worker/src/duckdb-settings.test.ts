import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase, processDuckdbLimits, setProcessDuckdbLimits, withDatabase } from '@cwb/warehouse';
import { applyLoaderDuckdbLimits, loaderDuckdbOptions, loaderDuckdbSettings, loaderHold } from './duckdb-settings';

describe('loader DuckDB settings', () => {
  it('defaults to 384MB, 2 threads and a spill directory beside the warehouse', () => {
    expect(loaderDuckdbOptions('/data/warehouse/cwb.duckdb', {})).toEqual({
      mode: 'read_write',
      memoryLimit: '384MB',
      threads: 2,
      tempDirectory: '/data/warehouse/cwb.duckdb.tmp',
    });
    expect(loaderHold({})).toEqual({ holdMs: 3000, checkpointThreshold: '128MB' });
  });

  it('takes the checkpoint threshold and the hold from the env, and rejects bad ones naming the variable', () => {
    expect(loaderHold({ CWB_DUCKDB_CHECKPOINT_THRESHOLD: '1GB', CWB_LOADER_HOLD_MS: '0' })).toEqual({ holdMs: 0, checkpointThreshold: '1GB' });
    expect(() => loaderHold({ CWB_DUCKDB_CHECKPOINT_THRESHOLD: 'big' })).toThrow(/CWB_DUCKDB_CHECKPOINT_THRESHOLD="big"/);
    expect(() => loaderHold({ CWB_LOADER_HOLD_MS: '2s' })).toThrow(/CWB_LOADER_HOLD_MS="2s"/);
  });

  it('takes the env values', () => {
    expect(loaderDuckdbSettings({ CWB_DUCKDB_MEMORY_LIMIT: '1.5GB', CWB_DUCKDB_THREADS: '4' })).toEqual({ memoryLimit: '1.5GB', threads: 4 });
    expect(loaderDuckdbSettings({ CWB_DUCKDB_MEMORY_LIMIT: '2 GiB' }).memoryLimit).toBe('2GiB');
  });

  it('rejects bad values with a message naming the variable', () => {
    expect(() => loaderDuckdbSettings({ CWB_DUCKDB_MEMORY_LIMIT: 'lots' })).toThrow(/CWB_DUCKDB_MEMORY_LIMIT="lots"/);
    expect(() => loaderDuckdbSettings({ CWB_DUCKDB_MEMORY_LIMIT: '768' })).toThrow(/CWB_DUCKDB_MEMORY_LIMIT/);
    expect(() => loaderDuckdbSettings({ CWB_DUCKDB_THREADS: '0' })).toThrow(/CWB_DUCKDB_THREADS="0"/);
    expect(() => loaderDuckdbSettings({ CWB_DUCKDB_THREADS: 'two' })).toThrow(/CWB_DUCKDB_THREADS/);
  });
});

describe('the loader limits as the process default', () => {
  afterEach(() => {
    setProcessDuckdbLimits({});
  });

  it('bound the opens that set no limits, as publishing the snapshot and the Parquet export do', async () => {
    const pathDir = await mkdtemp(join(tmpdir(), 'cwb-loader-limits-'));
    onTestFinished(() => rm(pathDir, { recursive: true, force: true }));
    const path = join(pathDir, 'snapshot.duckdb');
    (await openDatabase(path, { mode: 'read_write' })).close();
    expect(applyLoaderDuckdbLimits({ CWB_DUCKDB_MEMORY_LIMIT: '300MB', CWB_DUCKDB_THREADS: '1' })).toEqual({ memoryLimit: '300MB', threads: 1 });
    const [row] = await withDatabase(path, { mode: 'read_only' }, (w) =>
      w.all<{ m: string; t: bigint }>(`select current_setting('memory_limit') as m, current_setting('threads') as t`),
    );
    expect(row).toEqual({ m: '286.1 MiB', t: 1n });
  });

  it('defaults to the loader defaults, and a bad value changes nothing', () => {
    applyLoaderDuckdbLimits({});
    expect(processDuckdbLimits()).toEqual({ memoryLimit: '384MB', threads: 2 });
    expect(() => applyLoaderDuckdbLimits({ CWB_DUCKDB_MEMORY_LIMIT: 'lots' })).toThrow(/CWB_DUCKDB_MEMORY_LIMIT="lots"/);
    expect(processDuckdbLimits()).toEqual({ memoryLimit: '384MB', threads: 2 });
  });
});
