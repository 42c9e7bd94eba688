import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import type { Anchor, IndicatorSettingsInput, Partnership } from '@cwb/contracts';
import { mkdtemp, readdir, readFile, stat, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModels, geographiesFromConfig, migrate, models, openDatabase, publishParquet, withDatabase, type BuildPlan, type Warehouse } from './index';

// Incremental model builds must give exactly what a full build gives. Each case changes one
// kind of input, builds incrementally, records every model's rows, rebuilds everything on the
// same warehouse and compares.

const anchors: Anchor[] = [
  { id: 'anchor-a', name: 'Anchor A', type: 'council', home: { name: 'Preston', lad_codes: ['E07000123'] }, sources: [] },
  { id: 'anchor-b', name: 'Anchor B', type: 'nhs_trust', home: { name: 'Preston', lad_codes: ['E07000123'] }, sources: [] },
  { id: 'anchor-c', name: 'Anchor C', type: 'university', home: { name: 'Leeds', lad_codes: ['E08000035'] }, sources: [] },
];
const partnerships: Partnership[] = [{ id: 'preston', name: 'Preston anchors', anchors: ['anchor-a', 'anchor-b'] }];
const geographies = geographiesFromConfig(anchors);

const postcodes: [string, string | null][] = [
  ['PR1 1AA', 'E07000123'],
  ['LS1 1AA', 'E08000035'],
  ['M1 1AA', 'E08000003'],
];

type Row = [supplier: string, pence: number, postcode: string | null, date?: string, expenseType?: string];

const suppliers: Record<string, Row[]> = {
  'anchor-a': [
    ['ACME LTD', 120_00, 'PR1 1AA'],
    ['Shared Services Limited', 75_50, 'M1 1AA', '2017-01-15'],
    ['HM Revenue & Customs', 900_00, null, '2016-09-01', 'PAYE'],
    ['Local Bakery', -12_00, 'PR1 1AA'],
  ],
  'anchor-b': [
    ['Shared Services Ltd', 300_00, 'M1 1AA'],
    ['ACME LIMITED', 45_00, 'PR1 1AA', '2017-05-02'],
  ],
  'anchor-c': [
    ['Shared Services Limited', 220_00, 'LS1 1AA'],
    ['Yorkshire Print', 60_00, 'LS1 1AA'],
  ],
};

let open: Warehouse | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

async function loadFile(w: Warehouse, anchorId: string, loadId: string, rows: Row[]): Promise<void> {
  const fileId = `file-${anchorId}`;
  await w.run('delete from raw.ap_transactions where source_file_id = $1', [fileId]);
  let line = 2;
  for (const [supplier, pence, postcode, date, expenseType] of rows) {
    await w.run(
      `insert into raw.ap_transactions (run_id, load_id, anchor_id, source_file_id, source_file, source_line, payment_date,
         amount_pence, supplier_name, is_redacted, supplier_postcode, expense_type, is_procurement_card)
       values ('run', $1, $2, $3, $3 || '.csv', $4, $5::date, $6, $7, false, $8, $9, false)`,
      [loadId, anchorId, fileId, line++, date ?? '2016-06-01', pence, supplier, postcode, expenseType ?? null],
    );
  }
  await w.run(
    `insert or replace into raw.source_files values ($1, $2, $1 || '.csv', 'sha', 'run', $3, $4, $4, 0, 0, null, null, current_timestamp)`,
    [fileId, anchorId, loadId, rows.length],
  );
}

async function locate(w: Warehouse, postcode: string, lad: string | null): Promise<void> {
  await w.run(
    `insert or replace into raw.postcode_locations (postcode, status, lad_code, region_code, country_code, located_at)
     values ($1, $2, $3, 'E12000002', 'E92000001', current_timestamp)`,
    [postcode, lad ? 'located' : 'no_area', lad],
  );
}

async function given(path = ':memory:'): Promise<Warehouse> {
  const w = await openDatabase(path, { mode: 'read_write' });
  open = w;
  await migrate(w);
  for (const [anchorId, rows] of Object.entries(suppliers)) await loadFile(w, anchorId, `load-1-${anchorId}`, rows);
  for (const [postcode, lad] of postcodes) await locate(w, postcode, lad);
  return w;
}

