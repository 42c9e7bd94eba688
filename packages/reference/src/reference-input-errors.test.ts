import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_INPUTS, tempReferenceDir } from '../test/sample-reference';
import { ReferenceInputError, buildReference } from './index';

/** Write a copy of a real sample with one textual edit, to show a loader rejects that fault. */
function editedCopy(source: string, from: string | RegExp, to: string): string {
  const text = readFileSync(source, 'utf8');
  const edited = text.replace(from, to);
  if (edited === text) throw new Error(`test setup: ${String(from)} not found in ${source}`);
  const file = join(tempReferenceDir('edited'), source.split('/').pop() as string);
  writeFileSync(file, edited);
  return file;
}

describe('loader errors say what, where and how to fix', () => {
  it('names a file that does not exist', async () => {
    await expect(buildReference({ outDir: tempReferenceDir('e'), postcodeFiles: ['/nope/NSPL_NOV_2021_UK_XX.csv'] })).rejects.toThrow(
      '/nope/NSPL_NOV_2021_UK_XX.csv: file not found',
    );
  });

  it('rejects an IoD rank that is not a number, naming the LSOA and column', async () => {
    const file = editedCopy(SAMPLE_INPUTS.imdEngland, 'E01000003,City of London 001C,E09000001,City of London,"14,915"', 'E01000003,City of London 001C,E09000001,City of London,"14.9l5"');
    const error = await buildReference({ outDir: tempReferenceDir('e'), imdEnglandFile: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReferenceInputError);
    expect((error as ReferenceInputError).column).toBe('Index of Multiple Deprivation (IMD) Rank');
    expect((error as Error).message).toContain('first "14.9l5" for E01000003');
  });

  it('rejects a WIMD CSV that kept the ODS "Domain Score" super-header row, showing the header it saw', async () => {
    const file = editedCopy(SAMPLE_INPUTS.wimd, /^LSOA Code/, ',,,,Domain Score,,,,,,,\r\nLSOA Code');
    await expect(buildReference({ outDir: tempReferenceDir('e'), wimdFile: file })).rejects.toThrow(
      /line 1: no LSOA code column in this WIMD 2019 scores file\. Fix: expected a header matching .*the header is: column00, .*Domain Score/,
    );
  });

  it('rejects a WIMD file with a repeated header row inside the data, naming the value', async () => {
    const file = editedCopy(SAMPLE_INPUTS.wimd, /\r\nW01000002,/, '\r\nLSOA Code,LSOA Name,Local Authority Name,WIMD 2019,Income,Employment,Health,Education,Access to Services,Housing,Community Safety,Physical Environment\r\nW01000002,');
    await expect(buildReference({ outDir: tempReferenceDir('e'), wimdFile: file })).rejects.toThrow(
      /column "LSOA Code": 1 row\(s\) have an LSOA code that is not a Welsh LSOA \(W01 \+ 6 digits\), first "LSOA Code"\. Fix:/,
    );
  });

  it('rejects a malformed termination date with the postcode', async () => {
    const file = editedCopy(SAMPLE_INPUTS.nsplSr, '"SR1 1AA","SR1  1AA","SR1 1AA","199002","199912"', '"SR1 1AA","SR1  1AA","SR1 1AA","199002","12/1999"');
    await expect(buildReference({ outDir: tempReferenceDir('e'), postcodeFiles: [file] })).rejects.toThrow(
      /1 row\(s\) have a termination date that is not YYYYMM, first "12\/1999" for SR1 1AA/,
    );
  });

  it('rejects the same postcode in two files (a per-area file passed twice)', async () => {
    await expect(buildReference({ outDir: tempReferenceDir('e'), postcodeFiles: [SAMPLE_INPUTS.nsplLd, SAMPLE_INPUTS.nsplLd] })).rejects.toThrow(
      /2667 postcode\(s\) appear more than once.*Fix: pass each per-area file once/,
    );
  });

  it('rejects an area file it does not recognise, listing the shapes it accepts', async () => {
    await expect(buildReference({ outDir: tempReferenceDir('e'), areaFiles: [SAMPLE_INPUTS.wimd] })).rejects.toThrow(/not a recognised ONS area lookup.*LADyyCD\+RGNyyCD/);
  });
});
