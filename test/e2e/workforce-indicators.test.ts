import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildReport, workforceFigureText } from '@cwb/report';
import { withDatabase } from '@cwb/warehouse';
import { runWorkforceRefresh, TEST_HASH_KEY, type WorkforceRun } from './workforce-run';

// Done-when of the workforce issue: two anchors' HR fixtures through the real pipeline (Redis,
// BullMQ, DuckDB), every published workforce metric checked against figures worked out by hand
// below from the fixtures' rows (see packages/connectors/hr-extract/test/fixtures/README.md),
// including suppressed cells and London workers just below and just above the London rate.

let run: WorkforceRun;
let loose: WorkforceRun;

beforeAll(async () => {
  process.env.CWB_HASH_KEY = TEST_HASH_KEY;
  run = await runWorkforceRefresh(inject('redisUrl'));
  loose = await runWorkforceRefresh(inject('redisUrl'), 'indicators:\n  small_cell_threshold: 2\n');
});

afterAll(async () => {
  for (const r of [run, loose]) if (r) await rm(dirname(r.loaded.configPath), { recursive: true, force: true });
});

/** Weeks in a year as payroll converts salaries: 365 / 7. Hourly pay in pence from an annual salary in pounds. */
const fromSalary = (pounds: number, weeklyHours: number) => (pounds * 100 * 7) / (weeklyHours * 365);

