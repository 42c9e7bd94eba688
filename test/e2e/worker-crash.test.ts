import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '@cwb/config';
import { runRefreshLocally } from '@cwb/cli/local-run';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { createQueue, createQueueEvents, jobId, stageNames, type Topology } from '@cwb/queue';
import { demoConfigPath } from '@cwb/sample-data';
import { withDatabase } from '@cwb/warehouse';

// Done-when of the foundation: killing the worker in the middle of a refresh and starting
// it again finishes the refresh with the same row counts as an uninterrupted run
// (BullMQ recovers the stalled jobs; loads are idempotent per source file).

const workerBin = fileURLToPath(new URL('../../services/worker/bin/cwb-worker.js', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function startWorker(topology: Topology): ChildProcess {
  return spawn(process.execPath, [workerBin, '--prefix', topology.prefix], {
    env: { ...process.env, REDIS_URL: topology.redisUrl, CWB_LOCK_DURATION_MS: '2000', CWB_STALLED_INTERVAL_MS: '1000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function fileCounts(warehousePath: string) {
  return withDatabase(warehousePath, { mode: 'read_only' }, (w) =>
    w.json(`
      select f.source_file, f.rows_read, f.rows_loaded, f.rows_quarantined, f.rows_skipped,
             (select count(*) from raw.ap_transactions t where t.source_file_id = f.source_file_id) as rows_in_table,
             (select sum(amount_pence) from raw.ap_transactions t where t.source_file_id = f.source_file_id) as pence
      from raw.source_files f order by f.source_file`),
  );
}

describe('a worker killed mid-refresh', () => {
  it('finishes after a restart with exactly the rows of an uninterrupted run', async () => {
    const redisUrl = inject('redisUrl');
    process.env.REDIS_URL = redisUrl;

    const baselineDir = await mkdtemp(join(tmpdir(), 'cwb-e2e-baseline-'));
    const crashDir = await mkdtemp(join(tmpdir(), 'cwb-e2e-crash-'));
    dirs.push(baselineDir, crashDir);
    const baselineConfig = await loadConfig(demoConfigPath, baselineDir);
    const baseline = await runRefreshLocally(baselineConfig);
    expect(baseline.files_failed).toBe(0);
    const expected = await fileCounts(baseline.snapshot_path);
    expect(expected.rows).toHaveLength(4);

    const loaded = await loadConfig(demoConfigPath, crashDir);
    const topology: Topology = { redisUrl, prefix: `cwb-crash-${randomBytes(4).toString('hex')}` };
    const loadEvents = createQueueEvents(topology, 'load');
    await loadEvents.waitUntilReady();
    const firstLoad = new Promise<void>((resolve) => loadEvents.once('completed', () => resolve()));

    const first = startWorker(topology);
    const run = await enqueueRefresh(topology, loaded);
    await firstLoad;
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await loadEvents.close();

    // The run was really interrupted: models were not built yet.
    const loadQueue = createQueue(topology, 'load');
    const build = await loadQueue.getJob(jobId('build', run.run_id));
    expect(await build?.getState()).not.toBe('completed');
    const finishedLoads = await loadQueue.getJobCountByTypes('completed');
    expect(finishedLoads).toBeLessThan(4);

    const second = startWorker(topology);
    try {
      const result = await waitForRun(topology, run.run_id, { timeoutMs: 120_000 });
      expect(result.files_failed).toBe(0);
      expect(result.files_loaded).toBe(4);
      const actual = await fileCounts(result.snapshot_path);
      expect(actual.rows).toEqual(expected.rows);
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
      for (const stage of stageNames) {
        const queue = createQueue(topology, stage);
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await loadQueue.close();
    }
  });
});