async function build(w: Warehouse, settings: IndicatorSettingsInput = {}, full = false, buildId?: string): Promise<BuildPlan> {
  const { plan } = await buildModels(w, anchors, { partnerships, geographies, settings, full, ...(buildId ? { buildId } : {}) });
  return plan;
}

/** Every model's rows (tables and views), sorted, as JSON. */
async function everyModel(w: Warehouse): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const model of models) {
    const { rows } = await w.json(`select * from ${model.layer}.${model.name} order by all`);
    out[`${model.layer}.${model.name}`] = rows;
  }
  return out;
}

/** Rows of a relation missing from its published Parquet (read with its Hive partitions), and rows there that it lacks. */
async function publishedDifference(w: Warehouse, root: string, relation: string): Promise<{ missing: number; extra: number }> {
  const columns = (await w.all<{ column_name: string }>(`describe select * from ${relation}`)).map((c) => `"${c.column_name}"`).join(', ');
  const published = `(select ${columns} from read_parquet('${join(root, 'current', ...relation.split('.'))}/**/*.parquet', hive_partitioning = true))`;
  const [difference] = await w.all<{ missing: bigint; extra: bigint }>(
    `select (select count(*) from (select ${columns} from ${relation} except all select * from ${published})) as missing,
            (select count(*) from (select * from ${published} except all select ${columns} from ${relation})) as extra`,
  );
  return { missing: Number(difference?.missing), extra: Number(difference?.extra) };
}

/** Builds incrementally, then fully, and expects the same rows in every model. */
async function expectIncrementalEqualsFull(w: Warehouse, settings: IndicatorSettingsInput = {}): Promise<BuildPlan> {
  const plan = await build(w, settings);
  const incremental = await everyModel(w);
  const full = await build(w, settings, true);
  expect(full.mode).toBe('full');
  expect(incremental).toEqual(await everyModel(w));
  return plan;
}

