import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { runRefreshLocally } from '@cwb/cli/local-run';
import type { Topology } from '@cwb/queue';
import { kill, makeWorkspace, spawnWorker, waitFor, warehouseFigures, type Spawned, stageQueue, type WorkspaceFile } from './ops-fixtures';

// Issue 7, deliverable 4: on SIGTERM a worker finishes its current job and exits; past the
// shutdown deadline it hands the job back and exits, and nothing is half-loaded.

const files: WorkspaceFile[] = [
  { anchor: 'big-council', name: 'ledger.csv', rows: 100_000, seed: 31 },
  { anchor: 'small-trust', name: 'ledger.csv', rows: 1_000, seed: 32 },
];

const workers: Spawned[] = [];
afterAll(async () => {
  for (const w of workers) await kill(w);
});

/** The big anchor's job of a stage once it has run for `runningMs` (a load of its file now takes well under a second, so the load is caught as soon as it is active). */
async function activeJob(topology: Topology, stage: 'extract' | 'load', runningMs: number) {
  const queue = stageQueue(topology, stage);
  try {
    return await waitFor(
      async () => (await queue.getActive()).find((j) => j.name !== 'build-models' && j.data.anchor_id === 'big-council' && j.processedOn && Date.now() - j.processedOn >= runningMs),
      120_000,
      `the big ${stage} job to run`,
    );
  } finally {
    await queue.close();
  }
}

describe('SIGTERM', () => {
  it('lets the current extract finish, then hands a load back at the deadline; the run still loads exactly the rows', async () => {
    process.env.REDIS_URL = inject('redisUrl');
    const expected = await warehouseFigures((await runRefreshLocally((await makeWorkspace(files)).loaded)).snapshot_path);
    const ws = await makeWorkspace(files);
    const topology: Topology = { redisUrl: inject('redisUrl'), prefix: `cwb-ops-term-${randomBytes(4).toString('hex')}` };

    // 1. Mid-extract, a generous deadline: the job is finished by this worker, which exits 0.
    const patient = spawnWorker(topology, [], { CWB_SHUTDOWN_TIMEOUT_MS: '60000' });
    workers.push(patient);
    const ready = await patient.waitForLog((l) => l.msg === 'worker ready');
    const run = await enqueueRefresh(topology, ws.loaded);
    const extract = await activeJob(topology, 'extract', 200);
    expect(await kill(patient, 'SIGTERM')).toBe(0);
    const extractQueue = stageQueue(topology, 'extract');
    const finished = await extractQueue.getJob(extract.id!);
    expect(await finished!.getState()).toBe('completed');
    await extractQueue.close();
    expect(finished!.processedBy).toMatch(new RegExp(`-${String(ready.pid)}$`));
    expect(finished!.stalledCounter).toBe(0);
    expect(patient.logs.find((l) => l.msg === 'workers closed')).toMatchObject({ handed_back: false });

    // 2. Mid-load, a deadline far shorter than the load: the job is handed back, the
    //    process exits, and the next worker loads the file from scratch.
    const hasty = spawnWorker(topology, [], { CWB_SHUTDOWN_TIMEOUT_MS: '100' });
    workers.push(hasty);
    const load = await activeJob(topology, 'load', 0);
    expect(await kill(hasty, 'SIGTERM')).toBe(0);
    expect(hasty.logs.find((l) => l.msg === 'workers closed')).toMatchObject({ handed_back: true });
    const loadQueue = stageQueue(topology, 'load');
    expect(await (await loadQueue.getJob(load.id!))!.getState()).toBe('active'); // not completed: handed back

    const next = spawnWorker(topology);
    workers.push(next);
    const result = await waitForRun(topology, run.run_id, { timeoutMs: 180_000 });
    expect(result.files_failed).toBe(0);
    const reloaded = await loadQueue.getJob(load.id!);
    expect(await reloaded!.getState()).toBe('completed');
    expect(reloaded!.stalledCounter).toBeGreaterThanOrEqual(1); // recovered as stalled, run again from scratch
    await loadQueue.close();
    expect(await warehouseFigures(result.snapshot_path)).toEqual(expected);
  });
});
