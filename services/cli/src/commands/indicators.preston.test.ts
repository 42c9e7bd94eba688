import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Anchor, Partnership } from '@cwb/contracts';
import { anchorGeographies } from '@cwb/worker';
import { buildModels, loadStagedFile, migrate, publishSnapshot, withDatabase, type IndicatorRow } from '@cwb/warehouse';
import { runIndicators } from './indicators';

// The Preston model, rebuilt from raw payments: six anchors, a 2012-13 baseline and a 2016-17
// ledger built so that 5% then 18.2% of influenceable spend is with suppliers in Preston and
// 39% then 79.2% in Lancashire (CLES's published figures). Payments go through the loader
// (staged NDJSON, located postcodes), the models, the published snapshot and `cwb indicators`.

const preston = { name: 'Preston', lad_codes: ['E07000123'] };
const anchorSpecs: [id: string, name: string, type: Anchor['type'], weight: number][] = [
  ['preston-city-council', 'Preston City Council', 'council', 0.3],
  ['lancashire-county-council', 'Lancashire County Council', 'council', 0.25],
  ['lancashire-constabulary', 'Lancashire Constabulary', 'police', 0.15],
  ['uclan', 'University of Central Lancashire', 'university', 0.12],
  ['prestons-college', "Preston's College", 'college', 0.1],
  ['community-gateway', 'Community Gateway Association', 'housing_association', 0.08],
];
const anchors: Anchor[] = anchorSpecs.map(([id, name, type]) => ({ id, name, type, home: preston, sources: [] }));
const partnerships: Partnership[] = [{ id: 'preston-partnership', name: 'Preston anchor network', anchors: anchors.map((a) => a.id) }];

// Pence, per band: Preston (home), the rest of Lancashire (Blackpool), outside Lancashire (Leeds).
const years = {
  '2012': { total: 750_000_000_00, home: 37_500_000_00, lancashire: 292_500_000_00 },
  '2016': { total: 617_000_000_00, home: 112_294_000_00, lancashire: 488_664_000_00 },
};
const postcodes = { home: 'PR1 1AA', cluster: 'FY1 1AA', outside: 'LS1 1AA' };

function paymentsFor(anchorId: string, weight: number, year: '2012' | '2016') {
  const y = years[year];
  const bands = { home: y.home, cluster: y.lancashire - y.home, outside: y.total - y.lancashire };
  const rows: object[] = [];
  for (const [band, amount] of Object.entries(bands) as [keyof typeof bands, number][]) {
    const share = Math.round(amount * weight);
    const monthly = Math.floor(share / 12);
    for (let m = 0; m < 12; m++) {
      const month = new Date(Date.UTC(Number(year), 3 + m, 15)).toISOString().slice(0, 10);
      const pence = m === 11 ? share - monthly * 11 : monthly;
      rows.push({ band, month, pence, supplier: `${band.toUpperCase()} SUPPLIER ${m % 4} LTD` });
    }
  }
  // Payments the exclusion rules take out: they must not move any share.
  rows.push({ band: 'home', month: `${year}-07-01`, pence: 5_000_000_00, supplier: 'HM REVENUE & CUSTOMS' });
  rows.push({ band: 'cluster', month: `${year}-08-01`, pence: 2_000_000_00, supplier: 'LANCASHIRE COUNTY PENSION FUND' });
  return (rows as { band: keyof typeof postcodes; month: string; pence: number; supplier: string }[]).map((r, i) => ({
    load_id: `load-${anchorId}-${year}`,
    anchor_id: anchorId,
    source_file: `${anchorId}-${year}.csv`,
    source_line: i + 2,
    payment_date: r.month,
    amount_pence: r.pence,
    supplier_name: r.supplier,
    is_redacted: false,
    supplier_id: null,
    company_number: null,
    vat_number: null,
    charity_number: null,
    supplier_postcode: postcodes[r.band],
    transaction_ref: null,
    expense_area: null,
    expense_type: null,
    category: null,
    description: null,
    is_procurement_card: false,
    is_vcse_flagged: null,
  }));
}