describe('incremental model builds', { timeout: 180_000 }, () => {
  it('builds everything first, then nothing when nothing changed', async () => {
    const w = await given();
    const first = await build(w);
    expect(first).toMatchObject({ mode: 'full', reason: expect.stringMatching(/first build/) });
    const [count] = await w.all<{ n: bigint }>('select count(*) as n from marts.fct_ap_payments');
    expect(Number(count?.n)).toBe(8);
    const again = await expectIncrementalEqualsFull(w);
    expect(again).toMatchObject({ mode: 'incremental', anchors: [] });
  });

  it('rebuilds only the anchor whose file was reloaded, and its partnership', async () => {
    const w = await given();
    await build(w);
    await loadFile(w, 'anchor-a', 'load-2-anchor-a', [
      ['ACME LTD', 130_00, 'PR1 1AA'],
      ['Brand New Supplier', 55_00, 'LS1 1AA', '2017-02-01'],
      ['Shared Services Limited', 10_00, 'M1 1AA', '2018-04-01'],
    ]);
    const plan = await expectIncrementalEqualsFull(w);
    expect(plan).toMatchObject({ mode: 'incremental', anchors: ['anchor-a'] });
    const { rows } = await w.json(
      `select entity_id, sum(spend_gbp) as spend from metrics.top_suppliers
       where period_type = 'financial_year' and period = '2016-17' group by entity_id order by entity_id`,
    );
    // anchor-a 2016-17: 130 + 55 (2017-02-01); the partnership adds anchor-b's 300 (2016-06-01).
    expect(rows).toEqual([
      { entity_id: 'anchor-a', spend: '185.00' },
      { entity_id: 'anchor-b', spend: '300.00' },
      { entity_id: 'anchor-c', spend: '280.00' },
      { entity_id: 'preston', spend: '485.00' },
    ]);
  });

  it('rebuilds every anchor that paid a supplier whose classification changed', async () => {
    const w = await given();
    await build(w);
    // "Shared Services" is paid by all three anchors: matching it touches all of them (and so,
    // more than half the anchors, it is done as a full build); a supplier paid by one anchor only touches that one.
    await w.run(
      `insert into raw.supplier_classifications (supplier_key, matched_name, company_number, org_id, match_method, match_confidence,
         organisation_type, size_band, sic_codes, registered_postcode, classified_at)
       values ('name:YORKSHIRE PRINT', 'YORKSHIRE PRINT LIMITED', '01234567', 'GB-COH-01234567', 'exact', 1.0,
         'private', 'micro', ['18129'], 'LS1 1AA', current_timestamp)`,
    );
    const plan = await expectIncrementalEqualsFull(w);
    expect(plan).toMatchObject({ mode: 'incremental', anchors: ['anchor-c'] });
    const [row] = await w.all<{ size_band: string; sic_section: string }>(
      `select supplier_size_band as size_band, supplier_sic_section as sic_section from marts.fct_ap_payments where supplier_name = 'Yorkshire Print'`,
    );
    expect(row).toEqual({ size_band: 'micro', sic_section: 'C' });

    await w.run(`update raw.supplier_classifications set size_band = 'small', classified_at = current_timestamp where supplier_key = 'name:YORKSHIRE PRINT'`);
    expect(await expectIncrementalEqualsFull(w)).toMatchObject({ mode: 'incremental', anchors: ['anchor-c'] });

    // Re-writing the same classification (a new classified_at only) changes nothing.
    await w.run(`update raw.supplier_classifications set classified_at = current_timestamp + interval 1 hour`);
    expect(await build(w)).toMatchObject({ mode: 'incremental', anchors: [] });
  });

  it('rebuilds the anchors that paid suppliers at a postcode located differently', async () => {
    const w = await given();
    await build(w);
    await locate(w, 'LS1 1AA', 'E08000036');
    const plan = await expectIncrementalEqualsFull(w);
    expect(plan).toMatchObject({ mode: 'incremental', anchors: ['anchor-c'] });
    const [row] = await w.all<{ band: string }>(`select location_band as band from marts.fct_ap_payments where supplier_name = 'Yorkshire Print'`);
    expect(row?.band).toBe('nation');
  });

  it('rebuilds an anchor whose file was removed', async () => {
    const w = await given();
    await build(w);
    await w.run(`delete from raw.ap_transactions where anchor_id = 'anchor-b'`);
    await w.run(`delete from raw.source_files where anchor_id = 'anchor-b'`);
    const plan = await expectIncrementalEqualsFull(w);
    expect(plan).toMatchObject({ mode: 'incremental', anchors: ['anchor-b'] });
    const [count] = await w.all<{ n: bigint }>(`select count(*) as n from marts.fct_ap_payments where anchor_id = 'anchor-b'`);
    expect(Number(count?.n)).toBe(0);
  });

  it('rebuilds the ownership spend of every anchor, not only the register\'s, when a register file was loaded or removed', async () => {
    const w = await given();
    // Yorkshire Print (paid by anchor-c only) is matched to a company; anchor-a then loads a
    // Co-operatives UK register that lists that company: its form is the register's, for anchor-c too.
    await w.run(
      `insert into raw.supplier_classifications (supplier_key, matched_name, company_number, org_id, match_method, match_confidence,
         organisation_type, size_band, sic_codes, registered_postcode, classified_at)
       values ('name:YORKSHIRE PRINT', 'YORKSHIRE PRINT LIMITED', '01234567', 'GB-COH-01234567', 'exact', 1.0,
         'private', 'micro', ['18129'], 'LS1 1AA', current_timestamp)`,
    );
    await build(w);
    const form = async () =>
      w.all<{ anchor_id: string; ownership_form: string; ownership_form_basis: string }>(
        `select anchor_id, ownership_form, ownership_form_basis from marts.fct_supplier_ownership_spend where supplier_key = 'name:YORKSHIRE PRINT'`,
      );
    expect(await form()).toEqual([{ anchor_id: 'anchor-c', ownership_form: 'company', ownership_form_basis: 'match' }]);

    await w.run(
      `insert into raw.organisations (run_id, load_id, anchor_id, source_file_id, source_file, source_line, register, register_date, register_id,
         org_id, registered_number, name, legal_form, postcode, is_live)
       values ('run', 'load-1-coops', 'anchor-a', 'file-coops', 'coops.csv', 2, 'coops_uk', '2017-06-01', 'C1', 'GB-COH-01234567', '01234567',
         'YORKSHIRE PRINT CO-OPERATIVE LIMITED', 'Company Limited by Shares', 'LS1 1AA', true)`,
    );
    await w.run(`insert into raw.source_files values ('file-coops', 'anchor-a', 'coops.csv', 'sha', 'run', 'load-1-coops', 1, 1, 0, 0, null, null, current_timestamp)`);
    expect(await expectIncrementalEqualsFull(w)).toMatchObject({ mode: 'incremental', anchors: ['anchor-a'], registersChanged: true });
    expect(await form()).toEqual([{ anchor_id: 'anchor-c', ownership_form: 'co_operative', ownership_form_basis: 'register' }]);

    // A ledger reloaded with the registers unchanged: the ownership spend is updated per anchor.
    await loadFile(w, 'anchor-b', 'load-2-anchor-b', [['Shared Services Ltd', 310_00, 'M1 1AA']]);
    expect(await expectIncrementalEqualsFull(w)).toMatchObject({ mode: 'incremental', anchors: ['anchor-b'], registersChanged: false });

    await w.run(`delete from raw.organisations where source_file_id = 'file-coops'`);
    await w.run(`delete from raw.source_files where source_file_id = 'file-coops'`);
    expect(await expectIncrementalEqualsFull(w)).toMatchObject({ mode: 'incremental', anchors: ['anchor-a'], registersChanged: true });
    expect(await form()).toEqual([{ anchor_id: 'anchor-c', ownership_form: 'company', ownership_form_basis: 'match' }]);
  });

  it('rebuilds everything when the settings, a global input or most anchors changed', async () => {
    const w = await given();
    await build(w);
    expect(await build(w, { top_suppliers: 1 })).toMatchObject({ mode: 'full', reason: expect.stringMatching(/configuration/) });
    await w.run(`insert into raw.registered_firms values ('E07000123', 'C', 12, null)`);
    expect(await build(w, { top_suppliers: 1 })).toMatchObject({ mode: 'full' });
    expect(await build(w, { top_suppliers: 1 })).toMatchObject({ mode: 'incremental', anchors: [] });
    for (const anchorId of ['anchor-a', 'anchor-b']) await loadFile(w, anchorId, `load-3-${anchorId}`, suppliers[anchorId] ?? []);
    expect(await build(w, { top_suppliers: 1 })).toMatchObject({ mode: 'full', reason: expect.stringMatching(/2 of 3 anchors/) });
  });

  it('does not record the build state of a build that failed, so the next build still sees the change', async () => {
    const w = await given();
    await build(w);
    await loadFile(w, 'anchor-c', 'load-2-anchor-c', [['Yorkshire Print', 61_00, 'LS1 1AA']]);
    // The process dies after the payments fact was updated, before the metrics and the state.
    const crash = (target: string) => {
      if (target === 'marts.fct_ap_payments') throw new Error('worker killed');
    };
    await expect(buildModels(w, anchors, { partnerships, geographies, onModel: crash })).rejects.toThrow(/worker killed/);
    const plan = await expectIncrementalEqualsFull(w);
    expect(plan).toMatchObject({ mode: 'incremental', anchors: ['anchor-c'] });
  });

  it('follows a full build killed half-way with a full one, not an incremental one that trusts half-built tables', async () => {
    const w = await given();
    await build(w);
    // `cwb refresh --full` with nothing changed, killed while the per-entity tables were being
    // rebuilt batch by batch: the ranking is left with some entities' rows only.
    const crash = (target: string) => {
      if (target === 'marts.fct_top_suppliers_ranked') throw new Error('worker killed');
    };
    await expect(buildModels(w, anchors, { partnerships, geographies, full: true, entityBatchPayments: 1, onModel: crash })).rejects.toThrow(/worker killed/);
    await w.run(`delete from marts.fct_top_suppliers_ranked where entity_id = 'anchor-a'`);
    const plan = await build(w);
    expect(plan).toMatchObject({ mode: 'full', reason: expect.stringMatching(/no complete build on record/) });
    const [row] = await w.all<{ n: bigint }>(`select count(*) as n from marts.fct_top_suppliers_ranked where entity_id = 'anchor-a'`);
    expect(Number(row?.n)).toBeGreaterThan(0);
    const afterRecovery = await everyModel(w);
    await build(w, {}, true);
    expect(afterRecovery).toEqual(await everyModel(w));
  });

  it('keeps every view and the config-only tables, and every table when no anchor changed, instead of recreating them', async () => {
    const w = await given();
    await build(w);
    const name = (m: (typeof models)[number]) => `${m.layer}.${m.name}`;
    const options = { partnerships, geographies };
    const unchanged = await buildModels(w, anchors, options);
    expect(unchanged.plan).toMatchObject({ mode: 'incremental', anchors: [] });
    expect(unchanged.kept).toEqual([...models.filter((m) => !m.incremental).map(name), 'metrics.workforce_indicators']);
    expect(unchanged.built).toEqual(models.filter((m) => m.incremental).map(name));

    await loadFile(w, 'anchor-a', 'load-2-anchor-a', [['ACME LTD', 999_00, 'PR1 1AA', '2016-05-01']]);
    const changed = await buildModels(w, anchors, options);
    expect(changed.plan).toMatchObject({ mode: 'incremental', anchors: ['anchor-a'] });
    const keptWhenAnAnchorChanged = (m: (typeof models)[number]) => m.materialized === 'view' || m.fromFingerprintOnly === true;
    expect(changed.kept).toEqual(models.filter(keptWhenAnAnchorChanged).map(name));
    expect(changed.kept).toEqual(expect.arrayContaining(['marts.dim_anchors', 'metrics.metric_definitions', 'metrics.share_in_place']));
    expect(changed.built).toEqual([...models.filter((m) => !keptWhenAnAnchorChanged(m)).map(name), 'metrics.workforce_indicators']);
    // A kept view reads the rebuilt tables: anchor A's one payment now.
    const [spend] = await w.all<{ total: number }>(`select sum(spend_gbp) as total from metrics.local_spend_by_financial_year where anchor_id = 'anchor-a'`);
    expect(Number(spend?.total)).toBe(999);
    const full = await everyModel(w);
    await build(w, {}, true);
    expect(full).toEqual(await everyModel(w));
  });

  it('publishes Parquet of the rebuilt anchors only and hard-links the unchanged ones from the previous version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cwb-incremental-parquet-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'warehouse.duckdb');
    const root = join(dir, 'parquet');
    const payments = (version: string) => join(root, version, 'marts', 'fct_ap_payments');
    const publish = async (runId: string, plan: BuildPlan) => {
      open?.close();
      open = null;
      await publishParquet(path, root, runId, {
        buildId: plan.buildId,
        ...(plan.mode === 'incremental' && plan.previousBuildId ? { incremental: { previousBuildId: plan.previousBuildId, anchors: plan.anchors } } : {}),
      });
      open = await openDatabase(path, { mode: 'read_write' });
      return open;
    };
    let w = await given(path);
    w = await publish('run-1', await build(w, {}, false, 'run-1'));
    await loadFile(w, 'anchor-a', 'load-2-anchor-a', [['ACME LTD', 999_00, 'PR1 1AA', '2016-05-01']]);
    const plan = await build(w, {}, false, 'run-2');
    expect(plan).toMatchObject({ mode: 'incremental', anchors: ['anchor-a'], previousBuildId: 'run-1' });
    w = await publish('run-2', plan);

    const inode = async (version: string, partition: string) => {
      const files = await readdir(join(payments(version), partition));
      return (await stat(join(payments(version), partition, files[0] ?? ''))).ino;
    };
    // anchor-c is unchanged: the same file (inode) in both versions; anchor-a was written again.
    expect(await inode('run-2', 'financial_year=2016-17/anchor_id=anchor-c')).toBe(await inode('run-1', 'financial_year=2016-17/anchor_id=anchor-c'));
    expect(await inode('run-2', 'financial_year=2016-17/anchor_id=anchor-a')).not.toBe(await inode('run-1', 'financial_year=2016-17/anchor_id=anchor-a'));
    // The published files hold exactly the warehouse's payments, per anchor and year.
    const totals = `select anchor_id, financial_year, count(*) as n, sum(amount_pence) as pence from {} group by all order by all`;
    const expected = await w.json(totals.replace('{}', 'marts.fct_ap_payments'));
    const published = await withDatabase(':memory:', { mode: 'read_write' }, (m) =>
      m.json(totals.replace('{}', `read_parquet('${join(root, 'current', 'marts', 'fct_ap_payments')}/**/*.parquet', hive_partitioning = true)`)),
    );
    expect(published.rows).toEqual(expected.rows);
    expect(expected.rows.find((r) => r.anchor_id === 'anchor-a')).toMatchObject({ n: '1', pence: '99900' });
    // A metric view is published from metrics.indicator_values: the same rows as the view.
    const view = join(root, 'current', 'metrics', 'share_in_place', 'share_in_place.parquet');
    const [difference] = await w.all<{ missing: bigint; extra: bigint; n: bigint }>(
      `select (select count(*) from (select * from metrics.share_in_place except all select * from read_parquet('${view}'))) as missing,
              (select count(*) from (select * from read_parquet('${view}') except all select * from metrics.share_in_place)) as extra,
              (select count(*) from metrics.share_in_place) as n`,
    );
    expect(difference).toMatchObject({ missing: 0n, extra: 0n });
    expect(Number(difference?.n)).toBeGreaterThan(0);

    // The per-entity tables are partitioned per entity; a partition whose rows did not
    // change is a link to the previous version's file (anchor-c's), one that did is written.
    const entityFile = async (version: string, relation: string, entity: string) => {
      const dir = join(root, version, ...relation.split('.'), 'period_type=financial_year', `entity_type=${entity.startsWith('anchor') ? 'anchor' : 'partnership'}`, `entity_id=${entity}`);
      const [file] = await readdir(dir);
      return (await stat(join(dir, file ?? ''))).ino;
    };
    const perEntity = ['marts.fct_top_suppliers_ranked', 'metrics.indicator_values'];
    for (const relation of perEntity) {
      expect(await entityFile('run-2', relation, 'anchor-c'), relation).toBe(await entityFile('run-1', relation, 'anchor-c'));
      expect(await entityFile('run-2', relation, 'anchor-a'), relation).not.toBe(await entityFile('run-1', relation, 'anchor-a'));
      expect(await publishedDifference(w, root, relation), relation).toEqual({ missing: 0, extra: 0 });
    }
    // The per-anchor tables likewise, per anchor.
    const anchorFile = async (version: string, relation: string, anchor: string) => {
      const dir = join(root, version, ...relation.split('.'), `anchor_id=${anchor}`);
      const [file] = await readdir(dir);
      return (await stat(join(dir, file ?? ''))).ino;
    };
    for (const relation of ['marts.fct_supplier_spend_by_anchor', 'marts.fct_supplier_ownership_spend']) {
      expect(await anchorFile('run-2', relation, 'anchor-c'), relation).toBe(await anchorFile('run-1', relation, 'anchor-c'));
      expect(await anchorFile('run-2', relation, 'anchor-a'), relation).not.toBe(await anchorFile('run-1', relation, 'anchor-a'));
      expect(await publishedDifference(w, root, relation), relation).toEqual({ missing: 0, extra: 0 });
    }
    // A partition's file carries its partition columns too, for readers that ignore folder names.
    const alone = await w.all<{ anchor_id: string }>(
      `select distinct anchor_id from read_parquet('${join(root, 'run-2', 'marts', 'fct_supplier_spend_by_anchor', 'anchor_id=anchor-c')}/*.parquet')`,
    );
    expect(alone).toEqual([{ anchor_id: 'anchor-c' }]);

    // Which partitions changed is compared, not taken from the build: a full build (a setting
    // changed) ranks one supplier per entity and period, so every entity paying two or more
    // changes, though no anchor's file did; the manifest's digests see it.
    const ranking = await build(w, { top_suppliers: 1 }, false, 'run-2c');
    expect(ranking).toMatchObject({ mode: 'full' });
    w = await publish('run-2c', ranking);
    expect(await entityFile('run-2c', 'marts.fct_top_suppliers_ranked', 'anchor-c')).not.toBe(await entityFile('run-2', 'marts.fct_top_suppliers_ranked', 'anchor-c'));
    for (const relation of perEntity) expect(await publishedDifference(w, root, relation), relation).toEqual({ missing: 0, extra: 0 });
    const [ranked] = await w.all<{ n: bigint }>(`select count(*) as n from marts.fct_top_suppliers_ranked where entity_id = 'anchor-c' and period_type = 'financial_year'`);
    expect(Number(ranked?.n)).toBe(1);

    // Nothing changed since run-2c: every file of the new version is a link to run-2c's.
    const nothing = await build(w, { top_suppliers: 1 }, false, 'run-2b');
    expect(nothing).toMatchObject({ mode: 'incremental', anchors: [] });
    w = await publish('run-2b', nothing);
    const metricFile = (version: string) => join(root, version, 'metrics', 'metric_definitions', 'metric_definitions.parquet');
    expect((await stat(metricFile('run-2b'))).ino).toBe((await stat(metricFile('run-2c'))).ino);
    expect(await inode('run-2b', 'financial_year=2016-17/anchor_id=anchor-a')).toBe(await inode('run-2c', 'financial_year=2016-17/anchor_id=anchor-a'));
    expect(JSON.parse(await readFile(join(root, 'current', '_cwb_build.json'), 'utf8'))).toMatchObject({ run_id: 'run-2b', build_id: 'run-2b' });

    // A version written before partitioned files carried their partition columns is never linked from.
    const manifestPath = join(root, 'run-2b', '_cwb_build.json');
    const { partition_columns_in_files, ...older } = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    expect(partition_columns_in_files).toBe(true);
    await writeFile(manifestPath, JSON.stringify(older));
    await loadFile(w, 'anchor-a', 'load-3-anchor-a', [['ACME LTD', 7_00, 'PR1 1AA', '2016-05-01']]);
    w = await publish('run-2d', await build(w, { top_suppliers: 1 }, false, 'run-2d'));
    expect(await inode('run-2d', 'financial_year=2016-17/anchor_id=anchor-c')).not.toBe(await inode('run-2b', 'financial_year=2016-17/anchor_id=anchor-c'));
    expect(await publishedDifference(w, root, 'marts.fct_ap_payments')).toEqual({ missing: 0, extra: 0 });

    // A version that is not the previous build's (a failed publish in between) is never reused.
    await loadFile(w, 'anchor-b', 'load-2-anchor-b', [['ACME LTD', 5_00, 'PR1 1AA']]);
    const skipped = await build(w, { top_suppliers: 1 }, false, 'run-3');
    await loadFile(w, 'anchor-b', 'load-3-anchor-b', [['ACME LTD', 6_00, 'PR1 1AA']]);
    w = await publish('run-4', await build(w, { top_suppliers: 1 }, false, 'run-4'));
    expect(skipped.mode).toBe('incremental');
    expect(await inode('run-4', 'financial_year=2016-17/anchor_id=anchor-c')).not.toBe(await inode('run-2d', 'financial_year=2016-17/anchor_id=anchor-c'));

    // Two of the three anchors changed: the partitions written are selected by the unchanged
    // ones (the shorter list), and anchor-c's are still links.
    await loadFile(w, 'anchor-a', 'load-4-anchor-a', [['ACME LTD', 8_00, 'PR1 1AA', '2016-05-01']]);
    await loadFile(w, 'anchor-b', 'load-4-anchor-b', [['ACME LTD', 9_00, 'PR1 1AA']]);
    w = await publish('run-5', await build(w, { top_suppliers: 1 }, false, 'run-5'));
    for (const relation of ['marts.fct_supplier_spend_by_anchor', 'marts.fct_supplier_ownership_spend']) {
      expect(await anchorFile('run-5', relation, 'anchor-c'), relation).toBe(await anchorFile('run-4', relation, 'anchor-c'));
      expect(await anchorFile('run-5', relation, 'anchor-b'), relation).not.toBe(await anchorFile('run-4', relation, 'anchor-b'));
      expect(await publishedDifference(w, root, relation), relation).toEqual({ missing: 0, extra: 0 });
    }
  });

  it('builds the per-entity tables in batches of entities with the same rows as in one statement', async () => {
    const w = await given();
    await build(w, {}, true);
    const whole = await everyModel(w);
    await buildModels(w, anchors, { partnerships, geographies, full: true, entityBatchPayments: 2 });
    expect(await everyModel(w)).toEqual(whole);
    const [ranked] = await w.all<{ entities: bigint }>('select count(distinct entity_id) as entities from marts.fct_top_suppliers_ranked');
    expect(Number(ranked?.entities)).toBe(4);
  });

  it('builds the per-anchor tables in batches of anchors, each reading its own anchors, with the same rows as in one statement', async () => {
    const w = await given();
    await build(w, {}, true);
    const whole = await everyModel(w);
    const built: string[] = [];
    await buildModels(w, anchors, { partnerships, geographies, full: true, anchorBatchPayments: 1, onModel: (target) => built.push(target) });
    expect(await everyModel(w)).toEqual(whole);
    expect(built).toContain('marts.fct_ap_payments');
    const [payments] = await w.all<{ anchors: bigint }>('select count(distinct anchor_id) as anchors from marts.fct_ap_payments');
    expect(Number(payments?.anchors)).toBe(3);
  });
});
