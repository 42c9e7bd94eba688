import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalSource } from '../sources/local-source';
import { MemoryCursorStore } from './cursor-store';
import { decideByCursor, hashFile } from './file-cursor';

const folder = await mkdtemp(join(tmpdir(), 'cwb-cursor-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('file cursor', () => {
  it('reads a new file, skips it unchanged, skips it touched-but-identical, reads it when changed', async () => {
    const path = join(folder, 'spend.csv');
    await writeFile(path, 'a,b\n1,2\n');
    const store = new MemoryCursorStore();
    const list = async () => (await new LocalSource(path).list())[0]!;

    const first = await decideByCursor(await list(), await store.get(path));
    expect(first).toMatchObject({ kind: 'changed', why: 'never read' });
    if (first.kind !== 'changed') throw new Error('unreachable');
    const file = await list();
    await store.set({ key: path, content_sha256: first.content_sha256, size: file.size, mtime_ms: file.mtime_ms, read_at: 'now' });

    expect(await decideByCursor(await list(), await store.get(path))).toMatchObject({ kind: 'unchanged', why: /same size/ });

    await utimes(path, new Date('2030-01-01'), new Date('2030-01-01'));
    expect(await decideByCursor(await list(), await store.get(path))).toMatchObject({ kind: 'unchanged', why: /content hash is the same/ });

    await writeFile(path, 'a,b\n1,3\n');
    expect(await decideByCursor(await list(), await store.get(path))).toMatchObject({ kind: 'changed', why: /content changed/ });
  });

  it('hashes the content', async () => {
    const path = join(folder, 'h.txt');
    await writeFile(path, 'abc');
    expect(await hashFile(path)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
