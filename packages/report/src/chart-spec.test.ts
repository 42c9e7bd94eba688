import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHART_NAMES, chartSpecPath, chartSpecSchema, loadChartSpec } from './chart-spec';
import { renderChart } from './chart-render';

describe('chart specs (charts/*.vl.json)', () => {
  it.each(CHART_NAMES)('%s has a title, a text alternative and axis titles with units', (name) => {
    const spec = loadChartSpec(name);
    expect(spec.title.text.length).toBeGreaterThan(10);
    expect(spec.description.length).toBeGreaterThan(40);
  });

  it('refuses a spec whose quantitative axis does not name its unit', () => {
    const spec = JSON.parse(readFileSync(chartSpecPath('leakage'), 'utf8'));
    spec.encoding.x.title = 'Spend outside the place';
    const parsed = chartSpecSchema.safeParse(spec);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/needs its unit/);
  });

  it('renders in Node to SVG with one bar per row, and to PNG', async () => {
    const rows = [
      { entity: 'A', year: '2021-22', share: 0.5 },
      { entity: 'B', year: '2021-22', share: 0.25 },
      { entity: 'A', year: '2022-23', share: 0.4 },
    ];
    const { svg, png } = await renderChart(loadChartSpec('local-share'), { figures: rows });
    expect(svg).toMatch(/^<svg /);
    const group = svg.match(/<g class="mark-rect role-mark local_share_bars_marks"[^>]*>(.*?)<\/g>/s)?.[1] ?? '';
    expect(group.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('Local share of influenceable spend');
    expect(png?.subarray(1, 4).toString()).toBe('PNG');
    expect(png?.length).toBeGreaterThan(10_000);
    // without the PNG (as /report serves the page), the same SVG
    expect(await renderChart(loadChartSpec('local-share'), { figures: rows }, { png: false })).toEqual({ svg, png: null });
  });
});
