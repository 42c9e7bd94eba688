import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { runRefreshLocally } from '@cwb/cli/local-run';
import type { Topology } from '@cwb/queue';
import { kill, makeWorkspace, spawnWorker, waitFor, warehouseFigures, type Spawned, stageQueue, type WorkspaceFile } from './ops-fixtures';

// Issue 7, done-when: SIGKILL of a worker process mid-extract and mid-load, then a restart,
// ends with exactly the rows of an uninterrupted run. Real processes, real Redis, real
// DuckDB; the big file is large enough that each kill lands inside a running job.

const files: WorkspaceFile[] = [
  { anchor: 'big-council', name: 'ledger.csv', rows: 120_000, seed: 7 },
  { anchor: 'small-trust', name: 'ledger.csv', rows: 2_000, seed: 8 },
];

let expected: Record<string, unknown>[];
const workers: Spawned[] = [];

beforeAll(async () => {
  process.env.REDIS_URL = inject('redisUrl');
  const baseline = await makeWorkspace(files);
  const result = await runRefreshLocally(baseline.loaded);
  expect(result.files_failed).toBe(0);
  expected = await warehouseFigures(result.snapshot_path);
  expect(expected.map((r) => Number(r.rows_in_table))).toEqual([120_000, 2_000]);
});

afterAll(async () => {
  for (const w of workers) await kill(w);
});

/** The active job of a stage whose id names the big file, once it has run for `afterMs`. */
async function activeBigJob(topology: Topology, stage: 'extract' | 'load', afterMs: number) {
  const queue = stageQueue(topology, stage);
  try {
    return await waitFor(
      async () => {
        const active = await queue.getActive();
        const job = active.find((j) => j.name !== 'build-models' && String(j.data.anchor_id) === 'big-council');
        return job?.processedOn && Date.now() - job.processedOn >= afterMs ? job : null;
      },
      120_000,
      `an active ${stage} job for the big file`,
    );
  } finally {
    await queue.close();
  }
}

async function jobState(topology: Topology, stage: 'extract' | 'load', id: string) {
  const queue = stageQueue(topology, stage);
  try {
    const job = await queue.getJob(id);
    return { state: await job!.getState(), stalledCounter: job!.stalledCounter, attemptsMade: job!.attemptsMade };
  } finally {
    await queue.close();
  }
}

describe('worker processes killed with SIGKILL', () => {
  it('mid-extract and then mid-load: after restarts the run ends with exactly the rows of an uninterrupted run', async () => {
    const ws = await makeWorkspace(files);
    const topology: Topology = { redisUrl: inject('redisUrl'), prefix: `cwb-ops-kill-${randomBytes(4).toString('hex')}` };

    const first = spawnWorker(topology);
    workers.push(first);
    const run = await enqueueRefresh(topology, ws.loaded);

    const extract = await activeBigJob(topology, 'extract', 500);
    await kill(first);
    expect((await jobState(topology, 'extract', extract.id!)).state).toBe('active'); // killed inside the job

    const second = spawnWorker(topology);
    workers.push(second);
    const load = await activeBigJob(topology, 'load', 200);
    await kill(second);
    const atKill = await jobState(topology, 'load', load.id!);
    expect(atKill.state).toBe('active');

    const third = spawnWorker(topology);
    workers.push(third);
    const result = await waitForRun(topology, run.run_id, { timeoutMs: 180_000 });
    expect(result.files_failed).toBe(0);
    expect(result.files_loaded).toBe(2);

    // Both interrupted jobs were recovered as stalled and run again to completion.
    const extractAfter = await jobState(topology, 'extract', extract.id!);
    const loadAfter = await jobState(topology, 'load', load.id!);
    expect(extractAfter).toMatchObject({ state: 'completed' });
    expect(extractAfter.stalledCounter).toBeGreaterThanOrEqual(1);
    expect(loadAfter).toMatchObject({ state: 'completed' });
    expect(loadAfter.stalledCounter).toBeGreaterThanOrEqual(1);

    expect(await warehouseFigures(result.snapshot_path)).toEqual(expected);
    expect(await warehouseFigures(ws.loaded.paths.warehousePath)).toEqual(expected);
  });
});
