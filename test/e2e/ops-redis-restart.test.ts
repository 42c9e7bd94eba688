import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { enqueueRefresh, newRunId, waitForRun } from '@cwb/cli/refresh-runner';
import { runRefreshLocally } from '@cwb/cli/local-run';
import { isRunActive, retryRun, runState, type Topology } from '@cwb/queue';
import { kill, makeWorkspace, spawnWorker, startOwnRedis, waitFor, warehouseFigures, type OwnRedis, type Spawned, stageQueue, type WorkspaceFile } from './ops-fixtures';

// Issue 7, done-when: Redis restarted mid-run; the run completes or fails cleanly, and a
// retry completes it. The Redis is this test's own (AOF on, as in production), crashed
// with SIGKILL while a worker process is inside an extract job, and started again.

const files: WorkspaceFile[] = [
  { anchor: 'big-council', name: 'ledger.csv', rows: 80_000, seed: 21 },
  { anchor: 'small-trust', name: 'ledger.csv', rows: 2_000, seed: 22 },
];

let redis: OwnRedis | undefined;
let worker: Spawned | undefined;
afterAll(async () => {
  if (worker) await kill(worker);
  await redis?.stop();
});

describe('Redis restarted in the middle of a run', () => {
  it('the run ends cleanly, and (if it did not complete) a retry completes it with the rows of an uninterrupted run', async () => {
    process.env.REDIS_URL = inject('redisUrl');
    const baseline = await makeWorkspace(files);
    const expected = await warehouseFigures((await runRefreshLocally(baseline.loaded)).snapshot_path);

    redis = await startOwnRedis(await mkdtemp(join(tmpdir(), 'cwb-ops-redis-')));
    const topology: Topology = { redisUrl: redis.url, prefix: `cwb-ops-restart-${randomBytes(4).toString('hex')}` };
    const ws = await makeWorkspace(files);
    worker = spawnWorker(topology);
    const run = await enqueueRefresh(topology, ws.loaded);

    const extract = stageQueue(topology, 'extract');
    await waitFor(
      async () => (await extract.getActive()).some((j) => j.data.anchor_id === 'big-council' && j.processedOn && Date.now() - j.processedOn > 300),
      120_000,
      'the big extract job to be running',
    );
    await extract.close();

    await redis.crash();
    await new Promise((r) => setTimeout(r, 2000));
    expect(worker.child.exitCode).toBeNull(); // the worker rides out the outage
    await redis.start();

    // The run reaches an end state by itself (no hang): completed, or failed with a reason.
    const ended = await waitFor(
      async () => {
        const state = await runState(topology, run.run_id);
        return isRunActive(state.status) ? null : state;
      },
      180_000,
      'the interrupted run to end',
    );
    expect(['succeeded', 'partial', 'failed']).toContain(ended.status);
    process.stderr.write(`run after the Redis restart: ${ended.status}${ended.reason ? ` (${ended.reason})` : ''}\n`);
    if (ended.status !== 'succeeded') expect(ended.reason).toBeTruthy();

    let finalRun = run.run_id;
    if (ended.status !== 'succeeded') {
      const retry = await retryRun(topology, run.run_id, newRunId());
      expect(retry.outcome).toBe('enqueued');
      finalRun = retry.run_id;
      await waitForRun(topology, finalRun, { timeoutMs: 180_000 });
    }
    const final = await runState(topology, finalRun);
    expect(final.status).toBe('succeeded');
    expect(worker.child.exitCode).toBeNull();
    expect(await warehouseFigures(ws.loaded.paths.snapshotPath)).toEqual(expected);
  });
});
