import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LoadedConfig } from '@cwb/config';
import { samplePath } from '@cwb/sample-data';
import { refreshPayload } from '@cwb/scheduler';
import { buildModels, models, withDatabase, type BuildOptions, type Warehouse } from '@cwb/warehouse';
import { anchorGeographies } from '@cwb/worker';
import { refreshConfig } from './config-refresh';

// Incremental metrics.indicator_values (issue 20, "models rebuilt only where rows changed"):
// the spend metrics are recomputed only for the entities with a changed anchor, each entity
// from all its member anchors. Three real ledgers (Calderdale, Barking and Dagenham CCG, the
// Royal Free) in two overlapping partnerships go through the real pipeline;
// then one anchor's rows change as a reload changes them (other rows, a new load_id) and the
// warehouse is built incrementally, then in full, with the options the build-models job uses.
// Calderdale changes: its own rows and calderdale-and-camden's (with the Royal Free) are
// recomputed; london (the Royal Free with Barking) reads the Royal Free's payments in the same
// pass but must keep its rows as they were.

const changed = 'calderdale-council';
let loaded: LoadedConfig;

beforeAll(async () => {
  ({ loaded } = await refreshConfig(
    inject('redisUrl'),
    'incremental-indicators',
    `version: 1
data_dir: data
reference:
  postcodes:
    - ${samplePath('geography/onspd_extract_postcodesio_seed_subset.csv')}
anchors:
  - id: royal-free
    name: Royal Free London NHS Foundation Trust
    type: nhs_trust
    home: { name: Camden, lad_codes: [E09000007] }
    sources:
      - path: ${samplePath('spending/nhs/royal_free_2020-q1_vat_numbers.csv')}
  - id: ${changed}
    name: Calderdale Metropolitan Borough Council
    type: council
    home: { name: Calderdale, lad_codes: [E08000033] }
    sources:
      - path: ${samplePath('spending/local_authority/calderdale_2022-08_odileeds_clean.csv')}
  - id: barking-dagenham-ccg
    name: NHS Barking and Dagenham CCG
    type: nhs_ccg
    home: { name: Barking and Dagenham, lad_codes: [E09000002] }
    sources:
      - path: ${samplePath('spending/nhs/nhs_barking_dagenham_ccg_2020-07_supplier_postcodes.csv')}
partnerships:
  - id: calderdale-and-camden
    name: Calderdale and the Royal Free
    anchors: [${changed}, royal-free]
  - id: london
    name: The Royal Free and Barking
    anchors: [royal-free, barking-dagenham-ccg]
`,
    async () => null,
  ));
}, 300_000);

afterAll(async () => {
  if (loaded) await rm(loaded.configDir, { recursive: true, force: true });
});

/** The build-models job's call (services/worker/src/processors/build-models.ts), from the refresh payload. */
async function build(w: Warehouse, full: boolean) {
  const payload = refreshPayload(loaded);
  const { geographies } = await anchorGeographies(payload.anchors, payload.reference_path);
  const options: BuildOptions = { partnerships: payload.partnerships ?? [], geographies, settings: payload.indicators ?? {}, full };
  return buildModels(w, payload.anchors, options);
}

const indicatorRows = (w: Warehouse) => w.json('select * from metrics.indicator_values order by all').then((r) => r.rows as Record<string, unknown>[]);

/** Every table model's rows, sorted (the views read them). */
async function everyTable(w: Warehouse): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const model of models.filter((m) => m.materialized === 'table')) out[model.name] = (await w.json(`select * from ${model.layer}.${model.name} order by all`)).rows;
  return out;
}

const ofEntity = (rows: Record<string, unknown>[], id: string) => rows.filter((r) => r.entity_id === id);

describe('incremental indicator values on real ledgers', () => {
  it('gives exactly what a full build gives after one anchor changes, recomputing only the entities that contain it', async () => {
    await withDatabase(loaded.paths.warehousePath, { mode: 'read_write' }, async (w) => {
      // the pipeline's build is on record with these options: nothing to rebuild
      expect((await build(w, false)).plan).toMatchObject({ mode: 'incremental', anchors: [] });
      const before = await indicatorRows(w);

      // a reload of Calderdale's file: a third of its payments gone, the rest doubled, a new load_id
      await w.run(`delete from raw.ap_transactions where anchor_id = $1 and source_line % 3 = 0`, [changed]);
      await w.run(`update raw.ap_transactions set amount_pence = amount_pence * 2, load_id = 'reload' where anchor_id = $1`, [changed]);
      await w.run(`update raw.source_files set load_id = 'reload' where anchor_id = $1`, [changed]);

      const incremental = await build(w, false);
      expect(incremental.plan).toMatchObject({ mode: 'incremental', anchors: [changed] });
      expect(incremental.built).toContain('metrics.indicator_values');
      const afterIncremental = await everyTable(w);
      const rows = afterIncremental.indicator_values as Record<string, unknown>[];
      // the change reached the changed anchor and its partnership; the other entities are as before
      expect(ofEntity(rows, changed)).not.toEqual(ofEntity(before, changed));
      expect(ofEntity(rows, 'calderdale-and-camden')).not.toEqual(ofEntity(before, 'calderdale-and-camden'));
      for (const id of ['royal-free', 'barking-dagenham-ccg', 'london']) {
        expect(ofEntity(rows, id).length).toBeGreaterThan(0);
        expect(ofEntity(rows, id)).toEqual(ofEntity(before, id));
      }

      const full = await build(w, true);
      expect(full.plan.mode).toBe('full');
      expect(afterIncremental).toEqual(await everyTable(w));
    });
  });
});
