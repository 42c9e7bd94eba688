import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, dataDirLockName, withDataDirLock } from './data-dir-lock';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

const holder = (pid: number, host = hostname()) => `${JSON.stringify({ pid, host, command: 'cwb run', since: '2026-12-06T22:00:00.000Z' })}\n`;

describe('the data directory lock of a local run', () => {
  it('is held while the work runs, nested holders in one process share it, and it is gone afterwards', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cwb-lock-'));
    const lock = join(dir, 'data', dataDirLockName);
    await withDataDirLock(join(dir, 'data'), 'cwb warehouse rebuild', async () => {
      expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid, command: 'cwb warehouse rebuild' });
      await withDataDirLock(join(dir!, 'data'), 'cwb run', async () => expect(existsSync(lock)).toBe(true));
      expect(existsSync(lock)).toBe(true); // the outer holder still has it
    });
    expect(existsSync(lock)).toBe(false);
    await expect(withDataDirLock(join(dir, 'data'), 'cwb run', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false); // released on failure too
  });

  it('refuses while a live process holds it, naming it and the way out; takes over a lock whose process is gone', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cwb-lock-'));
    const lock = join(dir, dataDirLockName);
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await writeFile(lock, holder(sleeper.pid!));
      const refused = withDataDirLock(dir, 'cwb run', () => Promise.resolve('ran'));
      await expect(refused).rejects.toBeInstanceOf(DataDirBusyError);
      await expect(refused).rejects.toThrow(`${dir} is in use by another cwb run (cwb run, pid ${sleeper.pid} on ${hostname()}, since 2026-12-06T22:00:00.000Z)`);
      await expect(refused).rejects.toThrow(`delete ${lock}`);
      // another host's lock cannot be checked from here: refused too
      await writeFile(lock, holder(sleeper.pid!, 'elsewhere'));
      await expect(withDataDirLock(dir, 'cwb run', () => Promise.resolve('ran'))).rejects.toBeInstanceOf(DataDirBusyError);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((r) => sleeper.once('exit', r));
    }
    // the holder was killed: its lock is stale and taken over
    await writeFile(lock, holder(sleeper.pid!));
    expect(await withDataDirLock(dir, 'cwb run', () => Promise.resolve('ran'))).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });
});
