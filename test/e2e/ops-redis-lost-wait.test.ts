import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { recentRunIds, runState, withRedis, type Topology } from '@cwb/queue';
import { makeWorkspace, startOwnRedis, type OwnRedis } from './ops-fixtures';

// A command waiting for a run (`cwb refresh --wait`, `cwb run`) when Redis goes away: it says
// what happened and what to run, instead of dying on ioredis's "max retries per request".
// Redis here is this test's own, without persistence (so a restart loses the run), and no
// worker runs (so the run is still waiting when Redis goes).

let redis: OwnRedis | undefined;
let dir: string | undefined;
afterEach(async () => {
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  delete process.env.CWB_REDIS_OUTAGE_MS;
});

async function waitingRun(): Promise<{ topology: Topology; runId: string }> {
  process.env.REDIS_URL = inject('redisUrl');
  dir = await mkdtemp(join(tmpdir(), 'cwb-redis-lost-'));
  redis = await startOwnRedis(dir, { appendonly: false });
  const topology: Topology = { redisUrl: redis.url, prefix: `cwb-lost-${randomBytes(4).toString('hex')}` };
  const ws = await makeWorkspace([{ anchor: 'north-council', name: 'april.csv', rows: 100 }]);
  const run = await enqueueRefresh(topology, ws.loaded);
  return { topology, runId: run.run_id };
}

describe('waiting for a run when Redis goes away', () => {
  it('Redis restarted without persistence: the wait ends saying the run is gone and to rerun', async () => {
    const { topology, runId } = await waitingRun();
    const waiting = waitForRun(topology, runId, { timeoutMs: 120_000 }).then(() => null, (error: unknown) => error as Error);
    await new Promise((r) => setTimeout(r, 3000)); // the wait is polling
    await redis!.crash();
    await new Promise((r) => setTimeout(r, 1500));
    await redis!.start();
    const error = await waiting;
    expect(error?.name).toBe('RunStateLostError');
    expect(error?.message).toMatch(new RegExp(`came back without run ${runId}.*Rerun \`cwb refresh\``));
    expect(error?.message).not.toMatch(/max retries per request/);
    // run history keeps the run, marked lost, instead of forgetting it
    expect(await runState(topology, runId)).toMatchObject({ status: 'lost', reason: expect.stringMatching(/without persistence/) });
    expect(await withRedis(topology, (client) => recentRunIds(client, topology, 10))).toContain(runId);
  });

  it('Redis does not come back: the wait ends, naming the outage and the command to check the run with', async () => {
    process.env.CWB_REDIS_OUTAGE_MS = '3000';
    const { topology, runId } = await waitingRun();
    const waiting = waitForRun(topology, runId, { timeoutMs: 120_000 }).then(() => null, (error: unknown) => error as Error);
    await new Promise((r) => setTimeout(r, 3000)); // the wait is polling
    await redis!.crash();
    const started = Date.now();
    const error = await waiting;
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(error?.name).toBe('RedisLostError');
    expect(error?.message).toMatch(new RegExp(`lost the connection to Redis .* while waiting for run ${runId}.*cwb runs show ${runId}`));
  });
});
