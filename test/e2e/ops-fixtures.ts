import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { expect, inject, onTestFinished } from 'vitest';
import { enqueueRefresh, waitForRun } from '@cwb/cli/refresh-runner';
import { loadConfig, type LoadedConfig } from '@cwb/config';
import { createQueue, type StageName, type Topology } from '@cwb/queue';
import { withDatabase } from '@cwb/warehouse';

// Shared by the issue-7 operations tests (ops-*.test.ts): generated ledgers, a config
// around them, worker processes to kill, and the warehouse figures runs are compared on.

const root = fileURLToPath(new URL('../..', import.meta.url));
export const workerBin = join(root, 'services/worker/bin/cwb-worker.js');
export const schedulerBin = join(root, 'services/scheduler/bin/cwb-scheduler.js');

const suppliers = [
  ['Herrington Security LLP', 'SR7 7UG'],
  ['Hendon Stationery Co-operative Ltd', 'SR3 2SH'],
  ['Keel Catering CIC', ''],
  ['Northern Training Ltd', 'SR3 4LN'],
  ['Wear Valley Plumbing Ltd', 'SR1 1RE'],
  ['Tyne Office Supplies Ltd', 'NE1 4ST'],
] as const;

/**
 * A transparency-spend CSV of `rows` payments (the demo ledger's layout), deterministic from
 * `seed`. With `distinctSuppliers`, the payee is one of that many generated suppliers
 * (`Generated Supplier <n> Ltd`) instead of the six named ones; amounts and dates are the same.
 */
export function ledgerCsv(rows: number, seed: number, distinctSuppliers = 0): string {
  const lines = ['Department Family,Entity,Date,Expense Type,Expense Area,Supplier,Transaction Number,amount,Description,Supplier Postcode'];
  let x = seed * 7919 + 17;
  for (let i = 0; i < rows; i += 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const [named, postcode] = suppliers[x % suppliers.length]!;
    const name = distinctSuppliers > 0 ? generatedSupplierName(1 + (i % distinctSuppliers)) : named;
    const pence = 1000 + (x % 5_000_000);
    const amount = `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
    const date = `${1 + (i % 12)}/${1 + (i % 28)}/2022`;
    lines.push(`Local Government,Generated Council,${date},Services,Highways,${name},${seed * 10_000_000 + i},${amount},Generated test payment,${postcode}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The name of the `n`th generated supplier of `ledgerCsv(…, distinctSuppliers)`. */
export function generatedSupplierName(n: number): string {
  return `Generated Supplier ${n} Ltd`;
}

export interface WorkspaceFile {
  anchor: string;
  name: string;
  rows: number;
  seed?: number;
  /** Generated distinct payees instead of the six named suppliers (see ledgerCsv). */
  distinctSuppliers?: number;
}

export interface Workspace {
  dir: string;
  configPath: string;
  loaded: LoadedConfig;
  filePath(name: string): string;
}

/** A config with one anchor per distinct `anchor`, each reading its `spend/<anchor>/*.csv`. */
export async function makeWorkspace(files: WorkspaceFile[], extraYaml = ''): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'cwb-ops-'));
  const anchors = [...new Set(files.map((f) => f.anchor))];
  for (const [i, file] of files.entries()) {
    const path = join(dir, 'spend', file.anchor, file.name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, ledgerCsv(file.rows, file.seed ?? i + 1, file.distinctSuppliers));
  }
  const yaml = [
    'version: 1',
    'data_dir: data',
    'anchors:',
    ...anchors.flatMap((id) => [
      `  - id: ${id}`,
      `    name: ${id}`,
      '    type: council',
      '    home: { name: Sunderland, lad_codes: [E08000024] }',
      '    sources:',
      `      - path: spend/${id}/*.csv`,
    ]),
    extraYaml,
  ].join('\n');
  const configPath = join(dir, 'cwb.config.yaml');
  await writeFile(configPath, `${yaml}\n`);
  return { dir, configPath, loaded: await loadConfig(configPath), filePath: (name) => join(dir, 'spend', files.find((f) => f.name === name)!.anchor, name) };
}

/**
 * A workspace (removed after the test) whose first run, through the workers on `topology`
 * (the anchors named, else all), is already published: a fault in the next run has a
 * snapshot to keep intact.
 */
export async function publishedWorkspace(files: WorkspaceFile[], topology: Topology, anchorIds?: string[]): Promise<Workspace> {
  const ws = await makeWorkspace(files);
  onTestFinished(() => rm(ws.dir, { recursive: true, force: true }));
  const run = await enqueueRefresh(topology, ws.loaded, anchorIds ? { anchorIds } : {});
  const result = await waitForRun(topology, run.run_id, { timeoutMs: 180_000 });
  if (result.files_failed > 0) throw new Error(`the first run of ${ws.dir} failed ${result.files_failed} file(s)`);
  return ws;
}

