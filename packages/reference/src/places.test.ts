import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSampleReference, tempReferenceDir } from '../test/sample-reference';
import { loadAreaTable, loadPlacesFile, placeHierarchyFor, shippedPlace, shippedPlaces, validatePlaces, type AreaTable } from './index';

/*
 * Independent checks, made with python3 on the samples:
 * - every shipped code and its `# name` comment matches LAD23CD/LAD23NM (and LAD23NMW) in
 *   ons_lad23_names_welsh_names_centroids_uk.csv;
 * - the twelve Lancashire districts are exactly the LAD19CD with CTY19CD = E10000017 in the ward lookup;
 * - the North West's 39 LAD19 codes (RGN19CD = E12000002) minus the six Cumbrian districts
 *   abolished in 2023, plus Cumberland and Westmorland and Furness, are the 35 shipped codes.
 */
let table: AreaTable;
beforeAll(async () => {
  table = await loadAreaTable((await buildSampleReference()).path);
});

describe('shipped places', () => {
  it('ships Preston, Lancashire, North West and the five Welsh clusters', () => {
    expect(shippedPlaces.map((p) => [p.name, p.kind, p.lad_codes.length])).toEqual([
      ['Lancashire', 'county', 14],
      ['North West', 'region', 35],
      ['Preston', 'lad', 1],
      ['North Wales Ambition Board', 'cluster', 6],
      ['Ceredigion and Powys', 'cluster', 2],
      ['Gwent', 'cluster', 5],
      ['Cwm Taf and Bridgend', 'cluster', 3],
      ['Swansea Bay City Deal region', 'cluster', 4],
    ]);
  });

  it('are all valid against the reference, with no warnings', async () => {
    expect(await validatePlaces(shippedPlaces, table)).toEqual([]);
  });

  it('match the reference: Lancashire = county E10000017 districts + 2 unitaries, North West = region E12000002', () => {
    const lancashire = shippedPlace('Lancashire').lad_codes;
    const districts = [...table.lads.values()].filter((l) => l.county_code === 'E10000017').map((l) => l.lad_code);
    expect(new Set(lancashire)).toEqual(new Set([...districts, 'E06000008', 'E06000009']));
    const northWest = [...table.lads.values()].filter((l) => l.region_code === 'E12000002' && !l.successor_code).map((l) => l.lad_code);
    expect(new Set(shippedPlace('North West').lad_codes)).toEqual(new Set(northWest));
    const welsh = shippedPlaces.filter((p) => p.kind === 'cluster').flatMap((p) => p.lad_codes);
    expect(welsh.map((c) => table.names.get(c)?.name)).toContain('Isle of Anglesey');
    expect(new Set(welsh).size).toBe(20); // 22 Welsh LADs less Cardiff and the Vale of Glamorgan
  });
});

describe('validatePlaces', () => {
  it('names an unknown code, a county code used as a LAD, and an abolished code with its successor', async () => {
    const issues = await validatePlaces(
      [{ name: 'Test', lad_codes: ['E07000123', 'E07999999', 'E10000017', 'E07000163'] }],
      table,
    );
    expect(issues).toEqual([
      { severity: 'error', place: 'Test', code: 'E07999999', message: expect.stringContaining('unknown local-authority code E07999999') },
      { severity: 'error', place: 'Test', code: 'E10000017', message: expect.stringContaining('E10000017 is a county (Lancashire), not a local authority') },
      { severity: 'warning', place: 'Test', code: 'E07000163', message: 'place "Test": E07000163 (Craven) was replaced by E06000065 (North Yorkshire) on 2023-04-01' },
    ]);
  });

  it('reports a bad places file with its line and column', () => {
    const file = join(tempReferenceDir('places'), 'bad.yaml');
    writeFileSync(file, 'places:\n  - name: Somewhere\n    kind: lad\n    lad_codes:\n      - E07000123\n      - e0700012\n');
    expect(() => loadPlacesFile(file)).toThrow(/bad\.yaml, line 6, column 9: places\.0\.lad_codes\.1: expected a GSS local-authority code/);
  });
});

describe('placeHierarchyFor', () => {
  it('gives Preston: home, Lancashire, North West, England, rest of UK', async () => {
    const h = await placeHierarchyFor(shippedPlace('Preston'), table);
    expect(h.bands.map((b) => [b.band, b.name, b.lad_codes.length])).toEqual([
      ['home', 'Preston', 1],
      ['cluster', 'Lancashire', 13],
      ['region', 'North West', 35 - 14],
      ['nation', 'England', expect.any(Number)],
      ['rest_of_uk', 'Rest of UK', 22 + 32 + 11],
    ]);
    expect(h.bandFor({ status: 'located', lad_code: 'E07000123', country_code: 'E92000001' })).toBe('home');
    expect(h.bandFor({ status: 'located', lad_code: 'E06000009', country_code: 'E92000001' })).toBe('cluster');
    // A supplier located with a 2021 vintage in Allerdale is in Cumberland today: North West.
    expect(h.bandFor({ status: 'located', lad_code: 'E07000026', country_code: 'E92000001' })).toBe('region');
    expect(h.bandFor({ status: 'located', lad_code: 'E08000024', country_code: 'E92000001' })).toBe('nation');
    expect(h.bandFor({ status: 'located', lad_code: 'W06000023', country_code: 'W92000004' })).toBe('rest_of_uk');
    expect(h.bandFor({ status: 'no_area', lad_code: null, country_code: 'L93000001' })).toBe('outside_uk');
    expect(h.bandFor({ status: 'no_area', lad_code: null, country_code: null })).toBe('unknown');
    expect(h.bandFor(undefined)).toBe('unknown');
  });

  it('gives a Welsh anchor its cluster then Wales (no English-style region)', async () => {
    const h = await placeHierarchyFor(['W06000023'], table);
    expect(h.bands.map((b) => [b.band, b.name])).toEqual([
      ['home', 'Home'],
      ['cluster', 'Ceredigion and Powys'],
      ['nation', 'Wales'],
      ['rest_of_uk', 'Rest of UK'],
    ]);
    expect(h.bandFor({ status: 'located', lad_code: 'W06000015', country_code: 'W92000004' })).toBe('nation');
  });

  it('lets an anchor configured with Craven meet suppliers located in North Yorkshire, and the reverse', async () => {
    const oldHome = await placeHierarchyFor({ name: 'Craven', lad_codes: ['E07000163'] }, table);
    expect(oldHome.bands[0]?.lad_codes).toEqual(['E06000065']);
    expect(oldHome.bandFor({ status: 'located', lad_code: 'E06000065', country_code: 'E92000001' })).toBe('home');
    const newHome = await placeHierarchyFor({ name: 'North Yorkshire', lad_codes: ['E06000065'] }, table);
    expect(newHome.bandFor({ status: 'located', lad_code: 'E07000163', country_code: 'E92000001' })).toBe('home');
    expect(newHome.lads.find((l) => l.lad_code === 'E07000163')).toEqual({ lad_code: 'E07000163', current_lad_code: 'E06000065', band: 'home' });
  });

  it('refuses a home area with an unknown code, naming it', async () => {
    await expect(placeHierarchyFor(['E07999999'], table)).rejects.toThrow(/unknown local-authority code\(s\) E07999999/);
  });
});