// People in post on 31 March 2025, as the fixtures define them (leavers, future starters,
// quarantined and totals rows excluded). Sunderland's generic layout gives actual salaries for
// contracted hours; the trust's ESR layout gives full-time (37.5 h) Agenda for Change salaries.
const S002 = (fromSalary(25_000, 37) * 37 + 1300 * 5) / 42; // two posts: hours-weighted
const sunderland = {
  men: [S002, fromSalary(30_000, 37), fromSalary(52_000, 37), 1000, 1259, fromSalary(26_000, 37), fromSalary(24_500, 37)],
  women: [
    fromSalary(24_000, 37), 1260, fromSalary(12_500, 18.5), fromSalary(35_000, 37), fromSalary(28_000, 29.6),
    fromSalary(27_000, 37), fromSalary(45_000, 37), 1400, fromSalary(31_000, 37),
  ],
};
const london = {
  men: [fromSalary(27_085, 37.5), fromSalary(52_000, 37.5), 1400, fromSalary(33_000, 37.5), fromSalary(24_000, 37.5), 1350, 1350],
  women: [
    fromSalary(27_060, 37.5), fromSalary(35_000, 37.5), fromSalary(40_000, 37.5), fromSalary(45_000, 37.5),
    fromSalary(30_000, 37.5), fromSalary(29_000, 37.5), fromSalary(28_500, 37.5), 1350,
  ],
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const gap = (men: number, women: number) => [Math.round(((men - women) / men) * 1e6) / 1e6, Math.round(men) / 100, Math.round(women) / 100] as const;

type Expected = [metric: string, place: string, category: string, value: number | null, numerator: number | null, denominator: number | null, suppression: string | null];
const shown = (metric: string, numerator: number, denominator: number | null, dims: { place?: string; category?: string; unit?: 'share' | 'count' } = {}): Expected => [
  metric,
  dims.place ?? 'all',
  dims.category ?? 'all',
  dims.unit === 'share' || (dims.unit === undefined && denominator !== null && !['apprentices'].includes(metric))
    ? Math.round((numerator / (denominator as number)) * 1e6) / 1e6
    : numerator,
  numerator,
  denominator,
  null,
];
const hidden = (metric: string, why: 'primary' | 'secondary', dims: { place?: string; category?: string } = {}): Expected => [
  metric, dims.place ?? 'all', dims.category ?? 'all', null, null, null, why,
];

// By hand, threshold 5. Sunderland (17 people): home 9, region 3, nation 1, rest of UK 1, unknown 3;
// decile known 14, decile 1: 3, deciles 1–2: 5; pay known 17, paid the UK rate (£12.60) 13,
// below 4; contracts 12 permanent and one each casual, fixed term, apprentice, zero hours,
// agency; new starters 5, of whom 3 live in Sunderland.
// Secondary suppression: decile-unknown = 17 − 14 = 3 would be recoverable, so "decile known"
// (14) goes, and with it the 20% share; below-the-rate 4 = 17 − 13, so "paid" (13) goes.
// The trust's 3 new starters = partnership 8 − Sunderland 5, so Sunderland's 5 goes.
const expectedSunderland: Expected[] = [
  shown('workforce_headcount', 17, null),
  ['workforce_fte', 'all', 'all', 13.9, 13.9, null, null],
  shown('staff_by_place', 9, 17, { place: 'home' }),
  hidden('staff_by_place', 'primary', { place: 'region' }),
  hidden('staff_by_place', 'primary', { place: 'nation' }),
  hidden('staff_by_place', 'primary', { place: 'rest_of_uk' }),
  hidden('staff_by_place', 'primary', { place: 'unknown' }),
  hidden('staff_most_deprived_10pct', 'primary'),
  hidden('staff_most_deprived_20pct', 'secondary'),
  hidden('staff_paid_living_wage', 'secondary'),
  hidden('staff_below_living_wage', 'primary'),
  ['gender_pay_gap_mean', 'all', 'all', ...gap(mean(sunderland.men), mean(sunderland.women)), null],
  ['gender_pay_gap_median', 'all', 'all', ...gap(median(sunderland.men), median(sunderland.women)), null],
  shown('contract_mix', 12, 17, { category: 'permanent' }),
  hidden('contract_mix', 'primary', { category: 'fixed_term' }),
  hidden('contract_mix', 'primary', { category: 'casual' }),
  hidden('contract_mix', 'primary', { category: 'zero_hours' }),
  hidden('contract_mix', 'primary', { category: 'agency' }),
  hidden('contract_mix', 'primary', { category: 'apprentice' }),
  shown('contract_mix', 0, 17, { category: 'not_given' }),
  hidden('apprentices', 'primary'),
  hidden('new_starters', 'secondary'),
  hidden('new_starters_living_locally', 'primary'),
];

// The trust (15 people, London rate £13.85): home 10, nation 2 (Manchester), unknown 3; decile
// known 12, decile 1: 1 (deciles 1–2: 1); pay known 15: paid 10, below 5 — £13.84 (27,060 ÷
// 1,955.36 h) is below, £13.85 (27,085 ÷ 1,955.36 h) is above, the apprentice and three bank
// staff at £13.50 are below; contracts 9 permanent, 1 fixed term, 4 bank, 1 apprentice; new
// starters 3, 1 local. Below-the-rate 5 is not small, but Sunderland's 4 = partnership 9 − 5,
// so it goes, then partnership "below" (9), then the trust's "paid" (10) (each in turn still
// let Sunderland's 4 be worked out).
const expectedLondon: Expected[] = [
  shown('workforce_headcount', 15, null),
  ['workforce_fte', 'all', 'all', 10.4, 10.4, null, null],
  shown('staff_by_place', 10, 15, { place: 'home' }),
  shown('staff_by_place', 0, 15, { place: 'region' }),
  hidden('staff_by_place', 'primary', { place: 'nation' }),
  shown('staff_by_place', 0, 15, { place: 'rest_of_uk' }),
  hidden('staff_by_place', 'primary', { place: 'unknown' }),
  hidden('staff_most_deprived_10pct', 'primary'),
  hidden('staff_most_deprived_20pct', 'primary'),
  hidden('staff_paid_living_wage', 'secondary'),
  hidden('staff_below_living_wage', 'secondary'),
  ['gender_pay_gap_mean', 'all', 'all', ...gap(mean(london.men), mean(london.women)), null],
  ['gender_pay_gap_median', 'all', 'all', ...gap(median(london.men), median(london.women)), null],
  shown('contract_mix', 9, 15, { category: 'permanent' }),
  hidden('contract_mix', 'primary', { category: 'fixed_term' }),
  hidden('contract_mix', 'primary', { category: 'casual' }),
  shown('contract_mix', 0, 15, { category: 'zero_hours' }),
  shown('contract_mix', 0, 15, { category: 'agency' }),
  hidden('contract_mix', 'primary', { category: 'apprentice' }),
  shown('contract_mix', 0, 15, { category: 'not_given' }),
  hidden('apprentices', 'primary'),
  hidden('new_starters', 'primary'),
  hidden('new_starters_living_locally', 'primary'),
];

// The partnership: the sums. Deciles 1–2: 5 + 1 = 6 of 26 is shown, so Sunderland's 5 goes
// (else the trust's 1 = 6 − 5); paid 23 of 32 is shown.
const expectedPartnership: Expected[] = [
  shown('workforce_headcount', 32, null),
  ['workforce_fte', 'all', 'all', 24.3, 24.3, null, null],
  shown('staff_by_place', 19, 32, { place: 'home' }),
  hidden('staff_by_place', 'primary', { place: 'region' }),
  hidden('staff_by_place', 'primary', { place: 'nation' }),
  hidden('staff_by_place', 'primary', { place: 'rest_of_uk' }),
  shown('staff_by_place', 6, 32, { place: 'unknown' }),
  hidden('staff_most_deprived_10pct', 'primary'),
  shown('staff_most_deprived_20pct', 6, 26),
  shown('staff_paid_living_wage', 23, 32),
  hidden('staff_below_living_wage', 'secondary'),
  ['gender_pay_gap_mean', 'all', 'all', ...gap(mean([...sunderland.men, ...london.men]), mean([...sunderland.women, ...london.women])), null],
  ['gender_pay_gap_median', 'all', 'all', ...gap(median([...sunderland.men, ...london.men]), median([...sunderland.women, ...london.women])), null],
  shown('contract_mix', 21, 32, { category: 'permanent' }),
  hidden('contract_mix', 'primary', { category: 'fixed_term' }),
  shown('contract_mix', 5, 32, { category: 'casual' }),
  hidden('contract_mix', 'primary', { category: 'zero_hours' }),
  hidden('contract_mix', 'primary', { category: 'agency' }),
  hidden('contract_mix', 'primary', { category: 'apprentice' }),
  shown('contract_mix', 0, 32, { category: 'not_given' }),
  hidden('apprentices', 'primary'),
  shown('new_starters', 8, null),
  hidden('new_starters_living_locally', 'primary'),
];

async function published(r: WorkforceRun, entity: string): Promise<Expected[]> {
  const rows = await withDatabase(r.result.snapshot_path, { mode: 'read_only' }, (w) =>
    w.all<{ metric: string; place: string; category: string; value: number | null; numerator: number | null; denominator: number | null; suppression: string | null }>(
      `select metric, place, category, value, numerator, denominator, suppression
       from metrics.workforce_indicators where entity_id = $1 and snapshot_date = '2025-03-31' and financial_year = '2024-25'`,
      [entity],
    ),
  );
  return rows.map((row) => [row.metric, row.place, row.category, row.value, row.numerator, row.denominator, row.suppression]);
}

const sorted = (rows: Expected[]) => [...rows].sort((a, b) => `${a[0]}|${a[1]}|${a[2]}`.localeCompare(`${b[0]}|${b[1]}|${b[2]}`));

describe('workforce indicators (end to end)', () => {
  it('loads both HR files', () => {
    expect(run.result).toMatchObject({ files_loaded: 2, files_failed: 0 });
  });

  it.each([
    ['sunderland-council', () => expectedSunderland],
    ['south-london-trust', () => expectedLondon],
    ['workforce-partnership', () => expectedPartnership],
  ])('%s: every metric equals the figure worked out by hand, with small cells suppressed', async (entity, expected) => {
    expect(sorted(await published(run, entity))).toEqual(sorted(expected()));
  });

  it('every published workforce metric is defined once in the catalogue, and every catalogue metric is published', async () => {
    const [definitions, metrics] = await withDatabase(run.result.snapshot_path, { mode: 'read_only' }, async (w) => [
      (await w.all<{ metric: string }>('select metric from metrics.workforce_metric_definitions order by 1')).map((r) => r.metric),
      (await w.all<{ metric: string }>('select distinct metric from metrics.workforce_indicators order by 1')).map((r) => r.metric),
    ]);
    expect(metrics).toEqual(definitions);
    expect(definitions).toHaveLength(13);
  });

  it('compares London staff with the London rate in force on the snapshot date: £13.84 is below, £13.85 and up is not', async () => {
    const key = (anchor: string, ref: string) => createHmac('sha256', TEST_HASH_KEY).update(`${anchor}\u0000${ref}`).digest('hex');
    const people = await withDatabase(run.loaded.paths.warehousePath, { mode: 'read_only' }, (w) =>
      w.all<{ employee_key: string; living_wage_pence: number; living_wage_year: string; is_paid_living_wage: boolean; hourly_pay_pence: number }>(
        'select employee_key, living_wage_pence, living_wage_year, is_paid_living_wage, hourly_pay_pence from marts.fct_workforce_snapshots',
      ),
    );
    const find = (anchor: string, ref: string) => people.find((p) => p.employee_key === key(anchor, ref));
    expect(find('south-london-trust', '10000001')).toMatchObject({ living_wage_pence: 1385, living_wage_year: '2024-25', is_paid_living_wage: false });
    expect(find('south-london-trust', '10000001')?.hourly_pay_pence).toBeCloseTo(fromSalary(27_060, 37.5), 3);
    expect(find('south-london-trust', '10000002')).toMatchObject({ living_wage_pence: 1385, is_paid_living_wage: true });
    expect(find('south-london-trust', '10000002')?.hourly_pay_pence).toBeCloseTo(fromSalary(27_085, 37.5), 3);
    // Outside London the UK rate: exactly £12.60 is paid at the rate, £12.59 is below.
    expect(find('sunderland-council', 'S003')).toMatchObject({ living_wage_pence: 1260, is_paid_living_wage: true, hourly_pay_pence: 1260 });
    expect(find('sunderland-council', 'S011')).toMatchObject({ living_wage_pence: 1260, is_paid_living_wage: false });
  });

  it('with small_cell_threshold 2, the trust shows 10 of 15 paid at least the London rate and 5 below', async () => {
    const rows = await published(loose, 'south-london-trust');
    const find = (metric: string) => rows.find((row) => row[0] === metric);
    expect(find('staff_paid_living_wage')).toEqual(shown('staff_paid_living_wage', 10, 15));
    expect(find('staff_below_living_wage')).toEqual(shown('staff_below_living_wage', 5, null));
    const sunderlandRows = await published(loose, 'sunderland-council');
    expect(sunderlandRows.find((row) => row[0] === 'staff_below_living_wage')).toEqual(shown('staff_below_living_wage', 4, null));
    expect(sunderlandRows.find((row) => row[0] === 'staff_by_place' && row[1] === 'region')).toEqual(shown('staff_by_place', 3, 17, { place: 'region' }));
    // A single person is still never shown.
    expect(sunderlandRows.find((row) => row[0] === 'staff_by_place' && row[1] === 'nation')?.[6]).toBe('primary');
  });

  it('the report shows every workforce indicator as published, suppressed cells as suppressed, and draws only the unsuppressed shares', async () => {
    const path = run.result.snapshot_path;
    const { report, rows } = await withDatabase(path, { mode: 'read_only' }, async (w) => ({
      report: await buildReport(w, {}, { source: path }),
      rows: await w.all<{ metric: string; entity_type: string; entity_id: string; snapshot_date: string; place: string; category: string; value: number | null; unit: string; is_suppressed: boolean; suppression: string | null }>(
        'select * replace (snapshot_date::varchar as snapshot_date) from metrics.workforce_indicators',
      ),
    }));
    const onPage = [...report.html.matchAll(/<td class="num" data-workforce="([^"]*)">([^<]*)<\/td>/g)].map((m): [string, string] => [m[1]!.replace(/&amp;/g, '&'), m[2]!.replace(/&amp;/g, '&')]);
    expect(onPage).toHaveLength(rows.length);
    for (const [key, text] of onPage) {
      const row = rows.find((r) => [r.metric, r.entity_type, r.entity_id, r.snapshot_date, r.place, r.category].join('|') === key);
      expect(row, key).toBeDefined();
      expect(text, key).toBe(workforceFigureText(row!));
    }
    const suppressed = onPage.filter(([, text]) => text.startsWith('suppressed'));
    expect(suppressed.length).toBe(rows.filter((r) => r.is_suppressed).length);
    expect(suppressed.length).toBeGreaterThan(0);
    const chart = report.charts.find((c) => c.name === 'workforce')!;
    const bars = (chart.svg.match(/<g class="mark-rect role-mark workforce_bars_marks"[^>]*>(.*?)<\/g>/s)?.[1] ?? '').match(/<path /g) ?? [];
    const drawable = rows.filter((r) => !r.is_suppressed && r.value !== null && (r.metric === 'staff_by_place' ? r.place === 'home' : ['staff_most_deprived_10pct', 'staff_most_deprived_20pct', 'staff_paid_living_wage', 'new_starters_living_locally'].includes(r.metric)));
    expect(bars).toHaveLength(drawable.length);
  });
});
