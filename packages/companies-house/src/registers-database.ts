import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { loaderDuckdbSettings } from '@cwb/config';
import { createRegistersSchema } from './registers-schema';

export interface RegistersDatabase {
  path: string;
  conn: DuckDBConnection;
  close(): void;
}

export interface OpenRegistersOptions {
  mode: 'read_write' | 'read_only';
  /** Read-write default: the loader's (CWB_DUCKDB_THREADS). */
  threads?: number;
  /** Read-write default: the loader's (CWB_DUCKDB_MEMORY_LIMIT); read-only without one DuckDB may take 80% of RAM. */
  memoryLimit?: string;
  /** Where a query past the limit spills; default `<path>.tmp` for a read-write file. */
  tempDirectory?: string;
}

/**
 * Open (and, read-write, create) the registers database. One writer at a time: loaders open
 * it read-write, under the loader's DuckDB limits unless told otherwise (a 5.7-million-row
 * BasicCompanyData load peaked at 6.1 GB RSS without them); matchers open it read-only and
 * can run in many processes at once.
 */
export async function openRegisters(path: string, options: OpenRegistersOptions): Promise<RegistersDatabase> {
  if (options.mode === 'read_write' && path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const config: Record<string, string> = { access_mode: options.mode === 'read_only' ? 'READ_ONLY' : 'READ_WRITE' };
  const limits = options.mode === 'read_write' ? { ...loaderDuckdbSettings(), ...options } : options;
  if (limits.threads) config.threads = String(limits.threads);
  if (limits.memoryLimit) config.memory_limit = limits.memoryLimit;
  if (options.mode === 'read_write') {
    // Bulk loads are set-based and need no row order: without it DuckDB reads and inserts in
    // parallel without buffering to keep order, and spills beside the file instead of failing.
    config.preserve_insertion_order = 'false';
    const spill = options.tempDirectory ?? (path === ':memory:' ? undefined : `${path}.tmp`);
    if (spill) config.temp_directory = spill;
  } else if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${path}: cannot open the registers database ${options.mode === 'read_only' ? 'read-only' : 'read-write'} (${message.split('\n')[0]}). ` +
        (/lock/i.test(message) ? 'Another process is loading it; wait for the load to finish.' : 'Load a register first with `cwb reference load companies <file>`.'),
    );
  }
  const conn = await instance.connect();
  if (options.mode === 'read_write') await createRegistersSchema(conn);
  return {
    path,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Open, run `work`, always close. */
export async function withRegisters<T>(path: string, options: OpenRegistersOptions, work: (db: RegistersDatabase) => Promise<T>): Promise<T> {
  const db = await openRegisters(path, options);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}
