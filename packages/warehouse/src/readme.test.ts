import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { factMetrics, metricCatalogue, rankedIndicators } from './index';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every metric of the catalogue, with its unit, in the metric table', () => {
    for (const metric of [...metricCatalogue, ...factMetrics]) {
      expect(readme).toMatch(new RegExp(`^\\| \`${metric.name}\` \\| ${metric.unit} \\|`, 'm'));
    }
    for (const ranked of rankedIndicators) expect(readme).toContain(`| \`${ranked.name}\` |`);
  });

  it('shows how to connect each BI tool the issue names', () => {
    for (const tool of ['DuckDB CLI', 'Metabase', 'Superset', 'Evidence', 'Power BI (ODBC)']) expect(readme).toContain(`**${tool}**`);
  });
});
