import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;
export type Row = Record<string, unknown>;

/**
 * An open warehouse file. DuckDB allows one read-write process per file, so only the
 * loader opens it with `mode: 'read_write'`, and closes it once its stream of jobs pauses
 * (withHeldWriter) so that readers can get in between; the snapshot is published from a
 * checkpointed, closed file.
 */
export interface Warehouse {
  path: string;
  connection: DuckDBConnection;
  /** Runs one or more statements. */
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Rows as plain JS objects (BIGINT → bigint, DATE → Date, DECIMAL → number). */
  all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Rows as JSON-safe objects (BIGINT and DECIMAL as strings, dates ISO): for printing. */
  json(sql: string, params?: SqlParams): Promise<{ columns: string[]; rows: Record<string, unknown>[] }>;
  /** Runs `work` inside BEGIN … COMMIT, rolling back on any error. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Another connection to the same open database, for statements run at the same time as this
   * one's (DuckDB runs them concurrently); closing it closes only that connection.
   */
  connectAgain(): Promise<Warehouse>;
  close(): void;
}

export interface OpenOptions {
  mode: 'read_write' | 'read_only';
  threads?: number;
  memoryLimit?: string;
  /** DuckDB temp_directory: where queries over memory_limit spill. */
  tempDirectory?: string;
  /** DuckDB checkpoint_threshold: the WAL size at which a commit checkpoints (DuckDB's default 16MB). */
  checkpointThreshold?: string;
}

/** The DuckDB limits an open takes from the process when its caller sets none of its own. */
export type DuckdbLimits = Pick<OpenOptions, 'memoryLimit' | 'threads'>;

let processLimits: DuckdbLimits = {};

/**
 * Sets the memory_limit and threads of every later open in this process that does not set
 * its own (an open's own options win). The loader process sets its budget here, so that the
 * opens it does not configure itself stay inside it too: publishing the snapshot and writing
 * the Parquet export open DuckDB without options, and DuckDB then allows itself 80% of RAM.
 * At bench medium the partitioned Parquet COPY of marts.fct_ap_payments buffered the whole
 * table that way (load process peak RSS 1.9 GB); under the limit it spills to disk instead.
 * Returns the previous limits.
 */
export function setProcessDuckdbLimits(limits: DuckdbLimits): DuckdbLimits {
  const previous = processLimits;
  processLimits = { ...limits };
  return previous;
}

/** The limits set by setProcessDuckdbLimits (empty: DuckDB's own defaults). */
export function processDuckdbLimits(): DuckdbLimits {
  return { ...processLimits };
}

/** DuckDB's words for a damaged database file (a failed block checksum, a file that is not a database). */
const CORRUPT_FILE = /Corrupt database file|does not match stored checksum|not a valid DuckDB database file|database file is corrupt/i;

/**
 * The warehouse file is damaged: named as such (not as a lock), with the way back. Every row
 * in it came from the configured source files and the reference, so nothing is lost for good;
 * the published snapshot stays as it was until a rebuild publishes a new one. `recoverable`
 * false: retrying the job cannot help.
 */
export class WarehouseCorruptError extends Error {
  readonly recoverable = false;
  constructor(readonly path: string, detail: string) {
    super(
      `${path}: the warehouse file is corrupt (${detail}). Its rows can all be rebuilt from the source files: ` +
        'run `cwb warehouse rebuild --config <your config>` (the damaged file is kept aside; the last published snapshot is untouched until the rebuild publishes)',
    );
    this.name = 'WarehouseCorruptError';
  }
}

export async function openDatabase(path: string, options: OpenOptions): Promise<Warehouse> {
  // DuckDB lets a second instance of the same file open in one process (its lock is per
  // process), and two writers would damage it: a writer this process holds open between jobs
  // is checkpointed and closed first.
  await releaseHeldWriter(path);
  if (options.mode === 'read_write' && path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const config: Record<string, string> = {
    access_mode: options.mode === 'read_only' ? 'READ_ONLY' : 'READ_WRITE',
  };
  const threads = options.threads ?? processLimits.threads;
  const memoryLimit = options.memoryLimit ?? processLimits.memoryLimit;
  if (threads) config.threads = String(threads);
  if (memoryLimit) config.memory_limit = memoryLimit;
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  if (options.checkpointThreshold) config.checkpoint_threshold = options.checkpointThreshold;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (CORRUPT_FILE.test(message)) throw new WarehouseCorruptError(path, message.split('\n')[0] ?? message);
    if (/\block\b|Could not set lock/i.test(message)) {
      throw new Error(
        `${path}: the warehouse is locked by another process (${message.split('\n')[0]}). ` +
          'Only the loader may open it read-write; readers should use the published snapshot.',
      );
    }
    throw new Error(`${path}: cannot open DuckDB database: ${message}`);
  }
  return onConnection(path, instance, await instance.connect(), true);
}

