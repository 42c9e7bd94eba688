import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '@cwb/config';
import { runRefreshLocally } from '@cwb/cli/local-run';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { createQueue, createQueueEvents, jobId, stageNames, type Topology } from '@cwb/queue';
import { demoConfigPath } from '@cwb/sample-data';
import { kill, recordRecoveredRun, spawnWorker, warehouseFigures, type Spawned } from './ops-fixtures';

// Done-when of the foundation: killing the worker in the middle of a refresh of the demo's
// real files (between one file's load and the next) and starting it again finishes the
// refresh with the same row counts as an uninterrupted run (BullMQ recovers the stalled
// jobs; loads are idempotent per source file).

const dirs: string[] = [];
const workers: Spawned[] = [];
afterAll(async () => {
  for (const w of workers) await kill(w);
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('a worker killed mid-refresh', () => {
  it('finishes after a restart with exactly the rows of an uninterrupted run', async () => {
    const redisUrl = inject('redisUrl');
    process.env.REDIS_URL = redisUrl;

    const baselineDir = await mkdtemp(join(tmpdir(), 'cwb-e2e-baseline-'));
    const crashDir = await mkdtemp(join(tmpdir(), 'cwb-e2e-crash-'));
    dirs.push(baselineDir, crashDir);
    const baseline = await runRefreshLocally(await loadConfig(demoConfigPath, baselineDir));
    expect(baseline.files_failed).toBe(0);
    const expected = await warehouseFigures(baseline.snapshot_path);
    // the demo's 9 files: four ledgers, the co-operatives register, two ERIC returns, Trafford's land register and grants
    expect(expected).toHaveLength(9);

    const loaded = await loadConfig(demoConfigPath, crashDir);
    const topology: Topology = { redisUrl, prefix: `cwb-crash-${randomBytes(4).toString('hex')}` };
    const loadEvents = createQueueEvents(topology, 'load');
    await loadEvents.waitUntilReady();
    const firstLoad = new Promise<void>((resolve) => loadEvents.once('completed', () => resolve()));

    const first = spawnWorker(topology, [], { LOG_LEVEL: 'warn' });
    workers.push(first);
    const run = await enqueueRefresh(topology, loaded);
    await firstLoad;
    await kill(first);
    await loadEvents.close();

    // The run was really interrupted: models were not built yet.
    const loadQueue = createQueue(topology, 'load');
    const build = await loadQueue.getJob(jobId('build', run.run_id));
    expect(await build?.getState()).not.toBe('completed');
    const finishedLoads = await loadQueue.getJobCountByTypes('completed');
    expect(finishedLoads).toBeLessThan(9);
    // and no snapshot of a half-loaded run was published (the run publishes once, at its end)
    const noHalfSnapshot = !existsSync(loaded.paths.snapshotPath);
    expect(noHalfSnapshot).toBe(true);

    workers.push(spawnWorker(topology, [], { LOG_LEVEL: 'warn' }));
    try {
      const result = await waitForRun(topology, run.run_id, { timeoutMs: 120_000 });
      expect(result.files_failed).toBe(0);
      expect(result.files_loaded).toBe(9);
      await recordRecoveredRun("worker SIGKILL between loads (the demo's 9 files)", result.snapshot_path, expected, {
        snapshot_intact: noHalfSnapshot,
        what_the_user_saw: 'a pause; the restarted worker took the remaining jobs and the run succeeded',
      });
    } finally {
      for (const stage of stageNames) {
        const queue = createQueue(topology, stage);
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await loadQueue.close();
    }
  });
});
