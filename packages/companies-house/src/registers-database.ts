import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createRegistersSchema } from './registers-schema';

export interface RegistersDatabase {
  path: string;
  conn: DuckDBConnection;
  close(): void;
}

export interface OpenRegistersOptions {
  mode: 'read_write' | 'read_only';
  threads?: number;
  memoryLimit?: string;
}

/**
 * Open (and, read-write, create) the registers database. One writer at a time: loaders open
 * it read-write; matchers open it read-only and can run in many processes at once.
 */
export async function openRegisters(path: string, options: OpenRegistersOptions): Promise<RegistersDatabase> {
  if (options.mode === 'read_write' && path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  const config: Record<string, string> = { access_mode: options.mode === 'read_only' ? 'READ_ONLY' : 'READ_WRITE' };
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
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
