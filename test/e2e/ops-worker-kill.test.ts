import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { runRefreshLocally } from '@cwb/cli/local-run';
import type { Topology } from '@cwb/queue';
import {
  activeJob,
  generatedSupplierName,
  jobState,
  keepSnapshot,
  kill,
  ledgerCsv,
  makeWorkspace,
  privateTopology,
  publishedWorkspace,
  recordRecoveredRun,
  spawnWorker,
  warehouseFigures,
  type Spawned,
  type Workspace,
  type WorkspaceFile,
} from './ops-fixtures';
import { writeFixtureRegisters } from './registers-fixture';

// Issue 7 and issue 22: SIGKILL of a worker process mid-extract, mid-enrich and mid-load,
// and of the loader inside its write transaction; after a restart the run ends with exactly
// the rows of an uninterrupted run, and the snapshot published before stays as it was. Real
// processes, real Redis, real DuckDB; the big file is large enough that each kill lands
// inside a running job (asserted: the job is still active when its worker dies).

// big-council pays many distinct suppliers, so its enrich job (matching each distinct supplier
// against a registers database, written before the mid-enrich run) is long enough to be killed in
const files: WorkspaceFile[] = [
  { anchor: 'big-council', name: 'ledger.csv', rows: 120_000, seed: 7, distinctSuppliers: 20_000 },
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
  await rm(baseline.dir, { recursive: true, force: true });
});

afterAll(async () => {
  for (const w of workers) await kill(w);
});

/** Registers holding a quarter of big-council's generated suppliers (fixture rows, not real organisations). */
async function writeGeneratedSupplierRegisters(ws: Workspace): Promise<void> {
  const rows = Array.from({ length: 5_000 }, (_, i) => `GB-COH,${90_000_001 + i},${generatedSupplierName(1 + i * 4).toUpperCase()},SR1 1RE,Private Limited Company,Active`);
  await writeFixtureRegisters(ws.loaded.paths.registersPath, join(ws.dir, 'fixture-register.csv'), rows);
}

function worker(topology: Topology, env: Record<string, string> = {}): Spawned {
  const spawned = spawnWorker(topology, [], env);
  workers.push(spawned);
  return spawned;
}

describe('a worker process killed with SIGKILL', () => {
  it.each(['extract', 'enrich', 'load'] as const)('mid-%s: after a restart the run ends with exactly the rows of an uninterrupted run, the last snapshot untouched', async (stage) => {
    const topology = privateTopology(`kill-${stage}`);
    const first = worker(topology);
    // the snapshot to keep: small-trust's file alone; the faulty run then reads big-council's
    const ws = await publishedWorkspace(files, topology, ['small-trust']);
    if (stage === 'enrich') await writeGeneratedSupplierRegisters(ws);
    const snapshot = await keepSnapshot(ws.loaded.paths.snapshotPath);
    const run = await enqueueRefresh(topology, ws.loaded);

    const job = await activeJob(topology, stage, 'big-council', 300);
    await kill(first);
    expect((await jobState(topology, stage, job.id!)).state).toBe('active'); // killed inside the job
    const intact = await snapshot.intact();
    expect(intact).toBe(true);
    // nothing of the interrupted file reached the warehouse
    expect((await warehouseFigures(ws.loaded.paths.warehousePath)).map((r) => r.source_file)).toEqual([expected[1]!.source_file]);

    worker(topology);
    const result = await waitForRun(topology, run.run_id, { timeoutMs: 180_000 });
    expect(result.files_failed).toBe(0);
    const after = await jobState(topology, stage, job.id!);
    expect(after.state).toBe('completed');
    expect(after.stalledCounter).toBeGreaterThanOrEqual(1); // recovered as stalled and run again

    expect(await warehouseFigures(ws.loaded.paths.warehousePath)).toEqual(expected);
    await recordRecoveredRun(`worker SIGKILL mid-${stage}`, result.snapshot_path, expected, {
      snapshot_intact: intact,
      what_the_user_saw: `a pause: the ${stage} job stalled and the restarted worker ran it again (stalled ${after.stalledCounter}x); the run succeeded`,
    });
  });

  it('the loader inside its write transaction (old rows deleted, new ones being inserted): the old version stays whole, the rerun loads the new one exactly', async () => {
    const topology = privateTopology('kill-transaction');
    // a debug log line marks the moment the transaction has deleted the file's old rows
    const first = worker(topology, { LOG_LEVEL: 'debug' });
    const ws = await publishedWorkspace([{ ...files[0]!, rows: 60_000, seed: 9 }, files[1]!], topology);
    const before = await warehouseFigures(ws.loaded.paths.warehousePath);
    const snapshot = await keepSnapshot(ws.loaded.paths.snapshotPath);

    // a new version of the big file: the baseline's
    await writeFile(join(ws.dir, 'spend', 'big-council', 'ledger.csv'), ledgerCsv(files[0]!.rows, files[0]!.seed!, files[0]!.distinctSuppliers));
    const run = await enqueueRefresh(topology, ws.loaded);
    const mine = (l: Record<string, unknown>) => l.run_id === run.run_id && l.anchor_id === 'big-council';
    await first.waitForLog((l) => mine(l) && l.msg === 'transaction open: inserting the staged rows', 180_000);
    await kill(first);
    expect(first.logs.some((l) => mine(l) && l.msg === 'loaded source file')).toBe(false); // killed before the commit

    // no partial rows: the warehouse holds the old version exactly, as if the load never began
    expect(await warehouseFigures(ws.loaded.paths.warehousePath)).toEqual(before);
    const intact = await snapshot.intact();
    expect(intact).toBe(true);

    worker(topology);
    const result = await waitForRun(topology, run.run_id, { timeoutMs: 180_000 });
    expect(result.files_failed).toBe(0);
    await recordRecoveredRun('loader SIGKILL inside its write transaction', result.snapshot_path, expected, {
      snapshot_intact: intact,
      what_the_user_saw: 'a pause; the warehouse kept the old version whole (no partial rows) until the restarted loader replaced it',
    });
  });
});
