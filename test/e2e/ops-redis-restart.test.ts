import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { enqueueRefresh, newRunId, waitForRun } from '@cwb/cli/refresh-runner';
import { runRefreshLocally } from '@cwb/cli/local-run';
import { isRunActive, retryRun, runState, type Topology } from '@cwb/queue';
import {
  activeJob,
  keepSnapshot,
  kill,
  makeWorkspace,
  publishedWorkspace,
  recordRecoveredRun,
  spawnWorker,
  startOwnRedis,
  waitFor,
  warehouseFigures,
  type OwnRedis,
  type Spawned,
  type WorkspaceFile,
} from './ops-fixtures';

// Issue 7 and issue 22: Redis restarted mid-run, with AOF (as in production) and without
// (every queued job lost). The run completes or fails cleanly, or is named lost; a retry or
// rerun completes it with the rows of an uninterrupted run; the worker rides out the outage.
// The Redis is this test's own, crashed with SIGKILL while a worker process is inside an
// extract job, and started again.

const files: WorkspaceFile[] = [
  { anchor: 'big-council', name: 'ledger.csv', rows: 80_000, seed: 21 },
  { anchor: 'small-trust', name: 'ledger.csv', rows: 2_000, seed: 22 },
];

let expected: Record<string, unknown>[];
let redis: OwnRedis | undefined;
let worker: Spawned | undefined;
let redisDir: string | undefined;

beforeAll(async () => {
  process.env.REDIS_URL = inject('redisUrl');
  const baseline = await makeWorkspace(files);
  expected = await warehouseFigures((await runRefreshLocally(baseline.loaded)).snapshot_path);
  await rm(baseline.dir, { recursive: true, force: true });
});

afterEach(async () => {
  if (worker) await kill(worker);
  await redis?.stop();
  if (redisDir) await rm(redisDir, { recursive: true, force: true });
});

/** A run going on a private Redis (with or without AOF), which is crashed inside the big file's extract and started again. */
async function redisRestartedMidExtract(appendonly: boolean) {
  redisDir = await mkdtemp(join(tmpdir(), 'cwb-ops-redis-'));
  redis = await startOwnRedis(redisDir, { appendonly });
  const topology: Topology = { redisUrl: redis.url, prefix: `cwb-ops-restart-${randomBytes(4).toString('hex')}` };
  worker = spawnWorker(topology);
  const ws = await publishedWorkspace(files, topology, ['small-trust']);
  const snapshot = await keepSnapshot(ws.loaded.paths.snapshotPath);
  const run = await enqueueRefresh(topology, ws.loaded);
  // as `cwb refresh --wait` would
  const waiting = waitForRun(topology, run.run_id, { timeoutMs: 180_000 }).then(
    () => null,
    (error: unknown) => error as Error,
  );
  await activeJob(topology, 'extract', 'big-council', 300);
  await redis.crash();
  // while Redis is down, the snapshot published before is what BI tools read
  const intact = await snapshot.intact();
  expect(intact).toBe(true);
  await new Promise((r) => setTimeout(r, 2000));
  expect(worker.child.exitCode).toBeNull(); // the worker rides out the outage
  await redis.start();
  return { topology, ws, intact, run, waiting };
}

describe('Redis restarted in the middle of a run', () => {
  it('with AOF: the run ends cleanly, and (if it did not complete) a retry completes it with the rows of an uninterrupted run', async () => {
    const { topology, ws, intact, run, waiting } = await redisRestartedMidExtract(true);

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
    if (ended.status !== 'succeeded') expect(ended.reason).toBeTruthy();
    const waited = await waiting;

    let finalRun = run.run_id;
    if (ended.status !== 'succeeded') {
      const retry = await retryRun(topology, run.run_id, newRunId());
      expect(retry.outcome).toBe('enqueued');
      finalRun = retry.run_id;
      await waitForRun(topology, finalRun, { timeoutMs: 180_000 });
    }
    expect((await runState(topology, finalRun)).status).toBe('succeeded');
    expect(worker!.child.exitCode).toBeNull();
    await recordRecoveredRun('Redis SIGKILLed and restarted mid-extract, AOF on', ws.loaded.paths.snapshotPath, expected, {
      snapshot_intact: intact,
      what_the_user_saw:
        ended.status === 'succeeded'
          ? `a pause; the run went on and succeeded${waited ? ` (the wait ended: ${waited.name})` : ''}`
          : `run ${ended.status} (${ended.reason ?? ''}); \`cwb retry\` completed it`,
    });
  });

  it('without AOF: the waiting command says the run was lost and to rerun, the run stays in history marked lost, and the rerun loads exactly', async () => {
    const { topology, ws, intact, run, waiting } = await redisRestartedMidExtract(false);

    const error = await waiting;
    expect(error?.name).toBe('RunStateLostError');
    expect(error?.message).toMatch(/restarted without persistence .* Rerun `cwb refresh`/);
    expect(await runState(topology, run.run_id)).toMatchObject({ status: 'lost' });

    const rerun = await enqueueRefresh(topology, ws.loaded);
    const result = await waitForRun(topology, rerun.run_id, { timeoutMs: 180_000 });
    expect(result.files_failed).toBe(0);
    expect(worker!.child.exitCode).toBeNull();
    await recordRecoveredRun('Redis SIGKILLed and restarted mid-extract, no persistence', result.snapshot_path, expected, {
      snapshot_intact: intact,
      what_the_user_saw: '"Redis … came back without run …: it restarted without persistence … Rerun `cwb refresh`"; the run marked lost in `cwb runs`',
    });
  });
});
