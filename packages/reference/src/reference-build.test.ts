import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_INPUTS, buildSampleReference, tempReferenceDir } from '../test/sample-reference';
import { buildReference, currentReferencePath, ReferenceReader, locatePostcodes } from './index';

/*
 * Expected figures were checked independently of this code with python3's csv module on the
 * sample files (see packages/sample-data/SOURCES.md for the file-level counts), e.g.
 *   python3 -c "import csv; r=list(csv.DictReader(open('nspl_nov2021_LD_postcode_area_wales.csv'))); print(sum(1 for x in r if x['doterm']))"
 * and with grep for single rows: grep '^E01008704' imd2019_england_lsoa11_file1.csv → "7,201",3.
 * WIMD ranks were derived in python by sorting the WIMD 2019 score descending; they agree with
 * the NSPL `imd` column for all 2,539 Welsh LD postcodes.
 */
let sample: Awaited<ReturnType<typeof buildSampleReference>>;
let reader: ReferenceReader;
let sql: (query: string) => Promise<Record<string, unknown>[]>;

beforeAll(async () => {
  sample = await buildSampleReference();
  reader = await ReferenceReader.open(sample.path);
  const instance = await DuckDBInstance.create(sample.path, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  sql = async (query) => (await conn.runAndReadAll(query)).getRowObjectsJS();
});
afterAll(() => reader?.close());

describe('buildReference on NSPL LD + SR, IoD 2019, WIMD 2019 and the ONS area lookups', () => {
  it('loads both per-area files as one table and names the vintage from the file names', async () => {
    expect(sample.postcodes).toBe(2667 + 8765);
    expect(sample.vintage).toBe('nspl-2021-11');
    expect(sample.path).toMatch(/reference-nspl-2021-11-[0-9a-f]{10}\.duckdb$/);
    expect(currentReferencePath(sample.outDir)).toBe(sample.path);
    const inputs = await sql(`SELECT kind, count(*) AS files, sum(rows) AS rows FROM reference_inputs GROUP BY kind ORDER BY kind`);
    expect(inputs.map((r) => [r.kind, Number(r.files), Number(r.rows)])).toEqual([
      ['areas', 4, 361 + 8887 + 326 + 6],
      ['imd', 1, 32844],
      ['postcodes', 2, 11432],
      ['wimd', 1, 1909],
    ]);
  });

  it('keeps terminated postcodes with their end month', async () => {
    const [row] = await sql(`SELECT count(*) FILTER (WHERE is_terminated) AS terminated FROM postcodes`);
    expect(Number(row?.terminated)).toBe(451 + 2143);
    const located = await reader.locate(['SR1 1AA']);
    expect(located.get('SR1 1AA')).toMatchObject({ is_terminated: true, terminated_on: '1999-12', lad_code: 'E08000024', status: 'located' });
  });

  it('gives the 77 + 77 no-grid postcodes "no area" with no codes', async () => {
    const [row] = await sql(`SELECT count(*) AS n, count(lad_code) AS with_lad, count(lat) AS with_lat FROM postcodes WHERE status = 'no_area'`);
    expect([Number(row?.n), Number(row?.with_lad), Number(row?.with_lat)]).toEqual([154, 0, 0]);
    const located = await reader.locate(['SR432AA', 'LD1 9WF']);
    expect(located.get('SR432AA')).toMatchObject({ postcode: 'SR43 2AA', status: 'no_area', lad_code: null, imd_decile: null, imd_nation: null });
    expect(located.get('LD1 9WF')).toMatchObject({ status: 'no_area', is_terminated: true, terminated_on: '2005-02' });
  });

  it('puts LD border postcodes on the right side of the border', async () => {
    const [row] = await sql(`SELECT count(*) FILTER (WHERE lad_code = 'W06000023') AS powys,
      count(*) FILTER (WHERE lad_code = 'E06000019') AS herefordshire, count(*) FILTER (WHERE lad_code = 'E06000051') AS shropshire
      FROM postcodes WHERE source_file LIKE '%_LD_%'`);
    expect([Number(row?.powys), Number(row?.herefordshire), Number(row?.shropshire)]).toEqual([2539, 28, 23]);
    // Knighton (LD7 1) straddles the border: LD7 1AA is in Powys, LD7 1DY in Shropshire.
    const located = await reader.locate(['LD7 1AA', 'LD7 1DY', 'LD8 2HU']);
    expect(located.get('LD7 1AA')).toMatchObject({ lad_code: 'W06000023', country_code: 'W92000004', region_code: null, lsoa_code: 'W01000449' });
    expect(located.get('LD7 1DY')).toMatchObject({ lad_code: 'E06000051', country_code: 'E92000001', region_code: 'E12000005', lsoa_code: 'E01029003' });
    expect(located.get('LD8 2HU')).toMatchObject({ lad_code: 'E06000019', lsoa_code: 'E01014056' });
  });

  it("takes a Welsh postcode's decile from WIMD and an English one's from IoD, naming the nation", async () => {
    const located = await reader.locate(['LD7 1AA', 'LD7 1DY', 'LD1 5AB', 'SR4 7TP', 'LD8 2HU']);
    // W01000449: WIMD 2019 rank 1417 of 1909 → decile ceil(14170/1909) = 8
    expect(located.get('LD7 1AA')).toMatchObject({ imd_decile: 8, imd_nation: 'W' });
    // W01000455: rank 769 → decile 5
    expect(located.get('LD1 5AB')).toMatchObject({ imd_decile: 5, imd_nation: 'W' });
    // E01029003 Shropshire 037B: IoD rank "12,580", decile 4
    expect(located.get('LD7 1DY')).toMatchObject({ imd_decile: 4, imd_nation: 'E' });
    // E01008704 Sunderland 011B: "7,201", decile 3
    expect(located.get('SR4 7TP')).toMatchObject({ imd_decile: 3, imd_nation: 'E' });
    // E01014056: "13,318", decile 5
    expect(located.get('LD8 2HU')).toMatchObject({ imd_decile: 5, imd_nation: 'E' });
  });

  it('derives WIMD ranks that agree with the NSPL imd column for every Welsh postcode', async () => {
    const [row] = await sql(`SELECT count(*) AS n, count(*) FILTER (WHERE p.source_imd_rank <> d.rank) AS mismatched
      FROM postcodes p JOIN deprivation_wales d ON d.lsoa_code = p.lsoa11_code`);
    expect([Number(row?.n), Number(row?.mismatched)]).toEqual([2539, 0]);
    const deciles = await sql(`SELECT decile, count(*) AS n FROM deprivation_wales GROUP BY decile ORDER BY decile`);
    // ceil(rank × 10 / 1909): decile 1 holds ranks 1–190, deciles 2–10 hold 191 each
    expect(deciles.map((r) => Number(r.n))).toEqual([190, 191, 191, 191, 191, 191, 191, 191, 191, 191]);
  });

  it('parses quoted IoD ranks with thousands separators, and every English NSPL rank agrees', async () => {
    const [row] = await sql(`SELECT count(*) AS n, min(rank) AS lo, max(rank) AS hi, count(*) FILTER (WHERE rank > 999) AS with_separator FROM deprivation_england`);
    expect([Number(row?.n), Number(row?.lo), Number(row?.hi), Number(row?.with_separator)]).toEqual([32844, 1, 32844, 31845]);
    const [agree] = await sql(`SELECT count(*) AS n, count(*) FILTER (WHERE p.source_imd_rank <> d.rank) AS mismatched
      FROM postcodes p JOIN deprivation_england d ON d.lsoa_code = p.lsoa11_code`);
    expect(Number(agree?.n)).toBe(11432 - 154 - 2539);
    expect(Number(agree?.mismatched)).toBe(0);
  });

  it('accepts any spacing or case and leaves unknown postcodes out of the map', async () => {
    const inputs = ['SR432AA', 'SR43 2AA', 'sr4 32aa', 'SR43  2AA', 'RM9 6EA', 'not a postcode'];
    const located = await locatePostcodes(sample.path, inputs);
    expect([...located.keys()]).toEqual(expect.arrayContaining(['SR432AA', 'SR43 2AA', 'sr4 32aa', 'SR43  2AA']));
    expect(located.has('RM9 6EA')).toBe(false);
    expect(located.has('not a postcode')).toBe(false);
    expect(new Set([...located.values()].map((l) => l.postcode))).toEqual(new Set(['SR43 2AA']));
  });

  it('loads LAD names with Welsh names, the hierarchy and the successor codes', async () => {
    const described = await reader.describe(['LD7 1AA', 'SR4 7TP', 'LD8 2HU']);
    expect(described.get('LD7 1AA')).toMatchObject({ lad_name: 'Powys', lad_name_welsh: 'Powys', country_name: 'Wales', region_name: null });
    expect(described.get('SR4 7TP')).toMatchObject({ lad_name: 'Sunderland', lad_name_welsh: null, region_name: 'North East', country_name: 'England', imd_rank: 7201 });
    expect(described.get('LD8 2HU')?.lad_name).toBe('Herefordshire, County of');
    const areas = await sql(`SELECT code, name, name_welsh, level FROM areas WHERE code IN ('W06000001', 'E07000163', 'E10000017', 'E12000002', 'W92000004') ORDER BY code`);
    expect(areas).toEqual([
      { code: 'E07000163', name: 'Craven', name_welsh: null, level: 'lad' },
      { code: 'E10000017', name: 'Lancashire', name_welsh: null, level: 'county' },
      { code: 'E12000002', name: 'North West', name_welsh: null, level: 'region' },
      { code: 'W06000001', name: 'Isle of Anglesey', name_welsh: 'Ynys Môn', level: 'lad' },
      { code: 'W92000004', name: 'Wales', name_welsh: 'Cymru', level: 'country' },
    ]);
    const hierarchy = await sql(`SELECT lad_code, lad_name, county_code, region_code, country_code, is_abolished FROM lad_hierarchy
      WHERE lad_code IN ('E07000123', 'E07000163', 'E06000065', 'E06000063', 'W06000023', 'S12000033') ORDER BY lad_code`);
    expect(hierarchy).toEqual([
      // Cumberland and North Yorkshire (2023) are in neither 2018/2019 lookup: regions come from their predecessors.
      { lad_code: 'E06000063', lad_name: 'Cumberland', county_code: null, region_code: 'E12000002', country_code: 'E92000001', is_abolished: false },
      { lad_code: 'E06000065', lad_name: 'North Yorkshire', county_code: null, region_code: 'E12000003', country_code: 'E92000001', is_abolished: false },
      { lad_code: 'E07000123', lad_name: 'Preston', county_code: 'E10000017', region_code: 'E12000002', country_code: 'E92000001', is_abolished: false },
      { lad_code: 'E07000163', lad_name: 'Craven', county_code: 'E10000023', region_code: 'E12000003', country_code: 'E92000001', is_abolished: true },
      { lad_code: 'S12000033', lad_name: 'Aberdeen City', county_code: null, region_code: null, country_code: 'S92000003', is_abolished: false },
      { lad_code: 'W06000023', lad_name: 'Powys', county_code: null, region_code: null, country_code: 'W92000004', is_abolished: false },
    ]);
    const [craven] = await sql(`SELECT new_code, new_name, CAST(effective_from AS VARCHAR) AS effective_from FROM area_successors WHERE old_code = 'E07000163'`);
    expect(craven).toEqual({ new_code: 'E06000065', new_name: 'North Yorkshire', effective_from: '2023-04-01' });
  });
});

describe('buildReference on the ONSPD subset (other column names, Jersey, blank LAD)', () => {
  it('finds ONSPD columns, gives Jersey and the blank-LAD row "no area", and keeps lsoa21-era English rows', async () => {
    const outDir = tempReferenceDir('onspd');
    const built = await buildReference({ outDir, postcodeFiles: [SAMPLE_INPUTS.onspdSubset], imdEnglandFile: SAMPLE_INPUTS.imdEngland });
    expect(built.postcodes).toBe(425);
    expect(built.vintage).toMatch(/^onspd-\d{4}-\d{2}$/);
    const located = await locatePostcodes(built.path, ['JE2 4WD', 'AB11 3AG', 'M11 1AA', 'AB1 0AA']);
    // Jersey: every code L99999999, lat 99.999999 — no area, but the Channel Islands country code survives
    expect(located.get('JE2 4WD')).toMatchObject({ status: 'no_area', lad_code: null, country_code: 'L93000001' });
    expect(located.get('AB11 3AG')).toMatchObject({ status: 'no_area', lad_code: null, country_code: 'S92000003' });
    // M11 1AA: lsoa11 E01005108 (decile from IoD 2019), lsoa21 E01034113 kept in the table
    expect(located.get('M11 1AA')).toMatchObject({ status: 'located', lad_code: 'E08000003', lsoa_code: 'E01005108', imd_nation: 'E', imd_decile: 1 });
    // Scottish postcodes are located but have no English/Welsh decile (SIMD is not loaded): never borrow another nation's
    expect(located.get('AB1 0AA')).toMatchObject({ status: 'located', lad_code: 'S12000033', region_code: null, imd_decile: null, imd_nation: null, is_terminated: true, terminated_on: '1996-06' });
  });
});
