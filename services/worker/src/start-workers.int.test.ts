import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createLogger } from '@cwb/logger';
import { processDuckdbLimits, setProcessDuckdbLimits } from '@cwb/warehouse';
import { startWorkers } from './start-workers';

afterEach(() => {
  setProcessDuckdbLimits({});
});

describe('startWorkers and the DuckDB limits (real Redis)', () => {
  it("gives a process that runs the load stage the loader's limits for every DuckDB open", async () => {
    const previous = { threads: process.env.CWB_DUCKDB_THREADS, limit: process.env.CWB_DUCKDB_MEMORY_LIMIT };
    process.env.CWB_DUCKDB_MEMORY_LIMIT = '640MB';
    delete process.env.CWB_DUCKDB_THREADS;
    try {
      const pool = startWorkers({ topology: { redisUrl: inject('redisUrl'), prefix: `cwb-test-${randomUUID()}` }, logger: createLogger('test'), stages: ['load'] });
      await pool.close({ timeoutMs: 5_000 });
      expect(processDuckdbLimits()).toEqual({ memoryLimit: '640MB', threads: 2 });
    } finally {
      for (const [key, value] of [['CWB_DUCKDB_MEMORY_LIMIT', previous.limit], ['CWB_DUCKDB_THREADS', previous.threads]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('leaves the other stages to DuckDB defaults', async () => {
    const pool = startWorkers({ topology: { redisUrl: inject('redisUrl'), prefix: `cwb-test-${randomUUID()}` }, logger: createLogger('test'), stages: ['extract'] });
    await pool.close({ timeoutMs: 5_000 });
    expect(processDuckdbLimits()).toEqual({});
  });
});