/** The Warehouse of one connection; `ownsInstance`: closing it closes the database too. */
function onConnection(path: string, instance: DuckDBInstance, connection: DuckDBConnection, ownsInstance: boolean): Warehouse {
  // A damaged block is found when a query reads it: named as corruption there too.
  const named = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw CORRUPT_FILE.test(message) ? new WarehouseCorruptError(path, message.split('\n')[0] ?? message) : error;
    }
  };
  const warehouse: Warehouse = {
    path,
    connection,
    async run(sql, params) {
      await named(() => connection.run(sql, params));
    },
    async all<T extends Row = Row>(sql: string, params?: SqlParams) {
      const reader = await named(() => connection.runAndReadAll(sql, params));
      return reader.getRowObjectsJS() as T[];
    },
    async json(sql, params) {
      const reader = await named(() => connection.runAndReadAll(sql, params));
      return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Record<string, unknown>[] };
    },
    async transaction(work) {
      await connection.run('begin transaction');
      try {
        const result = await work();
        await connection.run('commit');
        return result;
      } catch (error) {
        await connection.run('rollback').catch(() => {});
        throw error;
      }
    },
    async connectAgain() {
      return onConnection(path, instance, await instance.connect(), false);
    },
    close() {
      connection.closeSync();
      if (ownsInstance) instance.closeSync();
    },
  };
  return warehouse;
}

/** Opens, runs `work`, and always closes: the loader's per-job pattern. */
export async function withDatabase<T>(path: string, options: OpenOptions, work: (w: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openDatabase(path, options);
  try {
    return await work(warehouse);
  } finally {
    // Closing a read-write database checkpoints it inside closeSync, on the event loop, while
    // the worker cannot renew its BullMQ job lock (measured: the warehouse README, "Design
    // measurements"). Checkpointing first runs the same work on DuckDB's thread and leaves the
    // close nothing to do.
    if (options.mode === 'read_write' && path !== ':memory:') await warehouse.run('checkpoint').catch(() => {});
    warehouse.close();
  }
}

interface HeldWriter {
  warehouse: Warehouse;
  busy: boolean;
  idle: NodeJS.Timeout | null;
}

/** Read-write warehouses this process keeps open between jobs, by resolved path. */
const heldWriters = new Map<string, HeldWriter>();
/** Held writers being checkpointed and closed, by resolved path. */
const releasing = new Map<string, Promise<void>>();

/**
 * The loader's open for a stream of jobs: like withDatabase read-write, but the warehouse stays
 * open for `holdMs` after `work` ends, so that the next job within that time reuses it and no
 * checkpoint runs in between. Each job's rows are committed (in the WAL, durable) when `work`
 * ends; what holding saves is the checkpoint of every job, which rewrote the payments table's
 * partly filled last row group each time (most of a load job at bench medium: the bench README,
 * "Where a load job's time goes"). When no job came within `holdMs`, when `work` fails, and
 * before any other open of the same file in this process, the warehouse is checkpointed and
 * closed, which releases its lock for other processes. `holdMs` 0 closes after each job.
 * Jobs must not overlap on one path (the loader runs one at a time).
 */
export async function withHeldWriter<T>(path: string, options: OpenOptions & { holdMs: number }, work: (w: Warehouse) => Promise<T>): Promise<T> {
  const { holdMs, ...openOptions } = options;
  if (holdMs <= 0 || path === ':memory:') return withDatabase(path, openOptions, work);
  const key = resolve(path);
  await releasing.get(key);
  let held = heldWriters.get(key);
  if (held?.busy) throw new Error(`${path}: the warehouse is already in use by a job of this process (loads run one at a time)`);
  if (!held) {
    held = { warehouse: await openDatabase(path, { ...openOptions, mode: 'read_write' }), busy: false, idle: null };
    heldWriters.set(key, held);
  }
  if (held.idle) clearTimeout(held.idle);
  held.idle = null;
  held.busy = true;
  let failed = false;
  try {
    return await work(held.warehouse);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    held.busy = false;
    if (failed) await releaseHeldWriter(path);
    else {
      held.idle = setTimeout(() => void releaseHeldWriter(path), holdMs);
      held.idle.unref();
    }
  }
}

/**
 * Checkpoints and closes the writer this process holds open on `path` (withHeldWriter), if
 * any, waiting for one already closing. A checkpoint that fails leaves the rows in the WAL,
 * which the next open replays.
 */
export async function releaseHeldWriter(path: string): Promise<void> {
  const key = path === ':memory:' ? path : resolve(path);
  const held = heldWriters.get(key);
  if (!held) return releasing.get(key);
  if (held.busy) throw new Error(`${path}: the warehouse is open in a running job of this process; open it after the job ends`);
  heldWriters.delete(key);
  if (held.idle) clearTimeout(held.idle);
  const closing = held.warehouse
    .run('checkpoint')
    .catch(() => {})
    .finally(() => held.warehouse.close());
  releasing.set(key, closing);
  try {
    await closing;
  } finally {
    releasing.delete(key);
  }
}

/** Checkpoints and closes every writer this process holds open (at shutdown). */
export async function releaseHeldWriters(): Promise<void> {
  await Promise.all([...heldWriters.keys()].map((key) => releaseHeldWriter(key)));
}

/** SQL string literal, for file paths in table functions (which cannot take parameters). */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
