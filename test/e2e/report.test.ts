import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApi, type Api } from '@cwb/api';
import { runDemo, type DemoResult } from '@cwb/cli/demo';
import { createLogger } from '@cwb/logger';
import { DistrictGeography, figureKey, figureText, formatGbp, formatShare, mapSubject, REPORT_METRICS } from '@cwb/report';
import { withDatabase, type IndicatorRow } from '@cwb/warehouse';
import { runCwb } from './ops-fixtures';

// `cwb report` on the demo's published snapshot (built once here by the real pipeline, real
// Redis and DuckDB): every number on the page is checked against the snapshot's metric rows, the
// charts' marks are counted, /report serves the same page behind the token, and Debian Chromium
// opens it with no console error and no failed request, and takes a full-page screenshot.

const outputDir = fileURLToPath(new URL('../output/report/', import.meta.url));
const CHARTS = ['local-share', 'location-bands', 'district-map', 'deprived-areas', 'supplier-types', 'leakage'];

/** Chromium for the browser tests: CWB_CHROMIUM, else Debian's (.ci/run installs it). */
function chromiumPath(): string | null {
  for (const path of [process.env.CWB_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (path && existsSync(path)) return path;
  return null;
}
const browserPath = chromiumPath();
if (!browserPath && process.env.CI) throw new Error('no Chromium found in CI: .ci/run installs Debian chromium (apt-get install chromium); set CWB_CHROMIUM to another');
if (!browserPath) console.warn('report browser tests skipped: no Chromium at /usr/bin/chromium (apt-get install chromium) or CWB_CHROMIUM');

let dataDir: string;
let demo: DemoResult;
let html: string;
let indicators: IndicatorRow[];

beforeAll(async () => {
  process.env.REDIS_URL = inject('redisUrl');
  dataDir = await mkdtemp(join(tmpdir(), 'cwb-e2e-report-'));
  demo = await runDemo({ dataDir });
  const run = await runCwb(dataDir, ['report', '--db', demo.snapshotPath, '--out', join(dataDir, 'report')]);
  if (run.code !== 0) throw new Error(`cwb report failed: ${run.stderr}`);
  html = await readFile(join(dataDir, 'report', 'report.html'), 'utf8');
  indicators = await withDatabase(demo.snapshotPath, { mode: 'read_only' }, (w) =>
    w.all("select * from metrics.indicators where period_type = 'financial_year'"),
  ) as unknown as IndicatorRow[];
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The cells of the page carrying an attribute (data-figure …), with the text they show. */
function cells(page: string, attribute: string): { key: string; text: string }[] {
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...page.matchAll(new RegExp(`<td class="num" ${attribute}="([^"]*)">([^<]*)</td>`, 'g'))].map((m) => ({ key: unescape(m[1]!), text: unescape(m[2]!) }));
}

/** The paths of one named mark group of an SVG (Vega names a view's marks <name>_marks). */
function markPaths(svg: string, name: string): number {
  const group = svg.match(new RegExp(`<g class="mark-[a-z]+ role-mark ${name}_marks"[^>]*>(.*?)</g>`, 's'))?.[1] ?? '';
  return (group.match(/<path /g) ?? []).length;
}

describe('cwb report on the demo snapshot', () => {
  it('writes one self-contained page and each chart as SVG and PNG', async () => {
    expect(demo.filesLoaded).toBe(9);
    for (const chart of CHARTS) {
      const svg = await readFile(join(dataDir, 'report', `${chart}.svg`), 'utf8');
      const png = await readFile(join(dataDir, 'report', `${chart}.png`));
      expect(svg.startsWith('<svg ')).toBe(true);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
    // no script, no external URL of any kind (url() only to a gradient of the page), every chart inline
    expect(html).not.toMatch(/https?:\/\/|<script|<img|url\((?!#)/i);
    expect(html.match(/<link[^>]*>/g)).toEqual(['<link rel="icon" href="data:,">']);
    expect((html.match(/<svg role="img" aria-label="/g) ?? []).length).toBe(CHARTS.length);
    expect((await stat(join(dataDir, 'report', 'report.html'))).size).toBeLessThan(1_500_000);
  });

  it('refuses a selection that matches no indicator row, saying what to check, and writes nothing', async () => {
    const out = join(dataDir, 'nothing');
    const run = await runCwb(dataDir, ['report', '--db', demo.snapshotPath, '--anchor', 'no-such-anchor', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no indicator rows match the selection');
    expect(existsSync(out)).toBe(false);
  });

  it('shows only numbers of the snapshot\'s metric rows, each as the row has it', () => {
    const byKey = new Map<string, IndicatorRow>();
    for (const row of indicators) for (const part of ['value', 'numerator', 'denominator', 'coverage'] as const) byKey.set(figureKey(row, part), row);
    const shown = cells(html, 'data-figure');
    expect(shown.length).toBeGreaterThan(200);
    const wrong = shown.filter(({ key, text }) => {
      const row = byKey.get(key);
      return !row || figureText(row, key.split('|').at(-1) as 'value') !== text;
    });
    expect(wrong).toEqual([]);
    // every metric the report reads is shown somewhere
    const metricsShown = new Set(shown.map((c) => c.key.split('|')[0]));
    expect(REPORT_METRICS.filter((m) => !metricsShown.has(m) && indicators.some((r) => r.metric === m))).toEqual([]);
  });

  it('shows leakage and file counts as the snapshot has them', async () => {
    const { leakage, files } = await withDatabase(demo.snapshotPath, { mode: 'read_only' }, async (w) => ({
      leakage: await w.all("select * from metrics.leakage where period_type = 'financial_year'"),
      files: await w.all('select anchor_id, count(*) as files, sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined, sum(rows_skipped) as rows_skipped from audit.source_files group by all'),
    }));
    const leakageCells = cells(html, 'data-leakage');
    expect(leakageCells.length).toBeGreaterThan(10);
    for (const { key, text } of leakageCells) {
      const [type, id, period, dimension, rank, field] = key.split('|');
      const row = leakage.find((r) => r.entity_type === type && r.entity_id === id && r.period === period && r.dimension === dimension && Number(r.rank) === Number(rank));
      expect(row, key).toBeDefined();
      const value = row![field!] as number | null;
      const expected = field === 'non_local_share' ? formatShare(value) : field === 'local_firms_in_sector' ? (value === null ? 'not known' : String(value)) : formatGbp(Number(value));
      expect(text, key).toBe(expected);
    }
    const fileCells = cells(html, 'data-files');
    // the demo's six anchors: the four with spend, the trust (ERIC returns) and Trafford (register and grants)
    expect(fileCells).toHaveLength(6 * 5);
    for (const { key, text } of fileCells) {
      const [anchor, field] = key.split('|');
      expect(text, key).toBe(Number(files.find((f) => f.anchor_id === anchor)![field!]).toLocaleString('en-GB'));
    }
  });

  // The other three pillars, against counts made by hand from the demo's files (Python's csv module
  // over the bundled files; the same counts as test/e2e/land-registers, grants-360giving,
  // nhs-estates and plural-ownership): Trafford's register, 608 assets, TenureDetail Vacant 187,
  // Leasehold Out 122 + `Leasehold out` 1; BuildingSize on 163 rows, 137,070.37 m², vacant 8,616.3
  // m² (the register's latest EffectiveDate 2025-09-12: 2025-26). Trafford's grants: 555,
  // £1,291,436.54, 2019-20 £188,948.83; 11 recipient postcodes, none in the demo's reference, so
  // every pound's recipient is unknown-located. ERIC 2016/17, RLN: land owned 15.24 ha. The
  // Co-operatives UK register: 31 live co-operatives, 5 CICs and 1 credit union in Sunderland, 37 in
  // all; no Companies House register in the demo, so no per-1,000-firms figure.
  it('shows the finance, land and property, and plural ownership sections with the figures the files give', () => {
    const shown = new Map(cells(html, 'data-figure').map((c) => [c.key, c.text]));
    const cell = (key: string) => {
      expect(shown.has(key), key).toBe(true);
      return shown.get(key);
    };
    const section = (id: string) => html.match(new RegExp(`<section id="${id}"[^>]*>(.*?)</section>`, 's'))?.[1] ?? '';
    for (const [id, heading] of [
      ['finance', 'Finance: recirculating local wealth'],
      ['land-property', "Land and property: anchors' assets used for local and common good"],
      ['plural-ownership', 'Generative / plural ownership'],
    ]) {
      expect(section(id!), id).toContain(heading!);
      expect(cells(section(id!), 'data-figure').length, id).toBeGreaterThan(10);
    }
    // land and property: 187 of 608 vacant; 310 (187 + 123) vacant, surplus or leased out; floor area on 163 of 608
    const trafford = (metric: string, category: string, part: string) => cell(`${metric}|anchor|trafford-council|2025-26|all|${category}|${part}`);
    expect([trafford('land_share_vacant', 'all', 'value'), trafford('land_share_vacant', 'all', 'numerator'), trafford('land_share_vacant', 'all', 'denominator')]).toEqual(['30.8%', '187', '608']);
    expect(trafford('land_assets_by_use', 'leased_out', 'value')).toBe('123');
    expect(trafford('land_share_vacant_surplus_or_leased_out', 'all', 'numerator')).toBe('310');
    expect([trafford('land_floor_area_by_use', 'vacant', 'value'), trafford('land_floor_area_by_use', 'vacant', 'denominator'), trafford('land_floor_area_by_use', 'vacant', 'coverage')]).toEqual(['8,616.3 m²', '137,070.37', formatShare(163 / 608)]);
    // no surplus declaration in Trafford's register: no figure, coverage 0
    expect([trafford('land_share_surplus', 'all', 'value'), trafford('land_share_surplus', 'all', 'coverage')]).toEqual(['–', '0.0%']);
    expect(cell('nhs_land_owned_m2|anchor|city-hospitals-sunderland|2016-17|all|all|value')).toBe('152,400 m²');
    // finance: 555 grants and £1,291,436.54 over the years shown; 2019-20 £188,948.83; every pound unknown-located
    const grantYears = indicators.filter((r) => r.metric === 'grants_awarded' && r.entity_id === 'trafford-council');
    for (const r of grantYears) expect(cell(figureKey(r)), r.period).toBe(formatGbp(r.value));
    expect(Math.round(grantYears.reduce((sum, r) => sum + r.value!, 0) * 100)).toBe(129_143_654);
    expect(indicators.filter((r) => r.metric === 'grants_count' && r.entity_id === 'trafford-council').reduce((sum, r) => sum + Number(cell(figureKey(r))), 0)).toBe(555);
    expect(cell('grants_awarded|anchor|trafford-council|2019-20|all|all|value')).toBe('£188,949');
    for (const r of grantYears) {
      expect([cell(`grants_share_by_recipient_place|anchor|trafford-council|${r.period}|all|unknown|value`), cell(`grants_share_by_recipient_place|anchor|trafford-council|${r.period}|all|unknown|coverage`)]).toEqual(['100.0%', '0.0%']);
    }
    // plural ownership: Sunderland's 31 co-operatives of 37; per 1,000 firms unknown (–), coverage 0, the 31 still stated
    const sunderland = (metric: string, category: string, part: string) => cell(`${metric}|anchor|sunderland-council|2017-18|home|${category}|${part}`);
    expect([sunderland('plural_organisations_by_form', 'co_operative', 'value'), sunderland('plural_organisations_by_form', 'co_operative', 'denominator')]).toEqual(['31', '37']);
    expect([sunderland('plural_organisations_by_form', 'community_interest_company', 'value'), sunderland('plural_organisations_by_form', 'credit_union', 'value')]).toEqual(['5', '1']);
    expect(['value', 'numerator', 'denominator', 'coverage'].map((part) => sunderland('plural_co_operatives_per_1000_firms', 'all', part))).toEqual(['–', '31', '–', '0.0%']);
    expect(section('plural-ownership')).toContain('Sunderland City Council (generated demo ledger), 2017-18 (Sunderland): Organisations by ownership form in the place (co_operative) 31 (31 of 37)');
  });

  it('draws a bar per anchor or partnership and year, and one map path per district with spend', async () => {
    const share = indicators.filter((r) => r.metric === 'share_within_place' && r.place === 'home' && r.value !== null);
    expect(markPaths(await readFile(join(dataDir, 'report', 'local-share.svg'), 'utf8'), 'local_share_bars')).toBe(share.length);
    const entities = [...new Map(indicators.map((r) => [`${r.entity_type}|${r.entity_id}`, { entity_type: r.entity_type, entity_id: r.entity_id, entity_name: r.entity_name }])).values()];
    const subject = mapSubject(indicators, entities)!;
    expect(subject.entity.entity_id).toBe('demo-partnership');
    const lad = indicators.filter((r) => r.metric === 'spend_by_supplier_lad' && r.entity_id === subject.entity.entity_id && r.period === subject.year && r.place !== 'unknown');
    const geography = new DistrictGeography();
    const boundaries = new Set(lad.flatMap((r) => geography.boundariesFor(r.place).map((b) => b.properties.boundary_code)));
    expect(boundaries.size).toBeGreaterThanOrEqual(5); // Sunderland, County Durham, South Tyneside, Powys, Herefordshire, Shropshire
    const map = await readFile(join(dataDir, 'report', 'district-map.svg'), 'utf8');
    expect(markPaths(map, 'districts_with_spend')).toBe(boundaries.size);
    expect(markPaths(map, 'district_outlines')).toBe(380);
    expect(map).toContain('Martin Chorley');
    expect(map).toContain('Contains OS data © Crown copyright and database right 2014');
    const unknown = indicators.find((r) => r.metric === 'spend_by_supplier_lad' && r.entity_id === subject.entity.entity_id && r.period === subject.year && r.place === 'unknown');
    expect(map).toContain(`Supplier not located: ${formatGbp(unknown!.value)}`);
  });
});

describe('/report on the API', () => {
  let api: Api;
  let server: Server;
  let base: string;
  const token = randomBytes(16).toString('hex');

  beforeAll(async () => {
    api = createApi({ topology: { redisUrl: inject('redisUrl'), prefix: `cwb-report-${randomBytes(4).toString('hex')}` }, logger: createLogger('report-test'), token, snapshotPath: demo.snapshotPath });
    await api.ready;
    server = await new Promise<Server>((resolve) => {
      const s = api.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await api.close();
  });

  it('serves the report of the latest snapshot behind the token, and validates the selection', async () => {
    expect((await fetch(`${base}/report`)).status).toBe(401);
    const response = await fetch(`${base}/report`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const served = await response.text();
    expect(cells(served, 'data-figure')).toEqual(cells(html, 'data-figure'));
    const one = await (await fetch(`${base}/report?anchor=sunderland-council&year=2022-23`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(one).toContain('1 anchor: Sunderland City Council');
    expect(cells(one, 'data-figure').every((c) => c.key.includes('|sunderland-council|2022-23|'))).toBe(true);
    expect((await fetch(`${base}/report?year=2022`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
  });

  describe.skipIf(!browserPath)('in Debian Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: browserPath!, args: ['--no-sandbox'] });
    });
    afterAll(async () => {
      await browser?.close();
    });

    async function open(url: string, headers: Record<string, string> = {}) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, extraHTTPHeaders: headers });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
      page.on('request', (r) => {
        if (r.url() !== url) problems.push(`unexpected request: ${r.url()}`);
      });
      const response = await page.goto(url);
      return { page, problems, status: response?.status() };
    }

    it('opens the written page offline with every chart and table, and saves a screenshot', async () => {
      const url = `file://${join(dataDir, 'report', 'report.html')}`;
      const { page, problems } = await open(url);
      const marks = {
        bars: await page.locator('g.local_share_bars_marks path').count(),
        districts: await page.locator('g.districts_with_spend_marks path').count(),
        outlines: await page.locator('g.district_outlines_marks path').count(),
        charts: await Promise.all((await page.locator('svg[role="img"]').all()).map(async (svg) => (await svg.getAttribute('aria-label')) ?? '')),
        details: await page.locator('details > summary').count(),
        mapWidth: (await page.locator('#district-map svg').boundingBox())?.width ?? 0,
      };
      const share = indicators.filter((r) => r.metric === 'share_within_place' && r.place === 'home' && r.value !== null);
      expect(marks.bars).toBe(share.length);
      expect(marks.districts).toBeGreaterThanOrEqual(5);
      expect(marks.outlines).toBe(380);
      expect(marks.charts).toHaveLength(CHARTS.length);
      expect(marks.charts.every((label) => label.length > 60)).toBe(true);
      expect(marks.details).toBe(CHARTS.length);
      expect(marks.mapWidth).toBeGreaterThan(400);
      // a table behind its disclosure opens
      await page.click('#district-map details > summary');
      expect(await page.isVisible('#district-map details table')).toBe(true);
      await mkdir(outputDir, { recursive: true });
      await page.screenshot({ path: join(outputDir, 'report-demo.png'), fullPage: true });
      expect((await stat(join(outputDir, 'report-demo.png'))).size).toBeGreaterThan(100_000);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('renders /report from the API with no console error and no failed request', async () => {
      const { page, problems, status } = await open(`${base}/report`, { authorization: `Bearer ${token}` });
      expect(status).toBe(200);
      expect(await page.locator('g.districts_with_spend_marks path').count()).toBeGreaterThanOrEqual(5);
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});
