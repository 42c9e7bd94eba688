import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadOrganisationRegister, openRegisters, type RegisterMappingInput } from '@cwb/companies-house';
import { buildNameIndex } from './name-index';

export interface RegisterFile {
  path: string;
  mapping?: RegisterMappingInput;
}

/**
 * A throwaway registers database holding the given register files (and whatever `extra` adds,
 * e.g. other names), indexed for matching, for evaluations: deleted when `work` returns.
 */
export async function withTemporaryRegisters<T>(
  files: readonly RegisterFile[],
  work: (conn: DuckDBConnection) => Promise<T>,
  extra?: (conn: DuckDBConnection) => Promise<void>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cwb-registers-'));
  try {
    const db = await openRegisters(join(dir, 'registers.duckdb'), { mode: 'read_write' });
    try {
      for (const file of files) await loadOrganisationRegister(db.conn, file.path, file.mapping);
      if (extra) await extra(db.conn);
      await buildNameIndex(db.conn);
      return await work(db.conn);
    } finally {
      db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
