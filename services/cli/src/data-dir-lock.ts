import { hostname } from 'node:os';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** The lock file a local run (`cwb run`, `demo`, `ingest`, `warehouse rebuild`) holds in its data directory. */
export const dataDirLockName = 'cwb.lock';

const holderSchema = z.object({ pid: z.number().int(), host: z.string(), command: z.string(), since: z.string() });
type Holder = z.infer<typeof holderSchema>;

/**
 * Another local run holds the data directory. Two of them at once would both write its one
 * warehouse (DuckDB allows one writer: the second's loads failed as "locked" half-way through,
 * after its extracts) and both publish the snapshot; the second is refused before it starts.
 */
export class DataDirBusyError extends Error {
  constructor(dataDir: string, holder: Holder, lockPath: string) {
    super(
      `${dataDir} is in use by another cwb run (${holder.command}, pid ${holder.pid} on ${holder.host}, since ${holder.since}): ` +
        `one run at a time writes a data directory. Wait for it to finish and run again, or give this run another data_dir; ` +
        `if that process is gone (another machine sharing the folder), delete ${lockPath}`,
    );
    this.name = 'DataDirBusyError';
  }
}

/** Held by this process, with how many nested holders (warehouse rebuild holds it around its run). */
const heldHere = new Map<string, number>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding `<dataDir>/cwb.lock` (created exclusively; pid, host, command and time in
 * it). A lock left by a process that is no longer running on this host (killed) is taken over;
 * one held by a live process, or from another host, refuses with DataDirBusyError.
 */
export async function withDataDirLock<T>(dataDir: string, command: string, work: () => Promise<T>): Promise<T> {
  const lockPath = join(dataDir, dataDirLockName);
  const nested = heldHere.get(lockPath) ?? 0;
  if (nested === 0) await acquire(dataDir, lockPath, command);
  heldHere.set(lockPath, nested + 1);
  try {
    return await work();
  } finally {
    const left = (heldHere.get(lockPath) ?? 1) - 1;
    if (left > 0) heldHere.set(lockPath, left);
    else {
      heldHere.delete(lockPath);
      await unlink(lockPath).catch(() => {});
    }
  }
}

async function acquire(dataDir: string, lockPath: string, command: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const me: Holder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(lockPath, 'utf8').catch(() => null);
    if (text === null) continue; // released meanwhile
    const parsed = holderSchema.safeParse(parseJson(text));
    // still being written by its holder: that holder is alive
    if (!parsed.success) throw new DataDirBusyError(dataDir, { pid: 0, host: 'unknown', command: 'a starting run', since: 'now' }, lockPath);
    const holder = parsed.data;
    if (holder.host !== me.host || isRunning(holder.pid)) throw new DataDirBusyError(dataDir, holder, lockPath);
    await unlink(lockPath).catch(() => {}); // left by a killed run
  }
  throw new Error(`${lockPath}: could not take the data directory's lock (it changed hands three times in a row)`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
