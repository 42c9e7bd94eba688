import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { waitForRun } from '@cwb/cli/refresh-runner';
import { createQueue, listRuns } from '@cwb/queue';
import {
  kill,
  ledgerCsv,
  makeWorkspace,
  payableTotals,
  privateTopology,
  publishedWorkspace,
  recordFault,
  runCwb,
  schedulerBin,
  spawnBin,
  spawnWorker,
  watchSnapshot,
  type Spawned,
  type WorkspaceFile,
} from './ops-fixtures';

// Issue 22: two of the same trigger at once. Two `cwb refresh` against one deployment, two
// `cwb run` on one data directory, two scheduler replicas on one slot: one run loads, the
// other is refused (or coalesced) with a clear message, and the warehouse and the snapshot
// hold exactly a clean run's rows (never twice, never half).

const files: WorkspaceFile[] = [
  { anchor: 'north-council', name: 'april.csv', rows: 8_000, seed: 31 },
  { anchor: 'south-council', name: 'april.csv', rows: 8_000, seed: 32 },
];
/** The month that arrives before the concurrent triggers (north-council's). */
const may = () => ledgerCsv(8_000, 33);

let clean: Awaited<ReturnType<typeof payableTotals>>;
const spawned: Spawned[] = [];

beforeAll(async () => {
  const reference = await makeWorkspace([...files, { anchor: 'north-council', name: 'may.csv', rows: 1 }]);
  await writeFile(join(reference.dir, 'spend', 'north-council', 'may.csv'), may());
  const run = await runCwb(reference.dir, ['run', '--config', reference.configPath], { REDIS_URL: inject('redisUrl') });
  expect(run.code, run.stderr).toBe(0);
  clean = await payableTotals(reference.loaded.paths.snapshotPath);
  expect(clean.rows_in).toBe(24_000);
  await rm(reference.dir, { recursive: true, force: true });
});

afterAll(async () => {
  for (const s of spawned) await kill(s, 'SIGTERM');
});

/** Of two commands' results, the one that ran and the one refused (the test fails unless it is exactly one of each). */
function oneRanOneRefused<T extends { code: number }>(results: T[]): { ran: T; refused: T } {
  const ran = results.filter((r) => r.code === 0);
  const refused = results.filter((r) => r.code !== 0);
  expect([ran.length, refused.length]).toEqual([1, 1]);
  return { ran: ran[0]!, refused: refused[0]! };
}

