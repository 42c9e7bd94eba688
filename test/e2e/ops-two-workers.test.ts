import { afterAll, describe, expect, inject, it } from 'vitest';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { runRefreshLocally } from '@cwb/cli/local-run';
import { kill, makeWorkspace, payableTotals, privateTopology, recordRecoveredRun, spawnWorker, warehouseFigures, watchSnapshot, type Spawned, stageQueue, type WorkspaceFile } from './ops-fixtures';

// Issue 7, done-when: two worker processes on the same Redis split the work of one refresh
// (counted from each job's processedBy), with results identical to one worker's.

const files: WorkspaceFile[] = Array.from({ length: 6 }, (_, i) => ({
  anchor: i % 2 === 0 ? 'east-council' : 'west-trust',
  name: `ledger-${i}.csv`,
  rows: 15_000,
  seed: 100 + i,
}));

const workers: Spawned[] = [];
afterAll(async () => {
  for (const w of workers) await kill(w, 'SIGTERM');
});

describe('two worker processes', () => {
  it('split one refresh between them and load exactly what one worker loads', async () => {
    process.env.REDIS_URL = inject('redisUrl');
    const single = await makeWorkspace(files);
    const alone = await runRefreshLocally(single.loaded);
    const expected = await warehouseFigures(alone.snapshot_path);
    expect(expected).toHaveLength(6);

    const ws = await makeWorkspace(files);
    const topology = privateTopology('two');
    // The loader (one process, the single DuckDB writer) also extracts and enriches; the
    // second process only extracts and enriches, as a scaled-out worker would.
    const loader = spawnWorker(topology, ['--concurrency', '1']);
    const helper = spawnWorker(topology, ['--queue', 'extract', '--queue', 'enrich', '--concurrency', '1']);
    workers.push(loader, helper);
    const ready = (l: Record<string, unknown>) => l.msg === 'worker ready';
    const [a, b] = await Promise.all([loader.waitForLog(ready), helper.waitForLog(ready)]);

    const watch = watchSnapshot(ws.loaded.paths.snapshotPath, [await payableTotals(alone.snapshot_path)]);
    const run = await enqueueRefresh(topology, ws.loaded);
    const result = await waitForRun(topology, run.run_id, { timeoutMs: 180_000 });
    const snapshot = await watch.stop();
    expect(snapshot.intact, snapshot.seen.join('\n')).toBe(true);
    expect(result.files_failed).toBe(0);

    const processedBy: Record<string, number> = {};
    for (const stage of ['extract', 'enrich', 'load'] as const) {
      const queue = stageQueue(topology, stage);
      for (const job of await queue.getCompleted()) {
        if (!String(job.id).includes(run.run_id)) continue;
        const who = job.processedBy === undefined ? 'unknown' : job.processedBy.endsWith(`-${String(a.pid)}`) ? 'loader' : job.processedBy.endsWith(`-${String(b.pid)}`) ? 'helper' : job.processedBy;
        processedBy[`${stage}:${who}`] = (processedBy[`${stage}:${who}`] ?? 0) + 1;
      }
      await queue.close();
    }
    // Every extract and enrich job was done by one of the two, and each did some.
    const extractAndEnrich = (who: string) => (processedBy[`extract:${who}`] ?? 0) + (processedBy[`enrich:${who}`] ?? 0);
    expect(extractAndEnrich('loader') + extractAndEnrich('helper')).toBe(12);
    expect(extractAndEnrich('loader')).toBeGreaterThan(0);
    expect(extractAndEnrich('helper')).toBeGreaterThan(0);
    // Loads stay with the single writer.
    expect(processedBy['load:loader']).toBe(7); // six files and build-models
    expect(processedBy['load:helper']).toBeUndefined();

    await recordRecoveredRun('two worker processes on one run', result.snapshot_path, expected, {
      snapshot_intact: snapshot.intact,
      what_the_user_saw: `nothing: extract and enrich split ${extractAndEnrich('loader')}/${extractAndEnrich('helper')}, every load on the single writer`,
    });
  });
});
