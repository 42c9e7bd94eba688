import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_PATH, metricCatalogue, parseCatalogue, rankedIndicators, workforceCatalogue } from './index';

const shipped = readFileSync(CATALOGUE_PATH, 'utf8');

describe('the metric catalogue (catalogue/metrics.yaml)', () => {
  it('holds every spend, ranked and workforce metric once, with defaults filled', () => {
    expect(metricCatalogue.map((m) => m.name)).toContain('share_within_place');
    expect(rankedIndicators.map((m) => m.name)).toEqual(['top_suppliers', 'leakage', 'change_against_baseline']);
    expect(workforceCatalogue.metrics.map((m) => m.name)).toContain('gender_pay_gap_median');
    const total = metricCatalogue.find((m) => m.name === 'total_spend')!;
    expect(total).toMatchObject({ numerator: { measure: 'spend_pence', where: 'true' }, denominator: null, coverage: null, places: null, baseline: true });
  });

  it('refuses a metric defined twice, an unknown unit or key, and a workforce formula reading a cell that does not exist, naming the file and entry', () => {
    const duplicate = shipped.replace('name: influenceable_spend', 'name: total_spend');
    expect(() => parseCatalogue(duplicate, 'c.yaml')).toThrow(/^c\.yaml: .*metric total_spend is defined twice/);
    expect(() => parseCatalogue(shipped.replace('unit: gbp', 'unit: euros'), 'c.yaml')).toThrow(/c\.yaml: spend\.0\.unit/);
    expect(() => parseCatalogue(shipped.replace('    filter: "true"\n', '    filter: "true"\n    colour: red\n'), 'c.yaml')).toThrow(/colour/);
    expect(() => parseCatalogue(shipped.replace('formula: { share: d1, of: k }', 'formula: { share: d9, of: k }'), 'c.yaml')).toThrow(/staff_most_deprived_10pct: reads cell d9/);
    expect(() => parseCatalogue(shipped.replace('by: use_status\n      change: true', 'by: colour\n      change: true'), 'c.yaml')).toThrow(/land_assets_by_use\.by: by colour: not one of the section's categories/);
    expect(() => parseCatalogue(shipped.replace('name: land_share_vacant\n', 'name: land_assets_by_use\n'), 'c.yaml')).toThrow(/metric land_assets_by_use is defined twice/);
  });
});
