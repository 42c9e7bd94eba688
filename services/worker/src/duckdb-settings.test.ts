import { describe, expect, it } from 'vitest';
import { loaderDuckdbOptions, loaderDuckdbSettings } from './duckdb-settings';

describe('loader DuckDB settings', () => {
  it('defaults to 768MB, 2 threads and a spill directory beside the warehouse', () => {
    expect(loaderDuckdbOptions('/data/warehouse/cwb.duckdb', {})).toEqual({
      mode: 'read_write',
      memoryLimit: '768MB',
      threads: 2,
      tempDirectory: '/data/warehouse/cwb.duckdb.tmp',
    });
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
