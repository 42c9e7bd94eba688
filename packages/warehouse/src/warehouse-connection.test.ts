import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase, processDuckdbLimits, setProcessDuckdbLimits, WarehouseCorruptError, withDatabase, type OpenOptions } from './warehouse-connection';

async function settings(path: string, options: OpenOptions) {
  return withDatabase(path, options, async (w) => {
    const [row] = await w.all<{ memory_limit: string; threads: bigint }>(
      `select current_setting('memory_limit') as memory_limit, current_setting('threads') as threads`,
    );
    return { memoryLimit: row!.memory_limit, threads: Number(row!.threads) };
  });
}

describe('process DuckDB limits', () => {
  afterEach(() => {
    setProcessDuckdbLimits({});
  });

  it('apply to every open that sets none of its own, read-only ones included', async () => {
    const pathDir = await mkdtemp(join(tmpdir(), 'cwb-limits-'));
    onTestFinished(() => rm(pathDir, { recursive: true, force: true }));
    const path = join(pathDir, 'w.duckdb');
    (await openDatabase(path, { mode: 'read_write' })).close();
    const unlimited = await settings(path, { mode: 'read_only' });
    expect(unlimited.memoryLimit).not.toBe('286.1 MiB');

    expect(setProcessDuckdbLimits({ memoryLimit: '300MB', threads: 1 })).toEqual({});
    expect(processDuckdbLimits()).toEqual({ memoryLimit: '300MB', threads: 1 });
    expect(await settings(path, { mode: 'read_only' })).toEqual({ memoryLimit: '286.1 MiB', threads: 1 });
    expect(await settings(path, { mode: 'read_write' })).toEqual({ memoryLimit: '286.1 MiB', threads: 1 });
    expect(await settings(':memory:', { mode: 'read_write' })).toEqual({ memoryLimit: '286.1 MiB', threads: 1 });
  });

  it("leave an open's own options to win, and are undone by setting the previous ones back", async () => {
    const pathDir = await mkdtemp(join(tmpdir(), 'cwb-limits-'));
    onTestFinished(() => rm(pathDir, { recursive: true, force: true }));
    const path = join(pathDir, 'w.duckdb');
    const before = await settings(path, { mode: 'read_write' });
    const previous = setProcessDuckdbLimits({ memoryLimit: '300MB', threads: 1 });
    expect(await settings(path, { mode: 'read_write', memoryLimit: '200MB', threads: 2 })).toEqual({ memoryLimit: '190.7 MiB', threads: 2 });
    expect(await settings(path, { mode: 'read_write', threads: 2 })).toEqual({ memoryLimit: '286.1 MiB', threads: 2 });
    expect(setProcessDuckdbLimits(previous)).toEqual({ memoryLimit: '300MB', threads: 1 });
    expect(await settings(path, { mode: 'read_write' })).toEqual(before);
  });
});

describe('a corrupt warehouse file', () => {
  it('is named as corrupt (not as locked), with the way back, and says retrying cannot help', async () => {
    const pathDir = await mkdtemp(join(tmpdir(), 'cwb-corrupt-'));
    onTestFinished(() => rm(pathDir, { recursive: true, force: true }));
    const path = join(pathDir, 'warehouse.duckdb');
    await withDatabase(path, { mode: 'read_write' }, (w) => w.run('create table t as select range as n, md5(range::varchar) || md5((range * 7)::varchar) as s from range(300000)'));
    // damage the data blocks (DuckDB checks each block's checksum when it reads it)
    const bytes = await readFile(path);
    expect(bytes.length).toBeGreaterThan(4 << 20);
    for (let at = 1 << 20; at < bytes.length - 4096; at += 1 << 18) bytes.fill(0xde, at, at + 1024);
    await writeFile(path, bytes);
    const opened = openDatabase(path, { mode: 'read_write' }).then(async (w) => {
      try {
        await w.all('select sum(n), count(distinct s) from t');
      } finally {
        w.close();
      }
    });
    const error = await opened.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(WarehouseCorruptError);
    expect((error as WarehouseCorruptError).message).toMatch(/the warehouse file is corrupt \(.*checksum.*\)\. .*cwb warehouse rebuild --config/);
    expect((error as WarehouseCorruptError).message).not.toMatch(/locked/);
    expect((error as WarehouseCorruptError).recoverable).toBe(false);
  });
});
