import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IndicatorRow } from '@cwb/warehouse';
import { DistrictGeography, LAD_NAMES_FILE, placeOnMap, readLadCodeChanges } from './district-map';

const geography = new DistrictGeography();

function row(place: string, value: number): IndicatorRow {
  return {
    metric: 'spend_by_supplier_lad', entity_type: 'anchor', entity_id: 'a', entity_name: 'A', period_type: 'financial_year', period: '2022-23',
    financial_year: '2022-23', place, place_name: null, value, numerator: value, denominator: 1000, unit: 'gbp', coverage: 1, category: null, baseline_period: null,
  };
}

describe('the district map geography', () => {
  it('has the 380 districts of Great Britain, each drawn as a small area (not the globe inverted)', () => {
    expect(geography.districts).toHaveLength(380);
    expect(new Set(geography.districts.map((d) => d.properties.boundary_code)).size).toBe(380);
  });

  it('finds a boundary for every Great Britain district of ONS LAD December 2023, through the code changes', () => {
    const codes = readFileSync(LAD_NAMES_FILE, 'utf8').split(/\r?\n/).slice(1).map((line) => line.split(',')[1]).filter((c): c is string => !!c && !c.startsWith('N'));
    expect(codes).toHaveLength(350);
    const missing = codes.filter((code) => geography.boundariesFor(code).length === 0);
    expect(missing).toEqual([]);
  });

  it('draws a merged district as the districts it replaced, and a recoded one as its old boundary', () => {
    expect(geography.boundariesFor('E06000063').map((b) => b.properties.name).sort()).toEqual(['Allerdale', 'Carlisle', 'Copeland']);
    expect(geography.boundariesFor('E06000066')).toHaveLength(5); // Somerset: four districts, one of them two of 2013
    expect(geography.boundariesFor('S12000047').map((b) => b.properties.boundary_code)).toEqual(['S12000015']);
    expect(geography.nameOf('E07000026')).toBe('Cumberland');
  });

  it('puts spend on the map by current code, and lists codes without a boundary and unknown spend, dropping none', () => {
    const map = placeOnMap(geography, [row('E08000024', 500), row('E07000026', 100), row('E06000063', 50), row('N09000003', 30), row('unknown', 320)]);
    expect(map.mapped.map((d) => [d.code, d.name, d.spend_gbp, d.rows.map((r) => r.place)])).toEqual([
      ['E08000024', 'Sunderland', 500, ['E08000024']],
      ['E06000063', 'Cumberland', 150, ['E07000026', 'E06000063']],
    ]);
    expect(map.noBoundary.map((r) => [r.place, r.value])).toEqual([['N09000003', 30]]);
    expect(map.unknown?.value).toBe(320);
  });

  it('refuses a code-change file with a malformed row, naming the line', () => {
    const path = `${process.env.TMPDIR ?? '/tmp'}/cwb-bad-code-changes.csv`;
    writeFileSync(path, 'old_code,old_name,new_code,new_name,effective_from,source\nS1200001,Fife,S12000047,Fife,2018-02-01,ONS Code History Database\n');
    expect(() => readLadCodeChanges(path)).toThrow(/cwb-bad-code-changes\.csv:2: old_code: a GSS code/);
  });
});
