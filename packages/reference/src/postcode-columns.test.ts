import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_INPUTS, tempReferenceDir } from '../test/sample-reference';
import { buildReference, detectPostcodeColumns, locatePostcodes } from './index';
import { vintageFromFileNames } from './reference-vintage';

const header = (columns: string[]) => ({ file: '/data/x.csv', columns, delimiter: ',', quote: '"', skipRows: 0 });

describe('detectPostcodeColumns', () => {
  it('finds the NSPL 2021 columns', () => {
    const nspl = readFileSync(SAMPLE_INPUTS.nsplSr, 'utf8').split('\n')[0]?.split(',') ?? [];
    expect(detectPostcodeColumns(header(nspl))).toMatchObject({
      product: 'nspl', postcode: 'pcds', lad: 'laua', region: 'rgn', country: 'ctry', lsoa11: 'lsoa11', lsoa21: null, imd: 'imd', terminated: 'doterm', lat: 'lat', long: 'long', gridIndicator: 'osgrdind',
    });
  });

  it('finds the ONSPD columns (pcd7, oslaua, lsoa11 and lsoa21)', () => {
    const onspd = readFileSync(SAMPLE_INPUTS.onspdSubset, 'utf8').split('\n')[0]?.split(',') ?? [];
    expect(detectPostcodeColumns(header(onspd))).toMatchObject({ product: 'onspd', postcode: 'pcds', lad: 'oslaua', lsoa11: 'lsoa11', lsoa21: 'lsoa21' });
  });

  it('finds 2020s-style names with the vintage in them, in any case', () => {
    expect(detectPostcodeColumns(header(['PCD7', 'doterm', 'LAD25CD', 'RGN25CD', 'CTRY25CD', 'LSOA21CD', 'lat', 'long']))).toMatchObject({
      postcode: 'PCD7', lad: 'LAD25CD', region: 'RGN25CD', country: 'CTRY25CD', lsoa11: null, lsoa21: 'LSOA21CD', imd: null,
    });
  });

  it('refuses a header with two LAD columns, naming both', () => {
    expect(() => detectPostcodeColumns(header(['pcds', 'doterm', 'laua', 'lad23cd', 'ctry', 'lsoa11']))).toThrow(
      '/data/x.csv, line 1: columns "laua" and "lad23cd" all look like the lad column',
    );
  });

  it('refuses a header with no LSOA column, saying which patterns it tried', () => {
    expect(() => detectPostcodeColumns(header(['pcds', 'doterm', 'laua', 'ctry']))).toThrow(/postcode columns incomplete: no LSOA column \(lsoa11\/lsoa11cd\/lsoa21\/lsoa21cd\)/);
  });
});

describe('vintageFromFileNames', () => {
  it('reads ONS file names', () => {
    expect(vintageFromFileNames(['/d/NSPL_NOV_2021_UK_LD.csv', '/d/NSPL_NOV_2021_UK_SR.csv'])).toBe('nspl-2021-11');
    expect(vintageFromFileNames(['/d/ONSPD_AUG_2025_UK.csv'])).toBe('onspd-2025-08');
    expect(vintageFromFileNames(['/d/nspl_nov2021_LD_postcode_area_wales.csv'])).toBe('nspl-2021-11');
    expect(vintageFromFileNames(['/d/NSPL_NOV_2021_UK_LD.csv', '/d/NSPL_FEB_2022_UK_SR.csv'])).toBeNull();
    expect(vintageFromFileNames(['/d/postcodes.csv'])).toBeNull();
  });
});

describe('a renamed vintage loads the same', () => {
  it('locates the real SR rows under 2025-style column names', async () => {
    const [first, ...rest] = readFileSync(SAMPLE_INPUTS.nsplSr, 'utf8').split('\n');
    const renamed = (first ?? '').replace(',laua,', ',lad25cd,').replace(',rgn,', ',rgn25cd,').replace(',ctry,', ',ctry25cd,').replace(',lsoa11,', ',lsoa21cd,');
    const file = join(tempReferenceDir('renamed'), 'NSPL_FEB_2025_UK_SR.csv');
    writeFileSync(file, [renamed, ...rest].join('\n'));
    const built = await buildReference({ outDir: tempReferenceDir('renamed-out'), postcodeFiles: [file], imdEnglandFile: SAMPLE_INPUTS.imdEngland });
    expect(built).toMatchObject({ vintage: 'nspl-2025-02', postcodes: 8765 });
    const located = await locatePostcodes(built.path, ['SR4 7TP', 'SR43 2AA']);
    expect(located.get('SR4 7TP')).toMatchObject({ lad_code: 'E08000024', region_code: 'E12000001', lsoa_code: 'E01008704', imd_decile: 3, imd_nation: 'E' });
    expect(located.get('SR43 2AA')?.status).toBe('no_area');
  });
});