export interface Spawned {
  child: ChildProcess;
  /** JSON log lines seen so far (pino, stderr). */
  logs: Record<string, unknown>[];
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Starts a real process (worker or scheduler bin) and collects its JSON logs. */
export function spawnBin(bin: string, args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { msg: text, level: 50 };
      }
      logs.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    logs,
    exited,
    waitForLog(match, timeoutMs = 60_000) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms; last lines: ${logs.slice(-5).map((l) => JSON.stringify(l)).join('\n')}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
  };
}

/** A worker process on `topology`; short locks so a killed worker's jobs come back quickly. */
export function spawnWorker(topology: Topology, args: string[] = [], env: Record<string, string> = {}): Spawned {
  return spawnBin(workerBin, ['--prefix', topology.prefix, ...args], {
    REDIS_URL: topology.redisUrl,
    CWB_LOCK_DURATION_MS: '3000',
    CWB_STALLED_INTERVAL_MS: '1000',
    ...env,
  });
}

export async function kill(spawned: Spawned, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
  if (spawned.child.exitCode !== null || spawned.child.signalCode !== null) return spawned.child.exitCode;
  spawned.child.kill(signal);
  return spawned.exited;
}

/** Per source file: counts as recorded and as held, and the sum of amounts: what runs are compared on. */
export async function warehouseFigures(databasePath: string) {
  const result = await withDatabase(databasePath, { mode: 'read_only' }, (w) =>
    w.json(`
      select f.source_file, f.rows_read, f.rows_loaded, f.rows_quarantined, f.rows_skipped,
             (select count(*) from raw.ap_transactions t where t.source_file_id = f.source_file_id) as rows_in_table,
             (select count(*) from raw.rejected_records r where r.source_file_id = f.source_file_id) as rejected_in_table,
             (select sum(amount_pence) from raw.ap_transactions t where t.source_file_id = f.source_file_id) as pence
      from raw.source_files f order by f.source_file`),
  );
  return result.rows;
}

export async function waitFor<T>(probe: () => Promise<T>, timeoutMs: number, what: string): Promise<Exclude<T, null | undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, null | undefined | false>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface OwnRedis {
  url: string;
  /** SIGKILL, as a crash would. */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of this test's own on a free port, with production settings (AOF with
 * fsync on every write, noeviction), so it can be crashed and restarted without touching
 * the shared Redis of the test run.
 */
export async function startOwnRedis(dir: string, options: { appendonly?: boolean } = {}): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', options.appendonly === false ? 'no' : 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    const { connect } = await import('node:net');
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          socket.setTimeout(500, () => socket.destroy());
          socket.on('connect', () => socket.write('PING\r\n'));
          socket.on('data', (data) => {
            resolve(data.toString().startsWith('+PONG'));
            socket.destroy();
          });
          socket.on('error', () => resolve(false));
          socket.on('close', () => resolve(false));
        }),
      10_000,
      `redis-server on port ${port}`,
    );
  };
  const stopWith = async (signal: NodeJS.Signals) => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((r) => running.once('exit', r));
    running.kill(signal);
    await exited;
  };
  await start();
  return { url, start, crash: () => stopWith('SIGKILL'), stop: () => stopWith('SIGTERM') };
}

/** What the tests read of a job, whatever its stage. */
export interface JobView {
  id?: string | undefined;
  name: string;
  data: Record<string, unknown>;
  processedOn?: number | undefined;
  processedBy?: string | undefined;
  stalledCounter: number;
  attemptsMade: number;
  getState(): Promise<string>;
}

export interface QueueView {
  getActive(): Promise<JobView[]>;
  getCompleted(): Promise<JobView[]>;
  getJob(id: string): Promise<JobView | undefined>;
  close(): Promise<void>;
}

/** A stage's queue seen through JobView (the typed queues are per stage). */
export function stageQueue(topology: Topology, stage: StageName): QueueView {
  return createQueue(topology, stage) as unknown as QueueView;
}

/** The active job of a stage for `anchorId`'s file (not build-models), once it has run for `afterMs`. */
export async function activeJob(topology: Topology, stage: StageName, anchorId: string, afterMs: number): Promise<JobView> {
  const queue = stageQueue(topology, stage);
  try {
    return await waitFor(
      async () => {
        const active = await queue.getActive();
        const job = active.find((j) => j.name !== 'build-models' && String(j.data.anchor_id) === anchorId);
        return job?.processedOn && Date.now() - job.processedOn >= afterMs ? job : null;
      },
      120_000,
      `an active ${stage} job for ${anchorId}`,
    );
  } finally {
    await queue.close();
  }
}

/** A job's state now, with how often it stalled and was attempted. */
export async function jobState(topology: Topology, stage: StageName, id: string): Promise<{ state: string; stalledCounter: number; attemptsMade: number }> {
  const queue = stageQueue(topology, stage);
  try {
    const job = await queue.getJob(id);
    if (!job) throw new Error(`no ${stage} job ${id}`);
    return { state: await job.getState(), stalledCounter: job.stalledCounter, attemptsMade: job.attemptsMade };
  } finally {
    await queue.close();
  }
}

