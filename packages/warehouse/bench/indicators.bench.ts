/**
 * Indicator bench: generates a seeded national-scale ledger (default 20 million payments: six
 * anchors in one partnership, five financial years, 60,000 suppliers, 3,000 located
 * postcodes across every location band, supplier classifications for half the suppliers,
 * 3% tax/pension/payroll payments), builds every model, publishes the read-only snapshot, then
 * times every metric view at partnership and financial-year grain over the snapshot, as a
 * BI tool would query it.
 *
 *   pnpm --filter @cwb/warehouse bench                       # 20 million payments
 *   pnpm --filter @cwb/warehouse bench -- --rows 2000000 --runs 10
 *
 * Target (issue 5): every metric view under 1 second (median and 95th percentile reported).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Anchor, Partnership } from '@cwb/contracts';
import {
  buildModels,
  metricCatalogue,
  migrate,
  publishSnapshot,
  withDatabase,
  type AnchorGeography,
  type Warehouse,
} from '../src/index';

interface Args {
  rows: number;
  runs: number;
  keep: boolean;
  threads: number | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { rows: 20_000_000, runs: 20, keep: false, threads: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--keep') args.keep = true;
    else if (arg === '--rows' || arg === '--runs' || arg === '--threads') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`${arg} needs a positive whole number`);
      args[arg.slice(2) as 'rows' | 'runs' | 'threads'] = value;
    } else throw new Error(`unexpected argument "${arg}" (options: --rows N --runs N --threads N --keep)`);
  }
  return args;
}

const anchorIds = ['council', 'county', 'police', 'university', 'college', 'housing'];
const anchors: Anchor[] = anchorIds.map((id) => ({
  id,
  name: `Bench ${id}`,
  type: 'other',
  home: { name: 'Preston', lad_codes: ['E07000123'] },
  sources: [],
}));
const partnerships: Partnership[] = [{ id: 'bench-partnership', name: 'Bench partnership', anchors: anchorIds }];
const lancashire = ['E07000117', 'E07000118', 'E07000119', 'E07000120', 'E07000121', 'E07000122', 'E07000124', 'E07000125', 'E07000126', 'E07000127', 'E07000128', 'E06000008', 'E06000009'];
const geographies: AnchorGeography[] = anchorIds.flatMap((anchor_id) => [
  { anchor_id, band: 'home' as const, place_name: 'Preston', place_code: null, lad_code: 'E07000123' },
  ...lancashire.map((lad_code) => ({ anchor_id, band: 'cluster' as const, place_name: 'Lancashire', place_code: null, lad_code })),
  { anchor_id, band: 'region' as const, place_name: 'North West', place_code: 'E12000002', lad_code: null },
  { anchor_id, band: 'nation' as const, place_name: 'England', place_code: 'E92000001', lad_code: null },
]);

/** Seeded, set-based generation: one INSERT … SELECT per table, no JavaScript row loops. */
async function generate(w: Warehouse, rows: number): Promise<void> {
  // 3,000 postcodes: 10% Preston, 20% Lancashire, 20% North West, 30% England, 15% Wales/Scotland, 5% outside UK.
  await w.run(`
    insert into raw.postcode_locations
    select
        'BX' || i || ' ' || (i % 10) || 'AA' as postcode,
        case when i % 100 >= 95 then 'no_area' else 'located' end,
        case
            when i % 100 < 10 then 'E07000123'
            when i % 100 < 30 then ${`[${lancashire.map((c) => `'${c}'`).join(',')}]`}[1 + i % 13]
            when i % 100 < 50 then 'E08000003'
            when i % 100 < 80 then 'E08000035'
            when i % 100 < 88 then 'W06000015'
            when i % 100 < 95 then 'S12000036'
        end,
        case when i % 100 < 50 then 'E12000002' when i % 100 < 80 then 'E12000003' end,
        case when i % 100 < 80 then 'E92000001' when i % 100 < 88 then 'W92000004' when i % 100 < 95 then 'S92000003' else 'L93000001' end,
        'E0' || lpad(cast(i as varchar), 7, '0'),
        case when i % 100 < 95 then 1 + (i * 7) % 10 end,
        case when i % 100 < 80 then 'E' when i % 100 < 88 then 'W' end,
        false, 'bench', current_timestamp
    from range(3000) as t(i)`);
  // Half the 60,000 suppliers matched and classified.
  await w.run(`
    insert into raw.supplier_classifications (supplier_key, matched_name, company_number, org_id, match_method, match_confidence,
        organisation_type, size_band, sic_codes, registered_postcode, is_locally_owned, ultimate_owner, ultimate_owner_lad_code, classified_at)
    select 'name:SUPPLIER ' || i, 'SUPPLIER ' || i || ' LTD', lpad(cast(i as varchar), 8, '0'), null, 'bench', 1.0,
        case when i % 20 = 0 then 'vcse' when i % 50 = 1 then 'public_sector' else 'private' end,
        ['micro', 'small', 'medium', 'large'][1 + i % 4],
        [cast(10000 + (i * 37) % 89000 as varchar)],
        null, i % 3 = 0, null, null, current_timestamp
    from range(0, 60000, 2) as t(i)`);
  await w.run(`
    insert into raw.registered_firms
    select 'E07000123', chr(cast(65 + s as integer)), cast(100 + s * 17 as integer), null from range(21) as t(s)`);
  // The payments: six anchors (uneven sizes), April 2016 to March 2021.
  await w.run(`
    insert into raw.ap_transactions
    select
        'bench-run', 'bench-load',
        ${`[${anchorIds.map((a) => `'${a}'`).join(',')}]`}[1 + (i * 7 + i // 13) % 6],
        'bench-file-' || (i % 6), 'bench.csv', cast(i // 6 as integer) + 2,
        date '2016-04-01' + cast((i * 2654435761) % 1826 as integer),
        case when i % 97 = 0 then -((i * 31) % 500000) else 100 + (i * 48271) % 2000000 end,
        case when i % 100 = 0 then 'HM REVENUE & CUSTOMS' when i % 100 = 1 then 'LANCASHIRE PENSION FUND'
             else 'SUPPLIER ' || ((i * 7919) % 60000) || ' LTD' end,
        false, null, null, null, null,
        case when i % 11 = 0 then null else 'BX' || ((i * 104729) % 3000) || ' ' || (((i * 104729) % 3000) % 10) || 'AA' end,
        null, 'Area ' || (i % 40),
        case when i % 100 = 2 then 'Salaries' else 'Expense type ' || (i % 150) end,
        'Category ' || (i % 60), null, i % 200 = 3, null
    from range(${rows}) as t(i)`);
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'cwb-indicator-bench-'));
  const warehousePath = join(dir, 'warehouse.duckdb');
  const snapshotPath = join(dir, 'published', 'cwb.duckdb');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`indicator bench: ${args.rows.toLocaleString('en-GB')} payments, ${anchors.length} anchors, 1 partnership, in ${dir}`);
  try {
    const timings: Record<string, number> = {};
    const modelTimes: Record<string, number> = {};
    await withDatabase(warehousePath, { mode: 'read_write', ...(args.threads ? { threads: args.threads } : {}) }, async (w) => {
      await migrate(w);
      let t = performance.now();
      await generate(w, args.rows);
      timings.generate_s = (performance.now() - t) / 1000;
      t = performance.now();
      await buildModels(w, anchors, {
        partnerships,
        geographies,
        settings: { baseline_year: '2016-17' },
        onModel: (target, ms) => {
          modelTimes[target] = ms;
        },
      });
      await w.run('checkpoint');
      timings.build_models_s = (performance.now() - t) / 1000;
    });
    const slowest = Object.entries(modelTimes).sort((a, b) => b[1] - a[1]).slice(0, 8);
    log(`slowest models: ${slowest.map(([m, ms]) => `${m} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
    let t = performance.now();
    await publishSnapshot(warehousePath, snapshotPath, 'bench');
    timings.publish_s = (performance.now() - t) / 1000;
    log(`generated in ${timings.generate_s?.toFixed(1)} s; models built in ${timings.build_models_s?.toFixed(1)} s; snapshot (${(statSync(snapshotPath).size / 2 ** 20).toFixed(0)} MiB) published in ${timings.publish_s?.toFixed(1)} s`);

    const views = [
      ...metricCatalogue.map((m) => `metrics.${m.name}`),
      'metrics.indicator_values',
      'metrics.change_against_baseline',
      'metrics.indicators',
      'metrics.top_suppliers',
      'metrics.leakage',
    ];
    const results: { view: string; rows: number; median_ms: number; p95_ms: number; max_ms: number }[] = [];
    await withDatabase(snapshotPath, { mode: 'read_only', ...(args.threads ? { threads: args.threads } : {}) }, async (w) => {
      for (const view of views) {
        const sql = `select * from ${view} where entity_type = 'partnership' and period_type = 'financial_year'`;
        const times: number[] = [];
        let rows = 0;
        for (let run = 0; run <= args.runs; run++) {
          const started = performance.now();
          rows = (await w.all(sql)).length;
          if (run > 0) times.push(performance.now() - started); // run 0 warms the cache
        }
        times.sort((a, b) => a - b);
        results.push({ view, rows, median_ms: percentile(times, 50), p95_ms: percentile(times, 95), max_ms: times.at(-1) ?? NaN });
      }
    });
    log('');
    log('view                                      rows   median ms   p95 ms   max ms');
    for (const r of results) {
      log(`${r.view.padEnd(40)} ${String(r.rows).padStart(5)} ${r.median_ms.toFixed(1).padStart(11)} ${r.p95_ms.toFixed(1).padStart(8)} ${r.max_ms.toFixed(1).padStart(8)}`);
    }
    const worst = Math.max(...results.map((r) => r.p95_ms));
    const passed = results.every((r) => r.p95_ms < 1000);
    log('');
    log(`target: every metric view under 1 s at partnership and year grain: ${passed ? 'met' : 'NOT met'} (worst p95 ${worst.toFixed(1)} ms)`);
    log(JSON.stringify({ bench: 'indicators', rows: args.rows, runs: args.runs, ...timings, worst_p95_ms: worst, passed, results }));
    if (!passed) process.exitCode = 1;
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
