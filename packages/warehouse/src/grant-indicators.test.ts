import { afterEach, describe, expect, it } from 'vitest';
import type { Anchor } from '@cwb/contracts';
import { buildModels, migrate, openDatabase, type AnchorGeography, type Warehouse } from './index';

// Given/expect tests of the grants metrics: four grants of one anchor, located by the data's
// postcode, by a matched recipient's registered office, or not at all; VCSE by the data or by
// supplier matching's organisation type.

const anchors: Anchor[] = [{ id: 'trafford-council', name: 'Trafford Council', type: 'council', home: { name: 'Trafford', lad_codes: ['E08000009'] }, sources: [] }];
const geographies: AnchorGeography[] = [{ anchor_id: 'trafford-council', band: 'home', place_name: 'Trafford', place_code: null, lad_code: 'E08000009' }];

let open: Warehouse | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

async function given(): Promise<Warehouse> {
  const w = await openDatabase(':memory:', { mode: 'read_write' });
  open = w;
  await migrate(w);
  const grants: [string, number, string | null, string | null, string | null, boolean | null, string][] = [
    // id, pence, company number, recipient postcode, programme, VCSE by the data, file
    ['g1', 100_00, null, 'M33 7DZ', 'VSG', true, 'a'], // postcode in Trafford: home
    ['g2', 200_00, '00000021', null, 'VSG', null, 'a'], // matched: VCSE by type, office in Manchester: elsewhere
    ['g3', 300_00, null, null, 'ING', null, 'a'], // nothing known
    ['g3', 300_00, null, null, 'ING', null, 'b'], // the same grant in a second file: counted once
  ];
  let line = 2;
  for (const [id, pence, company, postcode, programme, vcse, file] of grants) {
    await w.run(
      `insert into raw.grants (run_id, load_id, anchor_id, source_file_id, source_file, source_line, grant_id, amount_pence, award_date,
         programme_code, recipient_name, recipient_company_number, recipient_postcode, is_vcse)
       values ('r', 'l', 'trafford-council', $1, $1 || '.csv', $2, $3, $4, '2019-06-01', $5, 'Group ' || $3, $6, $7, $8)`,
      [file, line++, id, pence, programme, company, postcode, vcse],
    );
  }
  for (const [postcode, lad] of [['M33 7DZ', 'E08000009'], ['M1 1AA', 'E08000003']] as const) {
    await w.run(`insert into raw.postcode_locations (postcode, status, lad_code, located_at) values ($1, 'located', $2, current_timestamp)`, [postcode, lad]);
  }
  await w.run(
    `insert into raw.supplier_classifications (supplier_key, org_id, company_number, organisation_type, registered_postcode, match_method, match_confidence)
     values ('GB-COH-00000021', 'GB-COH-00000021', '00000021', 'vcse', 'M1 1AA', 'company_number', 0.99)`,
  );
  await buildModels(w, anchors, { geographies });
  return w;
}

describe('grants metrics', () => {
  it('counts a grant once, locates recipients by their postcode or matched office, and states the unknown share', async () => {
    const w = await given();
    const { rows } = await w.json(
      `select metric, category, value, numerator, denominator, coverage from metrics.indicators
       where metric like 'grants_%' and period = '2019-20' order by metric, category`,
    );
    expect(rows).toEqual([
      { metric: 'grants_awarded', category: 'all', value: 600, numerator: 600, denominator: null, coverage: null },
      { metric: 'grants_awarded_by_programme', category: 'ING', value: 300, numerator: 300, denominator: 600, coverage: null },
      { metric: 'grants_awarded_by_programme', category: 'VSG', value: 300, numerator: 300, denominator: 600, coverage: null },
      { metric: 'grants_by_recipient_kind', category: 'not_given', value: 600, numerator: 600, denominator: 600, coverage: null },
      { metric: 'grants_count', category: 'all', value: 3, numerator: 3, denominator: null, coverage: null },
      { metric: 'grants_share_by_recipient_place', category: 'elsewhere', value: 0.333333, numerator: 200, denominator: 600, coverage: 0.5 },
      { metric: 'grants_share_by_recipient_place', category: 'home', value: 0.166667, numerator: 100, denominator: 600, coverage: 0.5 },
      { metric: 'grants_share_by_recipient_place', category: 'unknown', value: 0.5, numerator: 300, denominator: 600, coverage: 0.5 },
      { metric: 'grants_share_vcse', category: 'all', value: 0.5, numerator: 300, denominator: 600, coverage: 0.5 },
    ]);
    const { rows: facts } = await w.json('select grant_id, recipient_location_method, recipient_location_band, is_vcse from marts.fct_grants order by grant_id');
    expect(facts).toEqual([
      { grant_id: 'g1', recipient_location_method: 'grants_data', recipient_location_band: 'home', is_vcse: true },
      { grant_id: 'g2', recipient_location_method: 'registered_office', recipient_location_band: 'elsewhere', is_vcse: true },
      { grant_id: 'g3', recipient_location_method: null, recipient_location_band: 'unknown', is_vcse: null },
    ]);
  });
});
