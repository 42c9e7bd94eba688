import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  openDatabase,
  processDuckdbLimits,
  releaseHeldWriter,
  setProcessDuckdbLimits,
  WarehouseCorruptError,
  withDatabase,
  withHeldWriter,
  type OpenOptions,
} from './warehouse-connection';

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

describe('a writer held open between jobs (withHeldWriter)', () => {
  const temporaryWarehousePath = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cwb-held-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    return join(dir, 'w.duckdb');
  };
  const wal = async (path: string) => (await stat(`${path}.wal`).catch(() => null))?.size ?? 0;
  /** Whether another process can open the file: DuckDB's lock is per process. */
  const openableByAnotherProcess = (path: string) =>
    new Promise<boolean>((done) => {
      const script = `import('@duckdb/node-api').then(({ DuckDBInstance }) => DuckDBInstance.create(${JSON.stringify(path)}, { access_mode: 'READ_ONLY' })).then(() => process.exit(0), () => process.exit(3))`;
      execFile(process.execPath, ['-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)) }, (error) => done(error === null));
    });

  it('keeps one open warehouse for jobs within the hold, without a checkpoint between them', async () => {
    const path = await temporaryWarehousePath();
    const options = { mode: 'read_write' as const, holdMs: 60_000, checkpointThreshold: '1GB' };
    const first = await withHeldWriter(path, options, async (w) => {
      await w.run('create table t (n integer)');
      await w.run('insert into t select range from range(20000)');
      return w;
    });
    const walAfterFirst = await wal(path);
    expect(walAfterFirst).toBeGreaterThan(0); // committed into the WAL, not checkpointed
    expect(await openableByAnotherProcess(path)).toBe(false); // held: the lock is this process's
    const second = await withHeldWriter(path, options, async (w) => {
      await w.run('insert into t select range from range(20000)');
      return w;
    });
    expect(second).toBe(first);
    expect(await wal(path)).toBeGreaterThan(walAfterFirst);
    await releaseHeldWriter(path);
    expect(await wal(path)).toBe(0);
    expect(await withDatabase(path, { mode: 'read_only' }, (w) => w.all<{ n: bigint }>('select count(*) as n from t'))).toEqual([{ n: 40000n }]);
  });

  it('is checkpointed and closed once no job came within the hold', async () => {
    const path = await temporaryWarehousePath();
    await withHeldWriter(path, { mode: 'read_write', holdMs: 300, checkpointThreshold: '1GB' }, async (w) => {
      await w.run('create table t (n integer)');
      await w.run('insert into t select range from range(20000)');
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await wal(path)).toBe(0);
    expect(await openableByAnotherProcess(path)).toBe(true);
  });

  it('is checkpointed and closed before another open of the same file in this process, and after a failed job', async () => {
    const path = await temporaryWarehousePath();
    const options = { mode: 'read_write' as const, holdMs: 60_000, checkpointThreshold: '1GB' };
    const held = await withHeldWriter(path, options, async (w) => {
      await w.run('create table t as select range as n from range(1000)');
      return w;
    });
    // A second instance of the same file in one process would be a second writer: never opened beside the held one.
    expect(await withDatabase(path, { mode: 'read_only' }, (w) => w.all<{ n: bigint }>('select count(*) as n from t'))).toEqual([{ n: 1000n }]);
    await expect(held.run('select 1')).rejects.toThrow();
    expect(await wal(path)).toBe(0);

    const failing = withHeldWriter(path, options, async (w) => {
      await w.run('insert into t select range from range(5)');
      throw new Error('the job failed');
    });
    await expect(failing).rejects.toThrow('the job failed');
    expect(await openableByAnotherProcess(path)).toBe(true); // released, not held until the hold ends
    await releaseHeldWriter(path); // nothing held: a no-op
    const after = await withHeldWriter(path, { ...options, holdMs: 0 }, (w) => w.all<{ n: bigint }>('select count(*) as n from t'));
    expect(after).toEqual([{ n: 1005n }]);
    expect(await openableByAnotherProcess(path)).toBe(true); // holdMs 0: closed after the job, as withDatabase
  });
});
