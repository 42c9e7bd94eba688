import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SAMPLE_INPUTS, buildSampleReference } from '../test/sample-reference';
import { ReferenceReader, buildReference, currentReferencePath, readReferencePointer } from './index';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('reference versions', () => {
  it('builds a new version while an enricher holds the old one open read-only, without touching it', async () => {
    const first = await buildSampleReference();
    const enricher = await ReferenceReader.open(first.path);
    const before = await enricher.locate(['SR4 7TP']);
    const oldHash = sha256(first.path);
    const oldMtime = statSync(first.path).mtimeMs;

    // A second, independent read-only instance in the same process, as another worker would have.
    const other = await DuckDBInstance.create(first.path, { access_mode: 'READ_ONLY' });
    const otherConn = await other.connect();

    const second = await buildReference({
      outDir: first.outDir,
      postcodeFiles: [SAMPLE_INPUTS.nsplSr],
      vintage: 'nspl-2021-11-sr-only',
      inheritFromCurrent: true,
    });

    expect(second.path).not.toBe(first.path);
    expect(currentReferencePath(first.outDir)).toBe(second.path);
    expect(readReferencePointer(first.outDir)).toMatchObject({ vintage: 'nspl-2021-11-sr-only', postcodes: 8765 });
    // The old file is byte-for-byte what it was, and the open handles still answer from it.
    expect(sha256(first.path)).toBe(oldHash);
    expect(statSync(first.path).mtimeMs).toBe(oldMtime);
    expect(await enricher.locate(['SR4 7TP', 'LD7 1AA'])).toEqual(
      new Map([...before, ['LD7 1AA', expect.objectContaining({ lad_code: 'W06000023', vintage: 'nspl-2021-11' })]]),
    );
    const [row] = (await otherConn.runAndReadAll(`SELECT count(*) AS n FROM postcodes`)).getRowObjectsJS();
    expect(Number(row?.n)).toBe(11432);

    // The new version inherited IoD, WIMD and areas from the old one; only postcodes changed.
    const fresh = await ReferenceReader.open(second.path);
    const located = await fresh.describe(['SR4 7TP', 'LD7 1AA']);
    expect(located.get('SR4 7TP')).toMatchObject({ imd_decile: 3, imd_nation: 'E', lad_name: 'Sunderland', vintage: 'nspl-2021-11-sr-only' });
    expect(located.has('LD7 1AA')).toBe(false);
    expect(second.tables).toMatchObject({ postcodes: 8765, deprivation_england: 32844, deprivation_wales: 1909 });

    fresh.close();
    enricher.close();
    otherConn.closeSync();
    other.closeSync();
    // No temporary or spill files are left behind.
    expect(readdirSync(first.outDir).sort()).toEqual(['current.json', first.path.split('/').pop(), second.path.split('/').pop()].sort());
  });

  it('leaves the current version and pointer alone when a build fails', async () => {
    const first = await buildSampleReference();
    const pointer = readFileSync(join(first.outDir, 'current.json'), 'utf8');
    await expect(buildReference({ outDir: first.outDir, postcodeFiles: [SAMPLE_INPUTS.imdEngland], inheritFromCurrent: true })).rejects.toThrow(
      /imd2019_england_lsoa11_file1\.csv, line 1: no postcode column found/,
    );
    expect(readFileSync(join(first.outDir, 'current.json'), 'utf8')).toBe(pointer);
    expect(readdirSync(first.outDir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('rejects a corrupt pointer with the file and the fix', async () => {
    const first = await buildSampleReference();
    writeFileSync(join(first.outDir, 'current.json'), JSON.stringify({ file: '../../etc/passwd', vintage: 'x', built_at: 'now', postcodes: 1 }));
    expect(() => currentReferencePath(first.outDir)).toThrow(/current\.json: invalid pointer: file .*Fix: rebuild the reference/);
  });
});