/**
 * The published snapshot as it is now, to check after a fault that it is still that file,
 * byte for byte, and still opens with the same totals.
 */
export async function keepSnapshot(snapshotPath: string): Promise<{ intact(): Promise<boolean> }> {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(snapshotPath);
  const totals = await payableTotals(snapshotPath);
  return {
    async intact() {
      const now = await readFile(snapshotPath).catch(() => null);
      if (!now?.equals(bytes)) return false;
      const reopened = await payableTotals(snapshotPath);
      return JSON.stringify(reopened) === JSON.stringify(totals);
    },
  };
}

const cwbBin = join(root, 'services/cli/bin/cwb.js');

/** Runs the real `cwb` bin (Redis from the test setup unless env says otherwise); never throws. */
export async function runCwb(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number; ms: number }> {
  const { execFile } = await import('node:child_process');
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cwbBin, ...args],
      { cwd, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number((error as { code?: number }).code ?? 1) : 0, ms: Date.now() - started }),
    );
  });
}

/** Rows and pence in a warehouse or snapshot (payments), with the per-file counts. */
export async function payableTotals(databasePath: string): Promise<{ rows_in: number; loaded: number; quarantined: number; skipped: number; pence: number }> {
  return withDatabase(databasePath, { mode: 'read_only' }, async (w) => {
    const [row] = await w.all<Record<string, bigint | null>>(
      `select sum(rows_read) as rows_in, sum(rows_loaded) as loaded, sum(rows_quarantined) as quarantined, sum(rows_skipped) as skipped,
              (select sum(amount_pence) from raw.ap_transactions)::bigint as pence
       from raw.source_files`,
    );
    const n = (v: bigint | null | undefined) => Number(v ?? 0);
    return { rows_in: n(row?.rows_in), loaded: n(row?.loaded), quarantined: n(row?.quarantined), skipped: n(row?.skipped), pence: n(row?.pence) };
  });
}

/** One fault case's outcome, as the fault suite reports it (`pnpm test:faults` prints them). */
export interface FaultFigures {
  fault: string;
  rows_in: number;
  loaded: number;
  quarantined: number;
  skipped: number;
  lost: number;
  snapshot_intact: boolean;
  rerun_exact: boolean;
  what_the_user_saw: string;
}

/**
 * Records a case's figures (a JSON line under test/output/faults.jsonl) for the suite's table:
 * the totals after recovery, lost = rows in − loaded − quarantined − skipped.
 */
export async function recordFault(
  fault: string,
  totals: Awaited<ReturnType<typeof payableTotals>>,
  outcome: Pick<FaultFigures, 'snapshot_intact' | 'rerun_exact' | 'what_the_user_saw'>,
): Promise<void> {
  const { appendFile } = await import('node:fs/promises');
  const { pence: _pence, ...counts } = totals;
  const figures: FaultFigures = { fault, ...counts, lost: totals.rows_in - totals.loaded - totals.quarantined - totals.skipped, ...outcome };
  const dir = join(root, 'test', 'output');
  await mkdir(dir, { recursive: true });
  await appendFile(join(dir, 'faults.jsonl'), `${JSON.stringify(figures)}\n`);
}

/**
 * The end of a fault case whose run recovered: the snapshot must hold exactly the `expected`
 * figures of a run that never saw the fault (per file: counts and pence); the case is recorded.
 */
export async function recordRecoveredRun(
  fault: string,
  snapshotPath: string,
  expected: Awaited<ReturnType<typeof warehouseFigures>>,
  outcome: Pick<FaultFigures, 'snapshot_intact' | 'what_the_user_saw'>,
): Promise<void> {
  const figures = await warehouseFigures(snapshotPath);
  expect(figures).toEqual(expected);
  await recordFault(fault, await payableTotals(snapshotPath), { ...outcome, rerun_exact: isDeepStrictEqual(figures, expected) });
}

/** A key prefix of its own on the test run's Redis. */
export function privateTopology(name: string): Topology {
  return { redisUrl: inject('redisUrl'), prefix: `cwb-ops-${name}-${randomBytes(4).toString('hex')}` };
}

/**
 * Watches the published snapshot while concurrent runs go on: `stop()` says whether every
 * time it was there it opened with one of the `allowed` totals (never a half-written or
 * half-loaded state), and what was seen.
 */
export function watchSnapshot(snapshotPath: string, allowed: Awaited<ReturnType<typeof payableTotals>>[]): { stop(): Promise<{ intact: boolean; seen: string[] }> } {
  const wanted = new Set(allowed.map((t) => JSON.stringify(t)));
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      if (existsSync(snapshotPath)) seen.add(await payableTotals(snapshotPath).then((t) => JSON.stringify(t), (error: unknown) => `unreadable: ${String(error)}`));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { intact: [...seen].every((s) => wanted.has(s)), seen: [...seen] };
    },
  };
}