describe('two of the same trigger at once', () => {
  it('two `cwb refresh --wait` against one deployment: one run, the second refused naming it; the rows loaded once', async () => {
    const topology = privateTopology('two-refresh');
    spawned.push(spawnWorker(topology));
    const ws = await publishedWorkspace(files, topology);
    const before = await payableTotals(ws.loaded.paths.snapshotPath);
    await writeFile(join(ws.dir, 'spend', 'north-council', 'may.csv'), may());
    const watch = watchSnapshot(ws.loaded.paths.snapshotPath, [before, clean]);
    const refresh = () => runCwb(ws.dir, ['refresh', '--wait', '--config', ws.configPath, '--prefix', topology.prefix], { REDIS_URL: topology.redisUrl });
    const { ran, refused } = oneRanOneRefused(await Promise.all([refresh(), refresh()]));
    const snapshot = await watch.stop();
    expect(snapshot.intact, snapshot.seen.join('\n')).toBe(true);

    const runId = /enqueued (run-\S+)/.exec(ran.stderr)?.[1];
    expect(refused.stderr).toContain(`cwb: refresh ${runId} is still going; a new run starts only when it has finished (see: cwb runs show ${runId})`);
    expect((await listRuns(topology)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']); // the first run and the one that ran
    const after = await payableTotals(ws.loaded.paths.snapshotPath);
    expect(after).toEqual(clean);
    expect(await payableTotals(ws.loaded.paths.warehousePath)).toEqual(clean);
    await recordFault('two `cwb refresh --wait` at once', after, {
      snapshot_intact: snapshot.intact,
      rerun_exact: isDeepStrictEqual(after, clean),
      what_the_user_saw: `one ran; the other exit ${refused.code} after ${(refused.ms / 1000).toFixed(1)} s: "refresh <run> is still going; a new run starts only when it has finished (see: cwb runs show <run>)"`,
    });
  });

  it('two `cwb run` on one data directory: the second refused before it starts, naming the first (before: its loads failed half-way as "locked")', async () => {
    const ws = await makeWorkspace(files);
    onTestFinished(() => rm(ws.dir, { recursive: true, force: true }));
    const env = { REDIS_URL: inject('redisUrl') };
    const first = await runCwb(ws.dir, ['run', '--config', ws.configPath], env);
    expect(first.code, first.stderr).toBe(0);
    const before = await payableTotals(ws.loaded.paths.snapshotPath);
    await writeFile(join(ws.dir, 'spend', 'north-council', 'may.csv'), may());
    const watch = watchSnapshot(ws.loaded.paths.snapshotPath, [before, clean]);
    const run = () => runCwb(ws.dir, ['run', '--config', ws.configPath], env);
    const { refused } = oneRanOneRefused(await Promise.all([run(), run()]));
    const snapshot = await watch.stop();
    expect(snapshot.intact, snapshot.seen.join('\n')).toBe(true);

    expect(refused.stderr).toMatch(/cwb: .*data is in use by another cwb run \(cwb run, pid \d+ on .*, since .*\): one run at a time writes a data directory\. Wait for it to finish/);
    expect(refused.stderr).not.toMatch(/locked/);
    expect(refused.stdout).toBe(''); // refused before anything ran
    const after = await payableTotals(ws.loaded.paths.snapshotPath);
    expect(after).toEqual(clean);
    expect(await payableTotals(ws.loaded.paths.warehousePath)).toEqual(clean);
    // the lock went with the run: the next one runs
    const next = await run();
    expect(next.code, next.stderr).toBe(0);
    expect(await payableTotals(ws.loaded.paths.snapshotPath)).toEqual(clean);
    await recordFault('two `cwb run` at once on one data directory', after, {
      snapshot_intact: snapshot.intact,
      rerun_exact: isDeepStrictEqual(after, clean),
      what_the_user_saw: `one ran; the other exit ${refused.code} after ${(refused.ms / 1000).toFixed(1)} s: "<data_dir> is in use by another cwb run (cwb run, pid …)… Wait for it to finish" (before: 2 of 3 files failed at load as "locked")`,
    });
  });

  it('two scheduler processes: one run for one slot, loaded once', async () => {
    const { cron, at } = cronAt(20);
    const topology = privateTopology('replicas');
    const ws = await makeWorkspace([...files, { anchor: 'north-council', name: 'may.csv', rows: 1 }], `schedule:\n  refreshes:\n    - { name: nightly, cron: "${cron}" }\n`);
    onTestFinished(() => rm(ws.dir, { recursive: true, force: true }));
    await writeFile(join(ws.dir, 'spend', 'north-council', 'may.csv'), may());
    const env = { REDIS_URL: topology.redisUrl };
    const args = ['--config', ws.configPath, '--prefix', topology.prefix];
    const replicas = [spawnBin(schedulerBin, args, env), spawnBin(schedulerBin, args, env)];
    spawned.push(...replicas, spawnWorker(topology));
    const ready = await Promise.all(replicas.map((r) => r.waitForLog((l) => l.msg === 'scheduler ready', 30_000)));
    for (const line of ready) expect(Date.parse(String(line.time))).toBeLessThan(at.getTime()); // both up before the slot
    const watch = watchSnapshot(ws.loaded.paths.snapshotPath, [clean]);

    const fired = await Promise.all(
      replicas.map((r) => r.waitForLog((l) => l.msg === 'scheduled refresh enqueued' || l.msg === 'slot already fired by another scheduler replica', 40_000)),
    );
    expect(fired.map((l) => l.msg).sort()).toEqual(['scheduled refresh enqueued', 'slot already fired by another scheduler replica']);
    const runId = `run-${at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-nightly`;
    expect(new Set(fired.map((l) => l.run_id))).toEqual(new Set([runId]));
    expect((await waitForRun(topology, runId, { timeoutMs: 180_000 })).files_failed).toBe(0);
    const snapshot = await watch.stop();
    expect(snapshot.intact, snapshot.seen.join('\n')).toBe(true);

    const queue = createQueue(topology, 'refresh');
    expect(await queue.getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed')).toBe(1);
    await queue.close();
    expect(await listRuns(topology)).toHaveLength(1);
    const after = await payableTotals(ws.loaded.paths.snapshotPath);
    expect(after).toEqual(clean);
    await recordFault('two schedulers firing one slot', after, {
      snapshot_intact: snapshot.intact,
      rerun_exact: isDeepStrictEqual(after, clean),
      what_the_user_saw: 'one run; the other replica logs "slot already fired by another scheduler replica"',
    });
  });
});

/** Hour-independent cron for one second in London time, `secondsAhead` from now. */
function cronAt(secondsAhead: number): { cron: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + secondsAhead * 1000) / 1000) * 1000);
  const [minute, second] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', minute: '2-digit', second: '2-digit' })
    .format(at)
    .split(':')
    .map(Number);
  return { cron: `${second} ${minute} * * * *`, at };
}
