import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { makeWorkspace, payableTotals, recordFault, runCwb } from './ops-fixtures';

// A corrupt warehouse: named as corrupt with the way back, the published snapshot untouched,
// and `cwb warehouse rebuild` re-creating every row from the configured source files.

const cwb = (cwd: string, ...args: string[]) => runCwb(cwd, args, { REDIS_URL: inject('redisUrl') });

describe('a corrupt warehouse', () => {
  it('is named with the way back, leaves the snapshot intact, and cwb warehouse rebuild restores every row', async () => {
    const ws = await makeWorkspace([
      { anchor: 'north-council', name: 'april.csv', rows: 3000 },
      { anchor: 'south-council', name: 'may.csv', rows: 2000 },
    ]);
    onTestFinished(() => rm(ws.dir, { recursive: true, force: true }));
    const first = await cwb(ws.dir, 'run', '--config', ws.configPath);
    expect(first.code, first.stderr).toBe(0);
    const warehouse = ws.loaded.paths.warehousePath;
    const snapshot = ws.loaded.paths.snapshotPath;
    const clean = await payableTotals(warehouse);
    expect(clean.rows_in).toBe(5000);
    const published = await readFile(snapshot);

    const bytes = await readFile(warehouse);
    for (let at = 1 << 20; at < bytes.length - 4096; at += 1 << 17) bytes.fill(0xde, at, at + 1024);
    await writeFile(warehouse, bytes);
    const broken = await cwb(ws.dir, 'run', '--config', ws.configPath);
    expect(broken.code).not.toBe(0);
    expect(`${broken.stdout}${broken.stderr}`).toMatch(/the warehouse file is corrupt .*cwb warehouse rebuild --config/);
    expect(`${broken.stdout}${broken.stderr}`).not.toMatch(/locked by another process/);
    expect((await readFile(snapshot)).equals(published)).toBe(true);

    const rebuilt = await cwb(ws.dir, 'warehouse', 'rebuild', '--config', ws.configPath);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toMatch(/moved aside to .*warehouse\.set-aside-/);
    expect(await payableTotals(warehouse)).toEqual(clean);
    expect(await payableTotals(snapshot)).toEqual(clean);
    expect((await readdir(join(ws.dir, 'data'))).filter((f) => f.startsWith('warehouse.set-aside-'))).toHaveLength(1);
    await recordFault('corrupt warehouse file', await payableTotals(snapshot), {
      snapshot_intact: true,
      rerun_exact: true,
      what_the_user_saw: '"the warehouse file is corrupt … run `cwb warehouse rebuild`"; the rebuild restored every row',
    });
  });
});
