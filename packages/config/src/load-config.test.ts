import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './index';

const valid = `
anchors:
  - id: sunderland-council
    name: Sunderland City Council
    type: council
    home: { name: Sunderland, lad_codes: [E08000024] }
    sources:
      - path: spend/*.csv
`;

describe('parseConfig', () => {
  it('applies defaults to a minimal valid config', () => {
    const config = parseConfig(valid, 'cwb.config.yaml');
    expect(config.data_dir).toBe('.cwb');
    expect(config.anchors[0]?.sources[0]).toMatchObject({ kind: 'file', connector: 'transparency-spend', options: {} });
  });

  it('names the field and the fix when a local-authority code is malformed', () => {
    const bad = valid.replace('E08000024', 'E8000024');
    expect(() => parseConfig(bad, 'cwb.config.yaml')).toThrowError(
      /anchors\[0\]\.home\.lad_codes\[0\]: expected a GSS local-authority code/,
    );
  });

  it('reports YAML syntax errors with line and column', () => {
    try {
      parseConfig('anchors:\n  - id: [unclosed\n', 'x.yaml');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]).toMatch(/^line \d+, column \d+/);
    }
  });

  it('rejects duplicate anchor ids and partnerships naming unknown anchors', () => {
    const doubled = `${valid}  - id: sunderland-council\n    name: Again\n    type: council\n    home: { name: S, lad_codes: [E08000024] }\npartnerships:\n  - id: p\n    name: P\n    anchors: [nope]\n`;
    expect(() => parseConfig(doubled, 'c.yaml')).toThrowError(/duplicate anchor id "sunderland-council"[\s\S]*unknown anchor "nope"/);
  });

  it('lets a source pin how its files are read (date order, encoding, delimiter, sheet, header line), directly or under options', () => {
    const pinned = parseConfig(`${valid}        date_order: dmy\n        encoding: windows-1252\n        delimiter: ";"\n        header_line: 3\n`, 'c.yaml');
    expect(pinned.anchors[0]?.sources[0]?.options).toEqual({ date_order: 'dmy', encoding: 'windows-1252', delimiter: ';', header_line: 3 });
    expect(() => parseConfig(`${valid}        date_order: ymd\n`, 'c.yaml')).toThrowError(/date_order/);
    const twice = `${valid}        date_order: dmy\n        options: { date_order: mdy }\n`;
    expect(() => parseConfig(twice, 'c.yaml')).toThrowError(/date_order is given twice.*keep one/);
  });

  it('rejects unknown keys so typos are not silently ignored', () => {
    expect(() => parseConfig(`${valid}    colour: blue\n`, 'c.yaml')).toThrowError(/anchors\[0\].*[Uu]nrecognized key/);
  });
  it('reads the indicators section: baseline year, top N, exclusion rules, re-spend rates', () => {
    const config = parseConfig(
      `${valid}indicators:
  baseline_year: 2012-13
  top_suppliers: 50
  respend_rates: respend.csv
  exclusions:
    influenceable_flags: [grant]
    rules:
      - id: agency-staff
        flag: payroll
        label: Agency staff
        supplier_name: ['\\bRECRUITMENT\\b']
`,
      'c.yaml',
    );
    expect(config.indicators).toMatchObject({ baseline_year: '2012-13', top_suppliers: 50, respend_rates: 'respend.csv' });
    expect(config.indicators.exclusions).toMatchObject({ use_defaults: true, influenceable_flags: ['grant'] });
    expect(config.indicators.exclusions.rules[0]).toMatchObject({ id: 'agency-staff', flag: 'payroll', supplier_name: ['\\bRECRUITMENT\\b'], expense_type: [] });
    expect(parseConfig(valid, 'c.yaml').indicators).toMatchObject({ top_suppliers: 300, exclusions: { use_defaults: true, rules: [] } });
    expect(() => parseConfig(`${valid}indicators:\n  baseline_year: 2012/13\n`, 'c.yaml')).toThrowError(/indicators\.baseline_year: a UK financial year such as 2012-13/);
    expect(() => parseConfig(`${valid}indicators:\n  exclusions:\n    influenceable_flags: [rent]\n`, 'c.yaml')).toThrowError(/influenceable_flags/);
  });
});

describe('loadConfig: reference.supplier_overrides', () => {
  it('resolves the overrides file relative to the config file, and is null when not configured', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cwb-config-'));
    try {
      await writeFile(join(dir, 'cwb.config.yaml'), `reference:\n  supplier_overrides: matching/overrides.yaml\n${valid}`);
      expect((await loadConfig(join(dir, 'cwb.config.yaml'))).paths.supplierOverridesPath).toBe(join(dir, 'matching', 'overrides.yaml'));
      await writeFile(join(dir, 'cwb.config.yaml'), valid);
      expect((await loadConfig(join(dir, 'cwb.config.yaml'))).paths.supplierOverridesPath).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