async function buildPrestonSnapshot(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cwb-preston-'));
  const postcodesPath = join(dir, 'postcodes.ndjson');
  await writeFile(
    postcodesPath,
    [
      { postcode: 'PR1 1AA', status: 'located', lad_code: 'E07000123', region_code: 'E12000002', country_code: 'E92000001' },
      { postcode: 'FY1 1AA', status: 'located', lad_code: 'E06000009', region_code: 'E12000002', country_code: 'E92000001' },
      { postcode: 'LS1 1AA', status: 'located', lad_code: 'E08000035', region_code: 'E12000003', country_code: 'E92000001' },
    ]
      .map((p) => JSON.stringify(p))
      .join('\n'),
  );
  const warehousePath = join(dir, 'warehouse.duckdb');
  await withDatabase(warehousePath, { mode: 'read_write' }, async (w) => {
    await migrate(w);
    for (const [id, , , weight] of anchorSpecs) {
      for (const year of ['2012', '2016'] as const) {
        const rows = paymentsFor(id, weight, year);
        const rowsPath = join(dir, `${id}-${year}.ndjson`);
        const rejectedPath = join(dir, `${id}-${year}.rejected.ndjson`);
        await writeFile(rowsPath, rows.map((r) => JSON.stringify(r)).join('\n'));
        await writeFile(rejectedPath, '');
        await loadStagedFile(w, {
          run_id: 'run-preston', load_id: `load-${id}-${year}`, anchor_id: id, source_file_id: `${id}-${year}`,
          source_file: `${id}-${year}.csv`, content_sha256: 'a'.repeat(64), rows_path: rowsPath, rejected_path: rejectedPath,
          postcodes_path: postcodesPath, rows_read: rows.length, rows_staged: rows.length, rows_quarantined: 0, rows_skipped: 0,
          mapping: 'test', encoding: 'utf-8',
        });
      }
    }
    // No postcode reference: the bands come from the config and the shipped Lancashire place.
    const { geographies } = await anchorGeographies(anchors, null);
    await buildModels(w, anchors, { partnerships, geographies, settings: { baseline_year: '2012-13' } });
    await w.run('checkpoint');
  });
  return publishSnapshot(warehousePath, join(dir, 'published', 'cwb.duckdb'), 'run-preston');
}

const metrics = ['share_within_place', 'share_within_place_change', 'spend_within_place', 'spend_within_place_change'];

describe('cwb indicators on a Preston-style partnership', () => {
  it('reports 5% → 18.2% in Preston and 39% → 79.2% in Lancashire, the pound change and the percentage-point change', async () => {
    const db = await buildPrestonSnapshot();
    const rows = JSON.parse(await runIndicators({ db, metric: metrics, place: ['home', 'cluster'], json: true })) as IndicatorRow[];
    const pick = (entity: string, metric: string, period: string, place: string) =>
      rows.find((r) => r.entity_id === entity && r.metric === metric && r.period === period && r.place === place);

    for (const entity of ['preston-partnership', ...anchors.map((a) => a.id)]) {
      expect(pick(entity, 'share_within_place', '2012-13', 'home')?.value).toBe(0.05);
      expect(pick(entity, 'share_within_place', '2016-17', 'home')?.value).toBe(0.182);
      expect(pick(entity, 'share_within_place', '2012-13', 'cluster')?.value).toBe(0.39);
      expect(pick(entity, 'share_within_place', '2016-17', 'cluster')?.value).toBe(0.792);
      expect(pick(entity, 'share_within_place_change', '2016-17', 'home')).toMatchObject({ value: 13.2, unit: 'pp', baseline_period: '2012-13' });
      expect(pick(entity, 'share_within_place_change', '2016-17', 'cluster')).toMatchObject({ value: 40.2, unit: 'pp' });
    }
    const partnership = (metric: string, period: string, place: string) => pick('preston-partnership', metric, period, place);
    expect(partnership('share_within_place', '2016-17', 'home')).toMatchObject({ place_name: 'Preston', numerator: 112_294_000, denominator: 617_000_000 });
    expect(partnership('share_within_place', '2016-17', 'cluster')).toMatchObject({ place_name: 'Lancashire', numerator: 488_664_000 });
    // "£74m more for Preston", "about £200m more for Lancashire"
    expect(partnership('spend_within_place_change', '2016-17', 'home')).toMatchObject({ value: 74_794_000, unit: 'gbp', numerator: 112_294_000, denominator: 37_500_000 });
    expect(partnership('spend_within_place_change', '2016-17', 'cluster')).toMatchObject({ value: 196_164_000, unit: 'gbp' });
    // per anchor: Preston City Council holds 30% of every band
    expect(pick('preston-city-council', 'spend_within_place_change', '2016-17', 'home')?.value).toBe(22_438_200);

    const table = await runIndicators({ db, partnership: ['preston-partnership'], year: ['2016-17'], metric: ['share_within_place', 'share_within_place_change'], place: ['home', 'cluster'] });
    expect(table).toMatch(/share_within_place\s+partnership preston-partnership\s+2016-17\s+home \(Preston\)\s+18\.2%\s+112,294,000\.00\s+617,000,000\.00\s+share/);
    expect(table).toMatch(/share_within_place_change\s+partnership preston-partnership\s+2016-17 vs 2012-13\s+home \(Preston\)\s+\+13\.2 pp\s+18\.2%\s+5\.0%\s+pp/);
    expect(table).toMatch(/cluster \(Lancashire\)\s+79\.2%/);
  });
});
