import { randomBytes } from 'node:crypto';
import { utimes, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { createLogger } from '@cwb/logger';
import { createQueue, describeRun, jobId, type RefreshResult, type RunReport, type Topology } from '@cwb/queue';
import { withDatabase } from '@cwb/warehouse';
import { startWorkers, type WorkerPool } from '@cwb/worker';
import { ledgerCsv, makeWorkspace, warehouseFigures, type Workspace } from './ops-fixtures';

// Issue 7, done-when: a second refresh with no changed input re-reads no file and
// re-matches no supplier (counted), and the warehouse is exactly as before.

let ws: Workspace;
let topology: Topology;
let pool: WorkerPool;

beforeAll(async () => {
  ws = await makeWorkspace([
    { anchor: 'north-council', name: 'april.csv', rows: 2000 },
    { anchor: 'north-council', name: 'may.csv', rows: 3000 },
    { anchor: 'south-trust', name: 'q1.csv', rows: 1000 },
  ]);
  topology = { redisUrl: inject('redisUrl'), prefix: `cwb-ops-inc-${randomBytes(4).toString('hex')}` };
  pool = startWorkers({ topology, logger: createLogger('ops-incremental') });
});

afterAll(async () => {
  await pool.close();
});

async function refresh(options: { full?: boolean } = {}): Promise<{ refresh: RefreshResult; report: RunReport }> {
  const run = await enqueueRefresh(topology, ws.loaded, options);
  await waitForRun(topology, run.run_id, { timeoutMs: 120_000 });
  const queue = createQueue(topology, 'refresh');
  try {
    const job = await queue.getJob(jobId('refresh', run.run_id));
    const report = await describeRun(topology, run.run_id);
    return { refresh: job!.returnvalue as RefreshResult, report: report! };
  } finally {
    await queue.close();
  }
}

const stage = (report: RunReport, name: string) => report.stages.find((s) => s.stage === name)!;

async function loadedBy(): Promise<Record<string, string>> {
  const rows = await withDatabase(ws.loaded.paths.snapshotPath, { mode: 'read_only' }, (w) =>
    w.all<{ source_file: string; run_id: string }>('select source_file, run_id from raw.source_files order by 1'),
  );
  return Object.fromEntries(rows.map((r) => [r.source_file, r.run_id]));
}

describe('incremental refresh', () => {
  it('reads only new or changed files, and nothing at all when nothing changed', async () => {
    const first = await refresh();
    expect(first.refresh).toMatchObject({ files: 3, files_skipped: 0, files_hashed: 3 });
    expect(first.report.status).toBe('succeeded');
    expect(stage(first.report, 'extract')).toMatchObject({ jobs: 3, completed: 3, rows: 6000 });
    expect(stage(first.report, 'enrich')).toMatchObject({ jobs: 3, completed: 3 });
    expect(stage(first.report, 'load')).toMatchObject({ jobs: 3, completed: 3, rows: 6000 });
    const before = await warehouseFigures(ws.loaded.paths.snapshotPath);
    expect(before.map((r) => Number(r.rows_in_table))).toEqual([2000, 3000, 1000]);

    // Nothing changed: no file is opened (not even to hash it), no extract or enrich job
    // exists for the run (no supplier is matched again), the models are rebuilt and published.
    const second = await refresh();
    expect(second.refresh).toMatchObject({ files: 0, files_skipped: 3, files_hashed: 0 });
    expect(second.report.status).toBe('succeeded');
    expect(stage(second.report, 'extract').jobs).toBe(0);
    expect(stage(second.report, 'enrich').jobs).toBe(0);
    expect(stage(second.report, 'load').jobs).toBe(0);
    expect(stage(second.report, 'build-models').completed).toBe(1);
    expect(await warehouseFigures(ws.loaded.paths.snapshotPath)).toEqual(before);
    const firstRun = first.refresh.run_id;
    expect(Object.values(await loadedBy())).toEqual([firstRun, firstRun, firstRun]);

    // Touched but identical: hashed, recognised, still not read.
    await utimes(ws.filePath('q1.csv'), new Date('2030-01-01'), new Date('2030-01-01'));
    const third = await refresh();
    expect(third.refresh).toMatchObject({ files: 0, files_skipped: 3, files_hashed: 1 });
    expect(stage(third.report, 'extract').jobs).toBe(0);
    // ... and its new modified time was remembered: the next run does not even hash it.
    expect((await refresh()).refresh).toMatchObject({ files: 0, files_skipped: 3, files_hashed: 0 });

    // One file edited: only that file goes through extract, enrich and load.
    await writeFile(ws.filePath('may.csv'), ledgerCsv(3500, 99));
    const fifth = await refresh();
    expect(fifth.refresh).toMatchObject({ files: 1, files_skipped: 2, files_hashed: 1 });
    expect(stage(fifth.report, 'extract')).toMatchObject({ jobs: 1, rows: 3500 });
    expect(stage(fifth.report, 'enrich').jobs).toBe(1);
    const after = await warehouseFigures(ws.loaded.paths.snapshotPath);
    expect(after.map((r) => [r.source_file, Number(r.rows_in_table)])).toEqual([
      ['spend/north-council/april.csv', 2000],
      ['spend/north-council/may.csv', 3500],
      ['spend/south-trust/q1.csv', 1000],
    ]);
    expect(after[0]).toEqual(before[0]);
    expect(after[2]).toEqual(before[2]);
    expect(await loadedBy()).toMatchObject({ 'spend/north-council/may.csv': fifth.refresh.run_id, 'spend/north-council/april.csv': firstRun });

    // --full forgets the cursors: every file is read again, with the same result.
    const full = await refresh({ full: true });
    expect(full.refresh).toMatchObject({ files: 3, files_skipped: 0 });
    expect(full.report.trigger).toMatchObject({ kind: 'manual', full: true });
    expect(await warehouseFigures(ws.loaded.paths.snapshotPath)).toEqual(after);
  });
});
